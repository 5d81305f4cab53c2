/**
 * The spot-list route: fit a 2D lattice to measured spot positions (rotated, scaled, off-centre, with spots
 * missing), then pick the registry label whose lattice shape and absence signature agree best.
 *
 * @packageDocumentation
 */
import { cubicRegistry } from './cubic-registry';
import { LatticeLabelError } from './errors';
import { convexHull, insideHull } from './hull';
import {
  generatedLattice,
  type LatticeShape,
  type LatticeTolerance,
  latticeShape,
  SPOT_TOLERANCE,
} from './lattice-2d';
import { type LabelShape, labelShapeOf, shapeKeyOf } from './pattern-label';
import type { LabelEntry, LabelMember, LabelRegistry } from './registry-types';
import { parseSignature, SIGNATURE_WINDOW, windowPoints } from './signature';

/** Spot positions and intensities, as a microscopist measures them or as `spotList` returns them. */
export interface SpotInput {
  /** Positions in any unit (pixels, mm, Å⁻¹); x to the right. */
  x: ArrayLike<number>;
  /** Positions; downwards (image rows) unless `yAxis: 'up'`. */
  y: ArrayLike<number>;
  /** Intensities (any scale). Used to find the pattern centre (Friedel pairs have equal intensity). */
  intensity?: ArrayLike<number>;
}

/** Options of {@link labelFromSpots}. */
export interface SpotLabelOptions {
  /** Registry to match against, default the cubic registry. */
  registry?: LabelRegistry;
  /**
   * Direction of +y: `'down'` (default) for image pixel rows as in `SpotList.x/y`, `'up'` for a right-handed
   * frame such as `SpotList.gx/gy`. Decides the handedness of oblique lattices (mirror images differ).
   */
  yAxis?: 'down' | 'up';
  /** Position of the direct beam, when known (same frame as the spots); otherwise it is estimated. */
  center?: readonly [number, number];
  /** Spots weaker than this fraction of the strongest are ignored. Default 0. */
  minIntensity?: number;
  /** Lattice-type tolerances, default {@link SPOT_TOLERANCE} (3 % in length, 1.5°). */
  tolerance?: LatticeTolerance;
  /** Largest distance of a spot from its lattice node, in units of the shortest lattice vector. Default 0.2. */
  indexTolerance?: number;
  /** Cost of a node the label expects but no spot shows (a spot that is expected absent costs 1). Default 0.25. */
  missingCost?: number;
  /**
   * Cost of a spot at a node the label expects absent when double diffraction can light that node: it is the sum
   * of two nodes the label expects present (glide and screw absences, e.g. Si 200 along [011] from 111 + 11̄1̄;
   * never a centring absence, whose allowed nodes are closed under addition). Default 1, as for any other spot
   * where the label expects none, so that a pattern showing such spots is read as the label without the absence:
   * measured on the foreign set, 0 (such a spot is no evidence either way) lowered single-pattern accuracy from
   * 63.5 to 62.1 % and 16-zone verdicts from 90.9 to 81.8 % (the network cannot break the tie). Lower it for thick
   * specimens where double diffraction is strong (see docs/double-diffraction.md).
   */
  doubleDiffractionCost?: number;
}

/** One registry label scored against the spots. */
export interface SpotCandidate {
  name: string;
  /** Mismatch cost: 1 per spot where the label expects none, `missingCost` per expected spot not seen. */
  cost: number;
  /** Shape distance in degrees (0 for A and C). */
  shapeDistance: number;
  members: LabelMember[];
}

/** Result of {@link labelFromSpots}. */
export interface SpotLabelResult extends LabelShape {
  /** Best registry label, or `null` when no registry label has this lattice type and shape. */
  label: string | null;
  /** The (space group, zone axis, variant) pairs that give `label`. */
  candidates: LabelMember[];
  /** Registry labels of the same lattice type and shape, best first. */
  ranking: SpotCandidate[];
  /** Best label of the mirror image of the pattern (equal to `label` for achiral patterns). */
  mirrorLabel: string | null;
  /** Shape key as in `PatternLabel.shapeKey` (rounded angles of the fitted lattice). */
  shapeKey: string;
  /** Fitted direct-beam position, in the input frame. */
  center: [number, number];
  /** Fitted canonical basis vectors a and b in the input frame: `[ax, ay, bx, by]`. */
  basis: [number, number, number, number];
  /** Number of spots indexed on the lattice. */
  indexed: number;
  /** Number of spots used (after intensity filtering, direct beam excluded). */
  used: number;
  /** RMS distance of indexed spots from their nodes, in units of |a|. */
  residual: number;
}

interface Fit {
  cx: number;
  cy: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  m: Int32Array;
  n: Int32Array;
  ok: Uint8Array;
  indexed: number;
  residual: number;
}

/**
 * Label of a pattern from its spot list: fits the node lattice (centre, basis) to the positions, classifies it
 * (A/B/C/D and shape), and scores every registry label with that shape by how well its absence signature
 * explains which nodes carry spots. Invariant under rotation, scaling and shifting of the positions; missing
 * spots cost little, spots where a label expects none cost much.
 *
 * @throws {@link LatticeLabelError} `E_LABEL_NO_LATTICE` with fewer than 3 usable spots or collinear spots,
 *   `E_LABEL_FIT` when most spots do not sit on one lattice.
 *
 * @example
 * const spots = spotList(silicon, { zone: [0, 1, 1], rotation: 17 });
 * labelFromSpots(spots).label; // same as labelOf(silicon, [0, 1, 1]).name
 */
export function labelFromSpots(spots: SpotInput, options: SpotLabelOptions = {}): SpotLabelResult {
  const registry = options.registry ?? cubicRegistry;
  const tolerance = options.tolerance ?? SPOT_TOLERANCE;
  const indexTol = options.indexTolerance ?? 0.2;
  const missingCost = options.missingCost ?? 0.25;
  const ySign = options.yAxis === 'up' ? 1 : -1;
  const n0 = Math.min(spots.x.length, spots.y.length);
  let imax = 0;
  if (spots.intensity) for (let i = 0; i < n0; i++) imax = Math.max(imax, spots.intensity[i]!);
  const cut = (options.minIntensity ?? 0) * imax;
  const xs: number[] = [];
  const ys: number[] = [];
  const is: number[] = [];
  for (let i = 0; i < n0; i++) {
    const x = spots.x[i]!;
    const y = spots.y[i]!;
    const v = spots.intensity ? spots.intensity[i]! : 1;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !(v >= cut)) continue;
    xs.push(x);
    ys.push(ySign * y);
    is.push(v);
  }
  if (xs.length < 3)
    throw new LatticeLabelError('E_LABEL_NO_LATTICE', `need at least 3 spots, got ${xs.length}`);
  const scale = nearestNeighbourScale(xs, ys);
  let cx: number;
  let cy: number;
  if (options.center) {
    cx = options.center[0];
    cy = ySign * options.center[1];
  } else {
    [cx, cy] = estimateCentre(xs, ys, is, scale);
  }
  // Drop a direct-beam spot at the centre.
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Math.hypot(xs[i]! - cx, ys[i]! - cy) < 0.3 * scale) continue;
    px.push(xs[i]!);
    py.push(ys[i]!);
  }
  if (px.length < 2)
    throw new LatticeLabelError('E_LABEL_NO_LATTICE', 'too few spots besides the direct beam');
  const fit = fitLattice(px, py, cx, cy, indexTol, scale);
  if (fit.indexed < Math.max(2, 0.6 * px.length)) {
    throw new LatticeLabelError(
      'E_LABEL_FIT',
      `only ${fit.indexed} of ${px.length} spots lie on one lattice within ${indexTol} of a node`,
    );
  }
  const hull = convexHull([...px, fit.cx], [...py, fit.cy]);
  const costs = { missing: missingCost, doubleDiffraction: options.doubleDiffractionCost ?? 1 };
  const direct = matchRegistry(fit, hull, registry, tolerance, costs, false);
  const mirror = matchRegistry(fit, hull, registry, tolerance, costs, true);
  const { shape } = direct;
  const t = shape.bases[0]!;
  const basis: [number, number, number, number] = [
    t[0]! * fit.ax + t[1]! * fit.bx,
    ySign * (t[0]! * fit.ay + t[1]! * fit.by),
    t[2]! * fit.ax + t[3]! * fit.bx,
    ySign * (t[2]! * fit.ay + t[3]! * fit.by),
  ];
  const best = direct.ranking[0];
  return {
    label: best?.name ?? null,
    candidates: best ? best.members.slice() : [],
    ranking: direct.ranking,
    mirrorLabel: mirror.ranking[0]?.name ?? null,
    ...labelShapeOf(shape),
    shapeKey: shapeKeyOf(shape),
    center: [fit.cx, ySign * fit.cy],
    basis,
    indexed: fit.indexed,
    used: px.length,
    residual: fit.residual,
  };
}

/** Median distance of each spot to its nearest neighbour (also used by `friedelCentre`). */
export function nearestNeighbourScale(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const d: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      const r = Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!);
      if (r > 0 && r < best) best = r;
    }
    if (Number.isFinite(best)) d.push(best);
  }
  d.sort((a, b) => a - b);
  const m = d[d.length >> 1];
  if (!(m !== undefined && m > 0)) throw new LatticeLabelError('E_LABEL_NO_LATTICE', 'spots coincide');
  return m;
}

/**
 * Centre of a centrosymmetric spot pattern: the midpoint shared by the most pairs of equally intense spots
 * (kinematic patterns obey Friedel's law, I(g) = I(−g)).
 */
function estimateCentre(
  xs: readonly number[],
  ys: readonly number[],
  is: readonly number[],
  scale: number,
): [number, number] {
  const cell = 0.15 * scale;
  const votes = new Map<string, { w: number; x: number; y: number }>();
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = is[i]!;
      const b = is[j]!;
      const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
      if (rel > 0.05) continue;
      const mx = (xs[i]! + xs[j]!) / 2;
      const my = (ys[i]! + ys[j]!) / 2;
      const key = `${Math.round(mx / cell)},${Math.round(my / cell)}`;
      const v = votes.get(key);
      if (v) {
        v.w++;
        v.x += mx;
        v.y += my;
      } else votes.set(key, { w: 1, x: mx, y: my });
    }
  }
  let best: { w: number; x: number; y: number } | undefined;
  let bestKey = '';
  for (const [k, v] of votes) {
    if (!best || v.w > best.w || (v.w === best.w && k < bestKey)) {
      best = v;
      bestKey = k;
    }
  }
  if (!best) {
    // No equal-intensity pairs: fall back to the centroid.
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += xs[i]!;
      sy += ys[i]!;
    }
    return [sx / n, sy / n];
  }
  // Merge the neighbouring cells of the winner.
  const [bi, bj] = bestKey.split(',').map(Number) as [number, number];
  let w = 0;
  let x = 0;
  let y = 0;
  for (let di = -1; di <= 1; di++) {
    for (let dj = -1; dj <= 1; dj++) {
      const v = votes.get(`${bi + di},${bj + dj}`);
      if (!v) continue;
      w += v.w;
      x += v.x;
      y += v.y;
    }
  }
  return [x / w, y / w];
}

/** A basis (a, b) of the plane, in pixels. */
interface Basis {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/**
 * A trial basis from the spots' offsets (vx, vy) from the centre, `order`ed by distance: the nearest spot, and
 * the nearest one off its line (made right-handed), each averaged over every pair of spots that differs by about
 * it (noise shrinks by √pairs). `la`: the length of the nearest offset.
 */
function trialBasis(
  px: readonly number[],
  py: readonly number[],
  vx: readonly number[],
  vy: readonly number[],
  order: readonly number[],
  scale: number,
): Basis & { la: number } {
  const i0 = order[0]!;
  let a0x = vx[i0]!;
  let a0y = vy[i0]!;
  const la = Math.hypot(a0x, a0y);
  let b0x = Number.NaN;
  let b0y = Number.NaN;
  for (const i of order) {
    const cross = a0x * vy[i]! - a0y * vx[i]!;
    if (Math.abs(cross) > 0.2 * la * Math.hypot(vx[i]!, vy[i]!)) {
      b0x = vx[i]!;
      b0y = vy[i]!;
      break;
    }
  }
  if (Number.isNaN(b0x)) throw new LatticeLabelError('E_LABEL_NO_LATTICE', 'all spots lie on one line');
  if (a0x * b0y - a0y * b0x < 0) {
    b0x = -b0x;
    b0y = -b0y;
  }
  [a0x, a0y] = averageDifference(px, py, a0x, a0y, 0.2 * Math.min(la, scale));
  [b0x, b0y] = averageDifference(px, py, b0x, b0y, 0.2 * Math.min(la, scale));
  return { ax: a0x, ay: a0y, bx: b0x, by: b0y, la };
}

/**
 * The lattice generated by the spots near the centre (far spots would amplify the trial basis' error): their
 * coefficients in the trial basis, with the smallest denominator (up to 6) that indexes nearly as many spots as
 * any; `reach`: the radius of "near".
 */
function innerLattice(
  vx: readonly number[],
  vy: readonly number[],
  order: readonly number[],
  trial: Basis & { la: number },
): { basis: Basis; reach: number } {
  const { ax: a0x, ay: a0y, bx: b0x, by: b0y, la } = trial;
  const det = a0x * b0y - a0y * b0x;
  const reach = 3 * Math.max(la, Math.hypot(b0x, b0y));
  const inner = order.filter((i, rank) => rank < 8 || Math.hypot(vx[i]!, vy[i]!) <= reach);
  const cm = inner.map((i) => (vx[i]! * b0y - vy[i]! * b0x) / det);
  const cn = inner.map((i) => (a0x * vy[i]! - a0y * vx[i]!) / det);
  const near = (u: number) => Math.abs(u - Math.round(u)) < 0.2;
  // Smallest denominator that indexes (nearly) as many spots as any denominator up to 6.
  const goods: number[] = [];
  for (let d = 1; d <= 6; d++) {
    let good = 0;
    for (let k = 0; k < inner.length; k++) if (near(cm[k]! * d) && near(cn[k]! * d)) good++;
    goods.push(good);
  }
  const most = Math.max(...goods);
  let chosen = most >= 0.6 * inner.length ? goods.findIndex((g) => g >= 0.98 * most) + 1 : 0;
  if (chosen < 0) chosen = 0;
  if (chosen === 0) throw new LatticeLabelError('E_LABEL_FIT', 'spot positions do not fit a 2D lattice');
  const ints: number[] = [];
  for (let k = 0; k < inner.length; k++) {
    const u = cm[k]! * chosen;
    const v = cn[k]! * chosen;
    if (near(u) && near(v)) ints.push(Math.round(u), Math.round(v));
  }
  const hnf = generatedLattice(ints, ints.length / 2);
  if (!hnf) throw new LatticeLabelError('E_LABEL_NO_LATTICE', 'spots span no 2D lattice');
  const basis = {
    ax: (hnf[0]! * a0x + hnf[1]! * b0x) / chosen,
    ay: (hnf[0]! * a0y + hnf[1]! * b0y) / chosen,
    bx: (hnf[3]! * b0x) / chosen,
    by: (hnf[3]! * b0y) / chosen,
  };
  return { basis, reach };
}

/** Index the spots within `radius` (× 1.05) of the fit's centre: `m`, `n`, `ok` and `indexed` of `fit`. */
function indexSpots(
  fit: Fit,
  px: readonly number[],
  py: readonly number[],
  indexTol: number,
  radius: number,
): void {
  const { ax, ay, bx, by, cx, cy, m, n: nn, ok } = fit;
  const dt = ax * by - ay * bx;
  const lmin = Math.min(Math.hypot(ax, ay), Math.hypot(bx, by));
  let indexed = 0;
  for (let i = 0; i < px.length; i++) {
    const x = px[i]! - cx;
    const y = py[i]! - cy;
    const u = Math.round((x * by - y * bx) / dt);
    const v = Math.round((ax * y - ay * x) / dt);
    const r = Math.hypot(x - u * ax - v * bx, y - u * ay - v * by);
    m[i] = u;
    nn[i] = v;
    ok[i] = r < indexTol * lmin && (u !== 0 || v !== 0) && Math.hypot(x, y) <= radius * 1.05 ? 1 : 0;
    indexed += ok[i]!;
  }
  fit.indexed = indexed;
}

/**
 * Least squares for (c, a, b) over the indexed spots, x and y separately: p = c + m a + n b (the centre counts
 * as node 0 once). Updates `fit`; false (and `fit` unchanged) when the system is singular.
 */
function refineFit(fit: Fit, px: readonly number[], py: readonly number[]): boolean {
  const { m, n: nn, ok } = fit;
  const S = new Float64Array(9);
  const rx = new Float64Array(3);
  const ry = new Float64Array(3);
  const add = (u: number, v: number, x: number, y: number) => {
    const f = [1, u, v];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) S[3 * r + c]! += f[r]! * f[c]!;
      rx[r]! += f[r]! * x;
      ry[r]! += f[r]! * y;
    }
  };
  add(0, 0, fit.cx, fit.cy);
  for (let i = 0; i < px.length; i++) if (ok[i]) add(m[i]!, nn[i]!, px[i]!, py[i]!);
  const sx = solve3(S, rx);
  const sy = solve3(S, ry);
  if (!sx || !sy) return false;
  [fit.cx, fit.ax, fit.bx] = sx;
  [fit.cy, fit.ay, fit.by] = sy;
  return true;
}

/** RMS distance of the indexed spots from their nodes, over the shorter basis vector (NaN when none). */
function fitResidual(fit: Fit, px: readonly number[], py: readonly number[]): number {
  const { cx, cy, ax, ay, bx, by, m, n: nn, ok, indexed } = fit;
  const la2 = Math.min(Math.hypot(ax, ay), Math.hypot(bx, by));
  let ss = 0;
  for (let i = 0; i < px.length; i++) {
    if (!ok[i]) continue;
    const dx = px[i]! - cx - m[i]! * ax - nn[i]! * bx;
    const dy = py[i]! - cy - m[i]! * ay - nn[i]! * by;
    ss += dx * dx + dy * dy;
  }
  return indexed > 0 ? Math.sqrt(ss / indexed) / la2 : Number.NaN;
}

/** Fits centre and basis; the basis is right-handed (det > 0) and Gauss-reduced later. */
function fitLattice(
  px: readonly number[],
  py: readonly number[],
  cx0: number,
  cy0: number,
  indexTol: number,
  scale: number,
): Fit {
  const n = px.length;
  const vx = px.map((x) => x - cx0);
  const vy = py.map((y) => y - cy0);
  const order = [...Array(n).keys()].sort((i, j) => Math.hypot(vx[i]!, vy[i]!) - Math.hypot(vx[j]!, vy[j]!));
  const trial = trialBasis(px, py, vx, vy, order, scale);
  const { basis, reach } = innerLattice(vx, vy, order, trial);
  const fit: Fit = {
    cx: cx0,
    cy: cy0,
    ...basis,
    m: new Int32Array(n),
    n: new Int32Array(n),
    ok: new Uint8Array(n),
    indexed: 0,
    residual: 0,
  };
  // Refine outwards: index the spots within a growing radius, then least squares; the last passes use all spots.
  const far = Math.hypot(vx[order[n - 1]!]!, vy[order[n - 1]!]!);
  let radius = reach;
  for (let iter = 0; iter < 12; iter++) {
    const last = radius >= far;
    indexSpots(fit, px, py, indexTol, radius);
    if (!refineFit(fit, px, py)) break;
    if (last && iter > 0) break;
    radius = Math.min(radius * 1.6, far);
  }
  fit.residual = fitResidual(fit, px, py);
  return fit;
}

/** Mean of the spot differences p_j − p_i within `tol` of (wx, wy) (O(n²), n is at most a few thousand). */
function averageDifference(
  px: readonly number[],
  py: readonly number[],
  wx: number,
  wy: number,
  tol: number,
): [number, number] {
  let sx = 0;
  let sy = 0;
  let k = 0;
  for (let i = 0; i < px.length; i++) {
    for (let j = 0; j < px.length; j++) {
      const dx = px[j]! - px[i]!;
      const dy = py[j]! - py[i]!;
      if (Math.abs(dx - wx) < tol && Math.abs(dy - wy) < tol) {
        sx += dx;
        sy += dy;
        k++;
      }
    }
  }
  return k > 0 ? [sx / k, sy / k] : [wx, wy];
}

function solve3(S: Float64Array, r: Float64Array): [number, number, number] | null {
  const [a, b, c, d, e, f, g, h, k] = S as unknown as number[];
  const det = a! * (e! * k! - f! * h!) - b! * (d! * k! - f! * g!) + c! * (d! * h! - e! * g!);
  if (!(Math.abs(det) > 1e-12)) return null;
  const x =
    (r[0]! * (e! * k! - f! * h!) - b! * (r[1]! * k! - f! * r[2]!) + c! * (r[1]! * h! - e! * r[2]!)) / det;
  const y =
    (a! * (r[1]! * k! - f! * r[2]!) - r[0]! * (d! * k! - f! * g!) + c! * (d! * r[2]! - r[1]! * g!)) / det;
  const z =
    (a! * (e! * r[2]! - r[1]! * h!) - b! * (d! * r[2]! - r[1]! * g!) + r[0]! * (d! * h! - e! * g!)) / det;
  return [x, y, z];
}

function shapeDistance(shape: LatticeShape, entry: LabelEntry): number {
  const s = entry.shape;
  if (!s) return 0;
  if (shape.type === 'B') return Math.abs(shape.diagonalAngle - s.diagonalAngle);
  if (shape.type === 'D')
    return Math.abs(shape.angleBOA - s.angleBOA) + Math.abs(shape.angleOAB - s.angleOAB);
  return 0;
}

function matchRegistry(
  fit: Fit,
  hull: readonly number[],
  registry: LabelRegistry,
  tolerance: LatticeTolerance,
  costs: { missing: number; doubleDiffraction: number },
  mirrored: boolean,
): { shape: LatticeShape; ranking: SpotCandidate[] } {
  // Mirror x → −x; keep the basis right-handed by swapping (a, b) → (b, a) after mirroring.
  const s = mirrored ? -1 : 1;
  const ax = mirrored ? s * fit.bx : fit.ax;
  const ay = mirrored ? fit.by : fit.ay;
  const bx = mirrored ? s * fit.ax : fit.bx;
  const by = mirrored ? fit.ay : fit.by;
  const present = new Set<string>();
  for (let i = 0; i < fit.m.length; i++) {
    if (!fit.ok[i]) continue;
    present.add(mirrored ? `${fit.n[i]},${fit.m[i]}` : `${fit.m[i]},${fit.n[i]}`);
  }
  const gram = Float64Array.of(ax * ax + ay * ay, ax * bx + ay * by, bx * bx + by * by);
  const shape = latticeShape(gram, tolerance);
  const t0 = shape.bases[0]!;
  const c0x = t0[2]! * ax + t0[3]! * bx;
  const c0y = t0[2]! * ay + t0[3]! * by;
  const c1x = t0[0]! * ax + t0[1]! * bx;
  const c1y = t0[0]! * ay + t0[1]! * by;
  const canonGram = Float64Array.of(c1x * c1x + c1y * c1y, c1x * c0x + c1y * c0y, c0x * c0x + c0y * c0y);
  const window = registry.signatureWindow ?? SIGNATURE_WINDOW;
  const pts = windowPoints(canonGram, window);
  const margin = 0.1 * Math.sqrt(canonGram[0]!);
  const entries = registry.labels.filter((e) => e.lattice === shape.type);
  const dists = entries.map((e) => shapeDistance(shape, e));
  const dmin = Math.min(Number.POSITIVE_INFINITY, ...dists);
  const limit = Math.max(2 * tolerance.angle, dmin + 1e-9);
  const ranking: SpotCandidate[] = [];
  entries.forEach((entry, k) => {
    if (dists[k]! > limit || dists[k]! > 4 * tolerance.angle) return;
    const absent = parseSignature(entry.signature ?? '');
    const lit = costs.doubleDiffraction === 1 ? null : reachableAbsences(entry.signature ?? '', pts);
    let bestCost = Number.POSITIVE_INFINITY;
    for (const t of shape.bases) {
      let cost = 0;
      for (let p = 0; p < pts.length; p += 2) {
        const i = pts[p]!;
        const j = pts[p + 1]!;
        const mm = i * t[0]! + j * t[2]!;
        const nn = i * t[1]! + j * t[3]!;
        // Position in the (possibly mirrored) frame; mirror back for the hull test.
        const x = mm * ax + nn * bx;
        const y = mm * ay + nn * by;
        if (!insideHull(hull, fit.cx + s * x, fit.cy + y, margin)) continue;
        const seen = present.has(`${mm},${nn}`);
        const expected = !absent.has(`${i},${j}`);
        if (seen && !expected) cost += lit?.has(`${i},${j}`) ? costs.doubleDiffraction : 1;
        else if (!seen && expected) cost += costs.missing;
      }
      if (cost < bestCost) bestCost = cost;
    }
    ranking.push({ name: entry.name, cost: bestCost, shapeDistance: dists[k]!, members: entry.members });
  });
  ranking.sort((p, q) => p.cost - q.cost || p.shapeDistance - q.shapeDistance);
  return { shape, ranking };
}

/** {@link reachableAbsences} of each signature and window, computed once. */
const reachableCache = new Map<string, Set<string>>();

/**
 * The absent nodes of a signature (`"i,j"` keys in the canonical basis, inside the window `pts`) that are the sum
 * of two nodes of the window the signature leaves present: where double diffraction can put a spot.
 */
export function reachableAbsences(signature: string, pts: Int32Array): Set<string> {
  // the window's points depend on the lattice's shape, not on the signature alone
  const key = `${signature}|${pts.join(',')}`;
  const cached = reachableCache.get(key);
  if (cached) return cached;
  const absent = parseSignature(signature);
  const present: [number, number][] = [];
  const inWindow = new Set<string>();
  for (let p = 0; p < pts.length; p += 2) {
    inWindow.add(`${pts[p]},${pts[p + 1]}`);
    if (!absent.has(`${pts[p]},${pts[p + 1]}`)) present.push([pts[p]!, pts[p + 1]!]);
  }
  const reachable = new Set<string>();
  for (const node of absent) {
    const [i, j] = node.split(',').map(Number) as [number, number];
    for (const [a, b] of present) {
      const rest = `${i - a},${j - b}`;
      if (inWindow.has(rest) && !absent.has(rest)) {
        reachable.add(node);
        break;
      }
    }
  }
  reachableCache.set(key, reachable);
  return reachable;
}
