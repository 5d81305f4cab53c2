/** A zone axis [uvw]. */
export type Zone = readonly [number, number, number];

/**
 * The 16 lowest-index zone axes of the cubic standard triangle (0 ≤ u ≤ v ≤ w, gcd 1) ordered by
 * u² + v² + w², as used by the paper: the default zone list of a dataset.
 */
export const DEFAULT_ZONES: readonly Zone[] = Object.freeze([
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
  [0, 1, 2],
  [1, 1, 2],
  [1, 2, 2],
  [0, 1, 3],
  [1, 1, 3],
  [0, 2, 3],
  [1, 2, 3],
  [2, 2, 3],
  [0, 1, 4],
  [1, 1, 4],
  [1, 3, 3],
  [1, 2, 4],
  [2, 3, 3],
] as const satisfies readonly Zone[]);

/** `[0, 1, 3]` → `"013"`; indices outside 0–9 are joined with `_`: `[-1, 1, 10]` → `"-1_1_10"`. */
export function zoneName(zone: Zone): string {
  return zone.every((n) => n >= 0 && n <= 9) ? zone.join('') : zone.join('_');
}
