import { formatZoneAxis } from '@sadp/diffraction-sim';
import type { ZoneAxis } from './registry-types';

/**
 * The 16 zone axes of the cubic standard triangle used by Ra et al. (0 ≤ u ≤ v ≤ w, gcd 1), ordered by
 * u² + v² + w² and then as listed in the paper's digest:
 * [001] [011] [111] [012] [112] [122] [013] [113] [023] [123] [223] [014] [114] [133] [124] [233].
 */
export const CUBIC_ZONES: readonly ZoneAxis[] = Object.freeze([
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
] as const satisfies readonly ZoneAxis[]);

/**
 * `"[013]"`-style name of a zone axis (negative indices written with a leading minus, e.g. `"[1-10]"`).
 *
 * @deprecated Use {@link formatZoneAxis}, which also separates indices above 9 (`[1,2,10]`).
 */
export const zoneName: (zone: ZoneAxis) => string = formatZoneAxis;
