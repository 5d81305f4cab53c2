import { CUBIC_ZONES, type ZoneAxis } from '@sadp/lattice-labels';

/** A zone axis [uvw]. */
export type Zone = ZoneAxis;

/**
 * The default zone list of a dataset: the paper's 16 lowest-index zone axes of the cubic standard triangle,
 * `CUBIC_ZONES` of `@sadp/lattice-labels` (the registry's zone order).
 */
export const DEFAULT_ZONES: readonly Zone[] = CUBIC_ZONES;

/**
 * The file-name form of a zone axis: `[0, 1, 3]` → `"013"`; indices outside 0–9 are joined with `_`:
 * `[-1, 1, 10]` → `"-1_1_10"`. (For display, `@sadp/lattice-labels` `formatZoneAxis` writes `"[013]"`.)
 */
export function zoneFileName(zone: Zone): string {
  return zone.every((n) => n >= 0 && n <= 9) ? zone.join('') : zone.join('_');
}

/**
 * @deprecated Use {@link zoneFileName} (renamed: `@sadp/lattice-labels` had a `zoneName` that writes `"[013]"`).
 */
export const zoneName: (zone: Zone) => string = zoneFileName;
