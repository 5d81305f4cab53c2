import type { Cell } from '@sadp/cif';
import { mat3 } from 'gl-matrix';
import { DiffractionSimError } from './errors';

const DEG = Math.PI / 180;

/**
 * Direct lattice basis in Cartesian ångström as a column-major 3×3 matrix (gl-matrix layout):
 * columns a, b, c with a along x and b in the xy plane (the usual crystallographic convention).
 * Writes into `out` (9 numbers) and returns it.
 */
export function directBasis(cell: Cell, out: Float64Array = new Float64Array(9)): Float64Array {
  const { a, b, c } = cell;
  const ca = Math.cos(cell.alpha * DEG);
  const cb = Math.cos(cell.beta * DEG);
  const cg = Math.cos(cell.gamma * DEG);
  const sg = Math.sin(cell.gamma * DEG);
  const cy = (ca - cb * cg) / sg;
  const cz2 = 1 - cb * cb - cy * cy;
  if (!(a > 0 && b > 0 && c > 0) || !(sg > 1e-9) || !(cz2 > 1e-12)) {
    throw new DiffractionSimError(
      'E_SIM_BAD_STRUCTURE',
      `degenerate unit cell a=${a} b=${b} c=${c} alpha=${cell.alpha} beta=${cell.beta} gamma=${cell.gamma}`,
    );
  }
  out[0] = a;
  out[1] = 0;
  out[2] = 0;
  out[3] = b * cg;
  out[4] = b * sg;
  out[5] = 0;
  out[6] = c * cb;
  out[7] = c * cy;
  out[8] = c * Math.sqrt(cz2);
  return out;
}

/**
 * Reciprocal lattice basis (crystallographic convention, no 2π: a·a* = 1) in Cartesian Å⁻¹ as a
 * column-major 3×3 matrix with columns a*, b*, c*, so that g = B · (h, k, l). Writes into `out`.
 */
export function reciprocalBasis(cell: Cell, out: Float64Array = new Float64Array(9)): Float64Array {
  const direct = directBasis(cell);
  mat3.invert(out, direct);
  mat3.transpose(out, out);
  return out;
}
