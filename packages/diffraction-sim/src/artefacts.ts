/**
 * Specimen and lens effects on a spot list (`ArtefactSettings`): per-reflection intensity jitter, double
 * diffraction and elliptical distortion. Deterministic in the settings' seed.
 *
 * @packageDocumentation
 */
import { SeededRandom } from '@sadp/raster';
import type { ResolvedSettings } from './settings';
import type { SpotList } from './spot-list';

/** Diffracted beams considered as parents of double-diffraction spots (the strongest ones), bounding the pairs. */
const DOUBLE_DIFFRACTION_PARENTS = 48;

/** Seed offset so that the artefacts draw other numbers than the detector noise of the same seed. */
const ARTEFACT_STREAM = 0x5bd1e995;

/**
 * Applies `s.artefacts` to `spots` and returns a new list (the input when every artefact is off). Double-diffraction
 * spots are appended with h, k, l = g₁ + g₂ and the excitation error of the weaker parent; intensities stay
 * relative to the brightest diffracted beam of the kinematic list, so the direct beam keeps its given level.
 */
export function applyArtefacts(spots: SpotList, s: ResolvedSettings): SpotList {
  const { intensityJitter, doubleDiffraction, ellipticity } = s.artefacts;
  if (intensityJitter === 0 && doubleDiffraction === 0 && ellipticity === 0) return spots;
  let out =
    doubleDiffraction > 0
      ? withDoubleDiffraction(spots, s, doubleDiffraction)
      : copySpots(spots, spots.count);
  if (intensityJitter > 0) {
    const rng = new SeededRandom(s.seed ^ ARTEFACT_STREAM);
    for (let i = 0; i < out.count; i++) {
      if (isDirectBeam(out, i)) continue;
      out.intensity[i]! *= Math.exp(intensityJitter * rng.normal());
    }
  }
  if (ellipticity > 0) out = distort(out, s);
  return out;
}

function isDirectBeam(spots: SpotList, i: number): boolean {
  return spots.h[i] === 0 && spots.k[i] === 0 && spots.l[i] === 0;
}

/** A copy of the first `count` spots in lists of length `capacity`. */
function copySpots(spots: SpotList, capacity: number): SpotList {
  const grow = <T extends Int32Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(capacity);
    b.set(a.subarray(0, Math.min(spots.count, capacity)));
    return b;
  };
  return {
    count: spots.count,
    h: grow(spots.h),
    k: grow(spots.k),
    l: grow(spots.l),
    gx: grow(spots.gx),
    gy: grow(spots.gy),
    g: grow(spots.g),
    d: grow(spots.d),
    x: grow(spots.x),
    y: grow(spots.y),
    excitationError: grow(spots.excitationError),
    laueZone: grow(spots.laueZone),
    intensity: grow(spots.intensity),
  };
}

/**
 * Adds g₁ + g₂ for every pair of the strongest zero-order beams whose sum is not already a spot and lies within
 * `maxG`, at strength × √(I₁ I₂) (the largest over the pairs that reach it).
 */
function withDoubleDiffraction(spots: SpotList, s: ResolvedSettings, strength: number): SpotList {
  const parents: number[] = [];
  for (let i = 0; i < spots.count; i++)
    if (!isDirectBeam(spots, i) && spots.laueZone[i] === 0) parents.push(i);
  parents.sort((a, b) => spots.intensity[b]! - spots.intensity[a]!);
  parents.length = Math.min(parents.length, DOUBLE_DIFFRACTION_PARENTS);
  const key = (h: number, k: number, l: number) => `${h},${k},${l}`;
  const present = new Set<string>();
  for (let i = 0; i < spots.count; i++) present.add(key(spots.h[i]!, spots.k[i]!, spots.l[i]!));
  const added = new Map<string, { i: number; j: number; intensity: number }>();
  const limit2 = s.maxG * s.maxG;
  for (let a = 0; a < parents.length; a++) {
    const i = parents[a]!;
    for (let b = a + 1; b < parents.length; b++) {
      const j = parents[b]!;
      const h = spots.h[i]! + spots.h[j]!;
      const k = spots.k[i]! + spots.k[j]!;
      const l = spots.l[i]! + spots.l[j]!;
      if (h === 0 && k === 0 && l === 0) continue;
      const name = key(h, k, l);
      if (present.has(name)) continue;
      const gx = spots.gx[i]! + spots.gx[j]!;
      const gy = spots.gy[i]! + spots.gy[j]!;
      if (gx * gx + gy * gy > limit2) continue;
      const intensity = strength * Math.sqrt(spots.intensity[i]! * spots.intensity[j]!);
      const seen = added.get(name);
      if (!seen || seen.intensity < intensity) added.set(name, { i, j, intensity });
    }
  }
  const out = copySpots(spots, spots.count + added.size);
  const [cx, cy] = s.center;
  const inv = 1 / s.calibration;
  let o = spots.count;
  for (const { i, j, intensity } of added.values()) {
    out.h[o] = spots.h[i]! + spots.h[j]!;
    out.k[o] = spots.k[i]! + spots.k[j]!;
    out.l[o] = spots.l[i]! + spots.l[j]!;
    out.gx[o] = spots.gx[i]! + spots.gx[j]!;
    out.gy[o] = spots.gy[i]! + spots.gy[j]!;
    out.g[o] = Math.hypot(out.gx[o]!, out.gy[o]!);
    out.d[o] = 1 / out.g[o]!;
    out.x[o] = cx + out.gx[o]! * inv;
    out.y[o] = cy - out.gy[o]! * inv;
    const weaker = spots.intensity[i]! < spots.intensity[j]! ? i : j;
    out.excitationError[o] = spots.excitationError[weaker]!;
    out.laueZone[o] = 0;
    out.intensity[o] = intensity;
    o++;
  }
  out.count = o;
  return out;
}

/** Stretches detector positions about the beam by 1 ± ellipticity/2 along the ellipse's axes (g is unchanged). */
function distort(spots: SpotList, s: ResolvedSettings): SpotList {
  const { ellipticity, ellipseAngle } = s.artefacts;
  const t = (ellipseAngle * Math.PI) / 180;
  const c = Math.cos(t);
  const sn = Math.sin(t);
  const major = 1 + ellipticity / 2;
  const minor = 1 - ellipticity / 2;
  const [cx, cy] = s.center;
  for (let i = 0; i < spots.count; i++) {
    const dx = spots.x[i]! - cx;
    const dy = cy - spots.y[i]!;
    const u = (c * dx + sn * dy) * major;
    const v = (-sn * dx + c * dy) * minor;
    spots.x[i] = cx + c * u - sn * v;
    spots.y[i] = cy - (sn * u + c * v);
  }
  return spots;
}
