import type { Cell } from '@sadp/cif';
import { mat3, quat, vec3 } from 'gl-matrix';
import { DiffractionSimError } from './errors';
import { directBasis, reciprocalBasis } from './lattice';

const DEG = Math.PI / 180;

/**
 * Rotation (column-major 3×3, gl-matrix layout) from the crystal's Cartesian frame (see {@link directBasis})
 * to the detector frame for zone axis [uvw]:
 *
 * - +z is the zone axis direction t = u·a + v·b + w·c, pointing toward the electron source (the beam travels
 *   along −z), so the image is seen with the zone axis pointing at the viewer;
 * - +x (image right) is the projection onto the zone plane of the reciprocal basis vector a*, b* or c* that
 *   is most nearly perpendicular to the beam (ties go to the first in the order a*, b*, c*). For cubic
 *   crystals this puts [100] along +x for [001], [011], [012], [013], …, and [2 −1 −1] for [111];
 * - +y (image up) = z × x, a right-handed frame.
 *
 * Then the optional extra rotations are applied to the crystal: `tilt` = [θx, θy] degrees about the
 * detector x then y axes, followed by `rotation` degrees about z (counter-clockwise on the image).
 * Writes into `out` and returns it.
 */
export function zoneOrientation(
  cell: Cell,
  zone: readonly [number, number, number],
  rotation = 0,
  tilt: readonly [number, number] = [0, 0],
  out: Float64Array = new Float64Array(9),
): Float64Array {
  const frame = zoneFrame(cell, zone, new Float64Array(9));
  const extra = inPlaneAndTilt(rotation, tilt, new Float64Array(9));
  return mat3.multiply(out, extra, frame) as Float64Array;
}

/** The zone frame alone (no extra rotation or tilt); see {@link zoneOrientation}. */
export function zoneFrame(
  cell: Cell,
  zone: readonly [number, number, number],
  out: Float64Array,
): Float64Array {
  const a = directBasis(cell);
  const b = reciprocalBasis(cell);
  const z = new Float64Array(3);
  vec3.transformMat3(z, zone as unknown as Float64Array, a);
  const len = vec3.length(z);
  if (!(len > 0))
    throw new DiffractionSimError('E_SIM_BAD_ZONE', `zone axis [${zone.join(' ')}] has zero length`);
  vec3.scale(z, z, 1 / len);
  const r = new Float64Array(3);
  const best = new Float64Array(3);
  let bestCos = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    r[0] = b[3 * i]!;
    r[1] = b[3 * i + 1]!;
    r[2] = b[3 * i + 2]!;
    const c = Math.abs(vec3.dot(r, z)) / vec3.length(r);
    if (c < bestCos - 1e-9) {
      bestCos = c;
      vec3.copy(best, r);
    }
  }
  const x = new Float64Array(3);
  vec3.scaleAndAdd(x, best, z, -vec3.dot(best, z));
  vec3.normalize(x, x);
  const y = new Float64Array(3);
  vec3.cross(y, z, x);
  // Rows x, y, z (column-major storage).
  out[0] = x[0]!;
  out[3] = x[1]!;
  out[6] = x[2]!;
  out[1] = y[0]!;
  out[4] = y[1]!;
  out[7] = y[2]!;
  out[2] = z[0]!;
  out[5] = z[1]!;
  out[8] = z[2]!;
  return out;
}

/** Rz(rotation) · Ry(tilt[1]) · Rx(tilt[0]) in the detector frame, degrees. Writes into `out`. */
export function inPlaneAndTilt(
  rotation: number,
  tilt: readonly [number, number],
  out: Float64Array,
): Float64Array {
  const q = new Float64Array(4);
  const t = new Float64Array(4);
  quat.setAxisAngle(q, [0, 0, 1], rotation * DEG);
  quat.setAxisAngle(t, [0, 1, 0], tilt[1] * DEG);
  quat.multiply(q, q, t);
  quat.setAxisAngle(t, [1, 0, 0], tilt[0] * DEG);
  quat.multiply(q, q, t);
  return mat3.fromQuat(out, q) as Float64Array;
}
