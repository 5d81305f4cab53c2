import type { Structure } from '@sadp/cif';
import { DiffractionSimError } from './errors';
import { directBasis, reciprocalBasis } from './lattice';
import { limits, type WorkLimits } from './limits';
import { inPlaneAndTilt, zoneFrame } from './orientation';
import {
  type ResolvedSettings,
  resolveSettings,
  type ShapeFunction,
  type SimulationSettings,
} from './settings';
import { prepareAtoms, structureFactorsInto } from './structure-factor';
import { reduceZoneAxis, type ZoneAxis } from './zone-axis';

/**
 * Diffraction spots as columns; index i of every column describes one reflection. Sorted by |g| (then h, k, l);
 * the direct beam, when requested with `directBeam`, comes first with h = k = l = 0.
 */
export interface SpotList {
  count: number;
  h: Int32Array;
  k: Int32Array;
  l: Int32Array;
  /** g in the detector frame, Å⁻¹ (+x image right, +y image up). */
  gx: Float64Array;
  gy: Float64Array;
  /** |g| = 1/d in Å⁻¹ (3-D length, including any component along the beam). */
  g: Float64Array;
  /** d-spacing in Å (∞ for the direct beam). */
  d: Float64Array;
  /** Detector position in pixels, sub-pixel; pixel (i, j) has its centre at x = i, y = j (row j from the top). */
  x: Float64Array;
  y: Float64Array;
  /** Excitation error s in Å⁻¹ (positive inside the Ewald sphere). */
  excitationError: Float64Array;
  /** Laue zone index n = h·u + k·v + l·w of the reduced zone axis. */
  laueZone: Int32Array;
  /** |F|² × shape function, normalised so that the brightest diffracted beam is 1. */
  intensity: Float64Array;
}

/** Per-structure, per-zone precomputation: candidate reflections and their |F|². */
interface ZonePlan {
  maxG: number;
  count: number;
  h: Int32Array;
  k: Int32Array;
  l: Int32Array;
  laue: Int32Array;
  /** g in the zone frame (before extra rotation/tilt), 3 per reflection. */
  g0: Float64Array;
  g: Float64Array;
  f2: Float64Array;
}

const plans = new WeakMap<Structure, Map<string, ZonePlan>>();
let scratch = new Float64Array(1024);

/** @deprecated Use {@link reduceZoneAxis} (the one zone-axis module, `zone-axis.ts`). */
export const reduceZone: (zone: ZoneAxis) => ZoneAxis = reduceZoneAxis;

function planKey(s: ResolvedSettings, zone: readonly number[]): string {
  return `${zone.join(',')}|${s.laueZones}|${s.table}|${s.debyeWaller}|${s.defaultB}`;
}

function getPlan(structure: Structure, s: ResolvedSettings, work: WorkLimits): ZonePlan {
  const zone = reduceZoneAxis(s.zone);
  let byKey = plans.get(structure);
  if (!byKey) {
    byKey = new Map();
    plans.set(structure, byKey);
  }
  const key = planKey(s, zone);
  const cached = byKey.get(key);
  if (cached && cached.maxG >= s.maxG) return cached;
  const plan = buildPlan(structure, s, zone, work);
  byKey.set(key, plan);
  return plan;
}

/** Estimated reflections within maxG: (laueZones + 1)·π·maxG²·V/|r_uvw| (V cell volume, r_uvw the zone vector). */
export function estimateReflections(
  a: Readonly<ArrayLike<number>>,
  zone: readonly number[],
  maxG: number,
  laueZones: number,
): number {
  const volume = Math.abs(
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
      a[3]! * (a[1]! * a[8]! - a[2]! * a[7]!) +
      a[6]! * (a[1]! * a[5]! - a[2]! * a[4]!),
  );
  const rx = a[0]! * zone[0]! + a[3]! * zone[1]! + a[6]! * zone[2]!;
  const ry = a[1]! * zone[0]! + a[4]! * zone[1]! + a[7]! * zone[2]!;
  const rz = a[2]! * zone[0]! + a[5]! * zone[1]! + a[8]! * zone[2]!;
  return ((laueZones + 1) * Math.PI * maxG * maxG * volume) / Math.hypot(rx, ry, rz);
}

function checkWork(
  structure: Structure,
  estimate: number,
  iterations: number,
  s: ResolvedSettings,
  work: WorkLimits,
): void {
  const maxReflections = work.maxReflections ?? limits.maxReflections;
  const maxReflectionAtoms = work.maxReflectionAtoms ?? limits.maxReflectionAtoms;
  const where = `${structure.source.file ?? structure.source.block} [${s.zone.join(',')}]`;
  const file = structure.source.file;
  const why = `maxG = ${s.maxG.toPrecision(3)} Å⁻¹ from ${s.calibration.toPrecision(3)} Å⁻¹/px, cell ${structure.cell.a}×${structure.cell.b}×${structure.cell.c} Å`;
  // the enumeration visits a box of index pairs; far more pairs than reflections only for high-index zones
  if (!(estimate <= maxReflections) || !(iterations <= 64 * maxReflections + 1e6)) {
    throw new DiffractionSimError(
      'E_SIM_LIMIT',
      `${where}: about ${Math.round(Math.max(estimate, iterations / 64)).toExponential(2)} reflections (${why}), more than maxReflections = ${maxReflections}; use a shorter maxG, a longer camera length or raise maxReflections`,
      file === undefined ? {} : { file },
    );
  }
  if (!(estimate * structure.atoms.count <= maxReflectionAtoms)) {
    throw new DiffractionSimError(
      'E_SIM_LIMIT',
      `${where}: about ${Math.round(estimate)} reflections × ${structure.atoms.count} atoms = ${(estimate * structure.atoms.count).toExponential(2)} structure-factor terms, more than maxReflectionAtoms = ${maxReflectionAtoms.toExponential(2)}`,
      file === undefined ? {} : { file },
    );
  }
}

/** Index bounds of the reflections within `maxG`, and the index `p` solved for from the zone equation. */
interface ZoneBounds {
  bound: [number, number, number];
  /** The index with the largest zone component (solved for); q and r are the two others. */
  p: number;
  q: number;
  r: number;
}

function zoneBounds(a: Float64Array, zone: readonly number[], maxG: number): ZoneBounds {
  const bound = [0, 1, 2].map((i) =>
    Math.floor(maxG * Math.hypot(a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!) + 1e-9),
  ) as [number, number, number];
  // Solve the zone equation for the index with the largest zone component.
  let p = 0;
  for (let i = 1; i < 3; i++) if (Math.abs(zone[i]!) > Math.abs(zone[p]!)) p = i;
  return { bound, p, q: (p + 1) % 3, r: (p + 2) % 3 };
}

/** Miller indices (and Laue zone n) of the reflections h·u = n, 0 ≤ n ≤ laueZones, with |g|² ≤ maxG2; no 000. */
function zoneReflections(
  b: Float64Array,
  zone: readonly number[],
  { bound, p, q, r }: ZoneBounds,
  maxG2: number,
  laueZones: number,
): { hkl: number[]; laue: number[] } {
  const hkl: number[] = [];
  const laue: number[] = [];
  const idx = [0, 0, 0];
  const bq = bound[q]!;
  const br = bound[r]!;
  const bp = bound[p]!;
  const zp = zone[p]!;
  const zq = zone[q]!;
  const zr = zone[r]!;
  for (let iq = -bq; iq <= bq; iq++) {
    for (let ir = -br; ir <= br; ir++) {
      for (let n = 0; n <= laueZones; n++) {
        const rem = n - zq * iq - zr * ir;
        if (rem % zp !== 0) continue;
        const ip = rem / zp;
        if (Math.abs(ip) > bp) continue;
        if (ip === 0 && iq === 0 && ir === 0) continue;
        idx[p] = ip;
        idx[q] = iq;
        idx[r] = ir;
        const h = idx[0]!;
        const k = idx[1]!;
        const l = idx[2]!;
        const x = b[0]! * h + b[3]! * k + b[6]! * l;
        const y = b[1]! * h + b[4]! * k + b[7]! * l;
        const z = b[2]! * h + b[5]! * k + b[8]! * l;
        if (x * x + y * y + z * z > maxG2) continue;
        hkl.push(h, k, l);
        laue.push(n);
      }
    }
  }
  return { hkl, laue };
}

/**
 * The plan's reflections in deterministic order (|g|, then h, k, l), with g in the zone frame; |F|² left at
 * zero. `sortedHkl` and `sortedG2`: the indices and |g|² in that order (for the structure factors).
 */
function sortedPlan(
  hkl: readonly number[],
  laue: readonly number[],
  b: Float64Array,
  frame: Float64Array,
  maxG: number,
): { plan: ZonePlan; sortedHkl: Int32Array; sortedG2: Float64Array } {
  const count = laue.length;
  const g2 = new Float64Array(count);
  const gc = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    const h = hkl[3 * i]!;
    const k = hkl[3 * i + 1]!;
    const l = hkl[3 * i + 2]!;
    const x = b[0]! * h + b[3]! * k + b[6]! * l;
    const y = b[1]! * h + b[4]! * k + b[7]! * l;
    const z = b[2]! * h + b[5]! * k + b[8]! * l;
    gc[3 * i] = frame[0]! * x + frame[3]! * y + frame[6]! * z;
    gc[3 * i + 1] = frame[1]! * x + frame[4]! * y + frame[7]! * z;
    gc[3 * i + 2] = frame[2]! * x + frame[5]! * y + frame[8]! * z;
    g2[i] = x * x + y * y + z * z;
  }
  // Deterministic order: |g|, then h, k, l.
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort(
    (i, j) =>
      g2[i]! - g2[j]! ||
      hkl[3 * i]! - hkl[3 * j]! ||
      hkl[3 * i + 1]! - hkl[3 * j + 1]! ||
      hkl[3 * i + 2]! - hkl[3 * j + 2]!,
  );
  const plan: ZonePlan = {
    maxG,
    count,
    h: new Int32Array(count),
    k: new Int32Array(count),
    l: new Int32Array(count),
    laue: new Int32Array(count),
    g0: new Float64Array(3 * count),
    g: new Float64Array(count),
    f2: new Float64Array(count),
  };
  const sortedHkl = new Int32Array(3 * count);
  const sortedG2 = new Float64Array(count);
  for (let o = 0; o < count; o++) {
    const i = order[o]!;
    plan.h[o] = sortedHkl[3 * o] = hkl[3 * i]!;
    plan.k[o] = sortedHkl[3 * o + 1] = hkl[3 * i + 1]!;
    plan.l[o] = sortedHkl[3 * o + 2] = hkl[3 * i + 2]!;
    plan.laue[o] = laue[i]!;
    plan.g0[3 * o] = gc[3 * i]!;
    plan.g0[3 * o + 1] = gc[3 * i + 1]!;
    plan.g0[3 * o + 2] = gc[3 * i + 2]!;
    sortedG2[o] = g2[i]!;
    plan.g[o] = Math.sqrt(g2[i]!);
  }
  return { plan, sortedHkl, sortedG2 };
}

/** The reflections of `zone` within `maxG` with their |F|² (checked against the work limits first). */
function buildPlan(structure: Structure, s: ResolvedSettings, zone: ZoneAxis, work: WorkLimits): ZonePlan {
  const a = directBasis(structure.cell);
  const b = reciprocalBasis(structure.cell);
  const frame = zoneFrame(structure.cell, zone, new Float64Array(9));
  const maxG = s.maxG;
  const maxG2 = maxG * maxG * (1 + 1e-12);
  const bounds = zoneBounds(a, zone, maxG);
  const { bound, q, r } = bounds;
  const iterations = (2 * bound[q]! + 1) * (2 * bound[r]! + 1) * (s.laueZones + 1);
  checkWork(structure, estimateReflections(a, zone, maxG, s.laueZones), iterations, s, work);
  const { hkl, laue } = zoneReflections(b, zone, bounds, maxG2, s.laueZones);
  const { plan, sortedHkl, sortedG2 } = sortedPlan(hkl, laue, b, frame, maxG);
  const count = plan.count;
  const atoms = prepareAtoms(structure, { table: s.table, debyeWaller: s.debyeWaller, defaultB: s.defaultB });
  structureFactorsInto(atoms, sortedHkl, sortedG2, new Float64Array(count), new Float64Array(count), plan.f2);
  return plan;
}

/**
 * Relrod profile at excitation error `s` (Å⁻¹) for thickness `t` (Å); all three shapes peak at 1 and
 * integrate to 1/t over s: sinc²(πts), 1/(1 + (πts)²), exp(−π(ts)²).
 */
export function shapeFactor(shape: ShapeFunction, s: number, t: number): number {
  if (shape === 'none') return 1;
  const x = Math.PI * t * s;
  if (shape === 'lorentzian') return 1 / (1 + x * x);
  if (shape === 'gaussian') return Math.exp(-(x * x) / Math.PI);
  if (x === 0) return 1;
  const sx = Math.sin(x) / x;
  return sx * sx;
}

/**
 * Kinematic spot list for `structure` seen along `settings.zone` (no image). Reflections come from the
 * zero-order Laue zone (and upper zones 1..`laueZones`) within `maxG`; intensity = |F|² × shape(s) with the
 * exact Ewald-sphere excitation error s = g_z − λ|g|²/2, normalised to the brightest diffracted beam;
 * positions R = L·λ·|g| (small-angle) converted to pixels with the calibration.
 *
 * Per structure and zone, reflections and |F|² are computed once and cached (weakly, on the structure
 * object), so further calls with other voltages, camera lengths, rotations or tilts only redo the geometry.
 *
 * @example
 * Throws `DiffractionSimError` `E_SIM_LIMIT` before enumerating when the estimated reflections or
 * reflections × atoms exceed `options.maxReflections` / `options.maxReflectionAtoms` (defaults in `limits`).
 *
 * const spots = spotList(si, { zone: [0, 1, 1] });
 * spots.h[0], spots.k[0], spots.l[0]; // a 111-type reflection
 */
export function spotList(
  structure: Structure,
  settings: SimulationSettings,
  options: WorkLimits = {},
): SpotList {
  return spotListResolved(structure, resolveSettings(settings), options);
}

/** {@link spotList} with settings already resolved. */
export function spotListResolved(
  structure: Structure,
  s: ResolvedSettings,
  options: WorkLimits = {},
): SpotList {
  const plan = getPlan(structure, s, options);
  const t = inPlaneAndTilt(s.rotation, s.tilt, new Float64Array(9));
  const n = plan.count;
  if (scratch.length < 2 * n) scratch = new Float64Array(2 * n);
  const inten = scratch;
  const halfLambda = s.wavelength / 2;
  const maxG = s.maxG;
  const maxS = s.maxExcitationError;
  const { shapeFunction, thickness } = s;
  const t2 = t[2]!;
  const t5 = t[5]!;
  const t8 = t[8]!;
  let max = 0;
  for (let i = 0; i < n; i++) {
    inten[i] = -1;
    const g = plan.g[i]!;
    if (g > maxG) continue;
    const gz = t2 * plan.g0[3 * i]! + t5 * plan.g0[3 * i + 1]! + t8 * plan.g0[3 * i + 2]!;
    const exc = gz - halfLambda * g * g;
    if (Math.abs(exc) > maxS) continue;
    const v = plan.f2[i]! * shapeFactor(shapeFunction, exc, thickness);
    inten[i] = v;
    inten[n + i] = exc;
    if (v > max) max = v;
  }
  const cut = max * s.minIntensity;
  let count = s.directBeam ? 1 : 0;
  if (max > 0) for (let i = 0; i < n; i++) if (inten[i]! >= cut && inten[i]! > 0) count++;
  const out: SpotList = {
    count,
    h: new Int32Array(count),
    k: new Int32Array(count),
    l: new Int32Array(count),
    gx: new Float64Array(count),
    gy: new Float64Array(count),
    g: new Float64Array(count),
    d: new Float64Array(count),
    x: new Float64Array(count),
    y: new Float64Array(count),
    excitationError: new Float64Array(count),
    laueZone: new Int32Array(count),
    intensity: new Float64Array(count),
  };
  const [cx, cy] = s.center;
  const inv = 1 / s.calibration;
  let o = 0;
  if (s.directBeam) {
    out.d[0] = Number.POSITIVE_INFINITY;
    out.x[0] = cx;
    out.y[0] = cy;
    out.intensity[0] = s.directBeamIntensity;
    o = 1;
  }
  if (max > 0) {
    const invMax = 1 / max;
    for (let i = 0; i < n; i++) {
      const v = inten[i]!;
      if (!(v >= cut && v > 0)) continue;
      const x0 = plan.g0[3 * i]!;
      const y0 = plan.g0[3 * i + 1]!;
      const z0 = plan.g0[3 * i + 2]!;
      const gx = t[0]! * x0 + t[3]! * y0 + t[6]! * z0;
      const gy = t[1]! * x0 + t[4]! * y0 + t[7]! * z0;
      out.h[o] = plan.h[i]!;
      out.k[o] = plan.k[i]!;
      out.l[o] = plan.l[i]!;
      out.gx[o] = gx;
      out.gy[o] = gy;
      out.g[o] = plan.g[i]!;
      out.d[o] = 1 / plan.g[i]!;
      out.x[o] = cx + gx * inv;
      out.y[o] = cy - gy * inv;
      out.excitationError[o] = inten[n + i]!;
      out.laueZone[o] = plan.laue[i]!;
      out.intensity[o] = v * invMax;
      o++;
    }
  }
  return out;
}
