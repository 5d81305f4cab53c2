/**
 * Which reflections of a foreign pattern a viewer could see, and the lattice they make: patterns whose visible
 * reflections make another lattice than the kinematic list (weak reflections below the display's levels, spots
 * merged with their neighbours or the beam) cannot be read from the image alone.
 *
 * @packageDocumentation
 */
import { cubicRegistry, labelFromSpots, labelsOfPair } from '@sadp/lattice-labels';
import { type ForeignCrystal, type ForeignPattern, projectZone, TRAINING_SIGMA } from './render';

/** Display level (0–1) below which a reflection counts as not seen: 3 grey levels of 8 bits. */
export const MIN_LEVEL = 3 / 255;

/**
 * Whether a reflection stands out of the shot and read noise (Rose criterion): its counts within σ of its centre at
 * least 5 × the noise of everything there (its own counts, background and halo, 1 count² of read noise per pixel).
 * Always true without noise.
 */
export function aboveNoise(d: ForeignPattern['drawn'][number], sigma: number): boolean {
  if (d.counts === undefined) return true;
  const area = Math.PI * sigma * sigma;
  const signal = d.counts * 2 * area * (1 - Math.exp(-0.5));
  return signal >= 5 * Math.sqrt(signal + ((d.background ?? 0) + 1) * area);
}

/**
 * The label of a spot list, or null when no registry label fits it, or (with `unique`) when another label of the
 * same shape explains the spots as well: absence sub-groups that differ only at nodes outside the spots' field, or
 * at nodes whose reflections are too weak to see, cannot be told apart by looking.
 */
function spotListLabel(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  intensity: ArrayLike<number>,
  center: [number, number],
  options: { yUp?: boolean; unique?: boolean } = {},
): string | null {
  try {
    const fit = labelFromSpots(
      { x: Float64Array.from(x), y: Float64Array.from(y), intensity: Float64Array.from(intensity) },
      { center, ...(options.yUp ? { yAxis: 'up' as const } : {}) },
    );
    const [first, second] = fit.ranking;
    const tied =
      first !== undefined &&
      second !== undefined &&
      second.cost <= first.cost + 1e-9 &&
      second.shapeDistance <= first.shapeDistance + 1e-9;
    return options.unique && tied ? null : fit.label;
  } catch {
    return null;
  }
}

/**
 * The registry label of a zone from pymatgen's exact spot list (every listed reflection, however weak), when it is
 * one the crystal's group allows there: the label a pattern is scored against; `null` otherwise.
 */
export function kinematicLabel(crystal: ForeignCrystal, zone: string): string | null {
  const s = projectZone(crystal, zone);
  const label = spotListLabel(s.u, s.v, s.intensity, [0, 0], { yUp: true });
  const allowed = labelsOfPair(
    cubicRegistry,
    crystal.spaceGroup,
    [...zone].map(Number) as [number, number, number],
  );
  return label !== null && allowed.includes(label) ? label : null;
}

/**
 * The label of the reflections a viewer could see in `pattern`: drawn at `minLevel` or more (after the beam
 * stop's shadow), inside the field, above the noise ({@link aboveNoise}) and resolved (no other drawn spot of at
 * least a third of its level within 2σ, where two equal Gaussian spots merge into one peak, nor the direct beam);
 * `null` when those reflections fit two labels equally well (see `spotListLabel`).
 */
export function visibleLabel(pattern: ForeignPattern, minLevel: number): string | null {
  const sigma = TRAINING_SIGMA * pattern.conventions.sigmaFactor;
  const resolved = (d: ForeignPattern['drawn'][number]) =>
    !pattern.drawn.some(
      (o) => o !== d && o.level >= d.level / 3 && Math.hypot(o.x - d.x, o.y - d.y) < 2 * sigma,
    ) && Math.hypot(d.x - pattern.centre[0], d.y - pattern.centre[1]) >= 2 * sigma;
  const seen = pattern.drawn.filter(
    (d) =>
      !d.double &&
      d.level >= minLevel &&
      aboveNoise(d, sigma) &&
      d.x >= 0 &&
      d.y >= 0 &&
      d.x <= pattern.width - 1 &&
      d.y <= pattern.height - 1 &&
      resolved(d),
  );
  return spotListLabel(
    seen.map((d) => d.x),
    seen.map((d) => d.y),
    seen.map((d) => d.level),
    pattern.centre,
    { unique: true },
  );
}
