import type { Structure } from '@sadp/cif';
import { applyArtefacts } from './artefacts';
import type { WorkLimits } from './limits';
import { renderSpots } from './render';
import { type ResolvedSettings, resolveSettings, type SimulationSettings } from './settings';
import { type SpotList, spotListResolved } from './spot-list';

/** A simulated diffraction pattern: resolved settings, spots and the rendered image. */
export interface Pattern {
  /** Settings with defaults filled in, including `wavelength` (Å) and `calibration` (Å⁻¹/px). */
  settings: ResolvedSettings;
  spots: SpotList;
  /** size×size greyscale, row-major, row 0 at the top, values 0..1. */
  image: Float32Array;
  /** Image side in pixels. */
  size: number;
}

/** Options of {@link simulate}: a reusable image buffer and the work limits of {@link spotList}. */
export interface SimulateOptions extends WorkLimits {
  /** Reusable output buffer of size² floats. */
  image?: Float32Array;
}

/**
 * Simulates a selected-area electron diffraction pattern: {@link spotList}, the specimen and lens artefacts of
 * `settings.artefacts` (off by default), then {@link renderSpots}.
 *
 * @param options.image - optional reusable output buffer of size² floats.
 *
 * @example
 * const pattern = simulate(si, { zone: [0, 1, 1], voltage: 200e3, cameraLength: 300 });
 * pattern.image; // Float32Array(256 * 256)
 */
export function simulate(
  structure: Structure,
  settings: SimulationSettings,
  options: SimulateOptions = {},
): Pattern {
  const resolved = resolveSettings(settings);
  const spots = applyArtefacts(spotListResolved(structure, resolved, options), resolved);
  const image = renderSpots(spots, resolved, options.image);
  return { settings: resolved, spots, image, size: resolved.size };
}
