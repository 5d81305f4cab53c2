/**
 * The zero-order Laue zone (ZOLZ) of a zone axis: the plane of reciprocal-lattice vectors hkl with
 * h·u + k·v + l·w = 0, its integer basis and its metric.
 *
 * @packageDocumentation
 */
import type { Cell } from '@sadp/cif';
import { gcd } from '@sadp/diffraction-sim';
import { LatticeLabelError } from './errors';
import type { ZoneAxis } from './registry-types';

const DEG = Math.PI / 180;

/**
 * Reciprocal metric tensor G* = G⁻¹ (Å⁻², row-major 3×3) of a cell, so that |g|² = hᵀ G* h for g = hkl.
 *
 * @throws {@link LatticeLabelError} `E_LABEL_CELL` for a degenerate cell.
 */
export function reciprocalMetric(cell: Cell, out: Float64Array = new Float64Array(9)): Float64Array {
  const { a, b, c } = cell;
  const ca = Math.cos(cell.alpha * DEG);
  const cb = Math.cos(cell.beta * DEG);
  const cg = Math.cos(cell.gamma * DEG);
  const g00 = a * a;
  const g11 = b * b;
  const g22 = c * c;
  const g01 = a * b * cg;
  const g02 = a * c * cb;
  const g12 = b * c * ca;
  // Cofactors of the symmetric direct metric.
  const c00 = g11 * g22 - g12 * g12;
  const c01 = g02 * g12 - g01 * g22;
  const c02 = g01 * g12 - g02 * g11;
  const c11 = g00 * g22 - g02 * g02;
  const c12 = g01 * g02 - g00 * g12;
  const c22 = g00 * g11 - g01 * g01;
  const det = g00 * c00 + g01 * c01 + g02 * c02;
  if (!(det > 1e-12 * g00 * g11 * g22) || !Number.isFinite(det)) {
    throw new LatticeLabelError('E_LABEL_CELL', `degenerate cell (V² = ${det})`);
  }
  out[0] = c00 / det;
  out[1] = c01 / det;
  out[2] = c02 / det;
  out[3] = c01 / det;
  out[4] = c11 / det;
  out[5] = c12 / det;
  out[6] = c02 / det;
  out[7] = c12 / det;
  out[8] = c22 / det;
  return out;
}

/** Validates a zone axis and divides it by the gcd of its components. */
export function primitiveZone(zone: ZoneAxis): [number, number, number] {
  const [u, v, w] = zone;
  if (!Number.isInteger(u) || !Number.isInteger(v) || !Number.isInteger(w)) {
    throw new LatticeLabelError('E_LABEL_ZONE', `zone axis must be integer, got [${zone.join(', ')}]`);
  }
  const g = gcd(gcd(u, v), w);
  if (g === 0) throw new LatticeLabelError('E_LABEL_ZONE', 'zone axis [000] has no direction');
  const m = Math.max(Math.abs(u), Math.abs(v), Math.abs(w)) / g;
  if (m > 60)
    throw new LatticeLabelError('E_LABEL_ZONE', `zone axis [${zone.join(' ')}] has indices above 60`);
  return [u / g, v / g, w / g];
}

/** The shortest (first found, in h, k, l order) integer vector with |h|, |k|, |l| ≤ m that `accept`s; 0 0 0 if none. */
function shortestInBox(
  m: number,
  accept: (h: number, k: number, l: number) => boolean,
): [number, number, number] {
  let best = Number.POSITIVE_INFINITY;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let h = -m; h <= m; h++) {
    for (let k = -m; k <= m; k++) {
      for (let l = -m; l <= m; l++) {
        if (!accept(h, k, l)) continue;
        const n2 = h * h + k * k + l * l;
        if (n2 < best) {
          best = n2;
          b0 = h;
          b1 = k;
          b2 = l;
        }
      }
    }
  }
  return [b0, b1, b2];
}

/**
 * An integer basis (p, q) of the ZOLZ plane {hkl : hu + kv + lw = 0} of zone [uvw], 6 integers
 * `p0 p1 p2 q0 q1 q2`. It spans every integer hkl of the plane (primitive: p × q = [uvw]/gcd), and is
 * oriented so that p × q points along +[uvw]: viewed with the zone axis towards the viewer, q lies
 * counter-clockwise from p. The basis is the shortest in index space; reduce it with the cell's metric
 * before reading shapes.
 *
 * @throws {@link LatticeLabelError} `E_LABEL_ZONE` for a zero, non-integer or very high-index zone.
 */
export function zonePlaneBasis(zone: ZoneAxis, out: Int32Array = new Int32Array(6)): Int32Array {
  const [u, v, w] = primitiveZone(zone);
  const norm = Math.sqrt(u * u + v * v + w * w);
  // A Minkowski-reduced basis of this 2D lattice (determinant |uvw|) has vectors no longer than
  // (2/√3)·|uvw|, so this box contains one.
  const m = Math.ceil(1.1548 * norm) + 1;
  const [p0, p1, p2] = shortestInBox(
    m,
    (h, k, l) => h * u + k * v + l * w === 0 && (h !== 0 || k !== 0 || l !== 0),
  );
  const [q0, q1, q2] = shortestInBox(
    m,
    (h, k, l) => p1 * l - p2 * k === u && p2 * h - p0 * l === v && p0 * k - p1 * h === w,
  );
  out[0] = p0;
  out[1] = p1;
  out[2] = p2;
  out[3] = q0;
  out[4] = q1;
  out[5] = q2;
  return out;
}

/** Scalar product gᵢ·gⱼ (Å⁻²) of two reflections under a reciprocal metric. */
export function metricDot(
  gStar: Readonly<ArrayLike<number>>,
  h0: number,
  k0: number,
  l0: number,
  h1: number,
  k1: number,
  l1: number,
): number {
  return (
    h0 * (gStar[0]! * h1 + gStar[1]! * k1 + gStar[2]! * l1) +
    k0 * (gStar[3]! * h1 + gStar[4]! * k1 + gStar[5]! * l1) +
    l0 * (gStar[6]! * h1 + gStar[7]! * k1 + gStar[8]! * l1)
  );
}
