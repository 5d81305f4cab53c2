/**
 * Matching a zone axis to the registry's list, up to the symmetry that makes zone axes equivalent.
 *
 * @packageDocumentation
 */
import { reduceZoneAxis, type ZoneAxis } from '@sadp/lattice-labels';

/** The six permutations of (u, v, w) as index triples; the first three are the cyclic ones. */
const PERMUTATIONS: readonly (readonly [number, number, number])[] = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [1, 0, 2],
  [0, 2, 1],
  [2, 1, 0],
];

/**
 * The zone axis divided by the greatest common divisor of its indices.
 *
 * @deprecated Use `reduceZoneAxis` of `@sadp/lattice-labels` (the same function).
 */
export const reduceZone: (zone: ZoneAxis) => ZoneAxis = reduceZoneAxis;

/**
 * Which zone axes count as the same for a set of space groups: `'m-3m'` (groups 207–230: any permutation and
 * sign change), `'m-3'` (all groups cubic, some in 195–206: cyclic permutations and sign changes), otherwise
 * `'friedel'` ([uvw] and [−u −v −w] only, which give the same kinematic pattern).
 */
export type ZoneEquivalence = 'm-3m' | 'm-3' | 'friedel';

/** The {@link ZoneEquivalence} that holds for every group in `spaceGroups`. */
export function zoneEquivalence(spaceGroups: readonly number[]): ZoneEquivalence {
  if (spaceGroups.length > 0 && spaceGroups.every((g) => g >= 207 && g <= 230)) return 'm-3m';
  if (spaceGroups.length > 0 && spaceGroups.every((g) => g >= 195 && g <= 230)) return 'm-3';
  return 'friedel';
}

function sameZone(a: ZoneAxis, b: ZoneAxis): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/**
 * Index of `zone` in `zones` (both reduced by their common divisor), trying the exact form first and then its
 * symmetry equivalents under `equivalence`; -1 when nothing matches.
 *
 * @throws RangeError when `zone` is not three integers or is [0, 0, 0].
 */
export function findZone(zone: ZoneAxis, zones: readonly ZoneAxis[], equivalence: ZoneEquivalence): number {
  const z = reduceZoneAxis(zone);
  const reduced = zones.map(reduceZoneAxis);
  const exact = reduced.findIndex((r) => sameZone(r, z));
  if (exact >= 0) return exact;
  const permutations = equivalence === 'm-3m' ? 6 : equivalence === 'm-3' ? 3 : 1;
  for (let p = 0; p < permutations; p++) {
    const [i, j, k] = PERMUTATIONS[p]!;
    for (let signs = 0; signs < 8; signs++) {
      // Friedel: only the identity and the full inversion.
      if (equivalence === 'friedel' && signs !== 0 && signs !== 7) continue;
      const candidate: ZoneAxis = [
        (signs & 1 ? -1 : 1) * z[i]! + 0,
        (signs & 2 ? -1 : 1) * z[j]! + 0,
        (signs & 4 ? -1 : 1) * z[k]! + 0,
      ];
      const found = reduced.findIndex((r) => sameZone(r, candidate));
      if (found >= 0) return found;
    }
  }
  return -1;
}
