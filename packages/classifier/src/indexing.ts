/**
 * Indexing a pattern for one candidate (space group, zone axis): the hkl of the fitted 2D lattice vectors and of
 * every measured spot, measured against expected spot spacings, and the lattice parameter with its uncertainty
 * when the calibration is known. Built from the lattice already fitted to the spots (`latticeOfImage`).
 * Browser-safe.
 *
 * @packageDocumentation
 */
import type { ImageLattice, LabelMember, ZoneAxis } from '@sadp/lattice-labels';

/** Miller indices of a reflection. */
export type Hkl = [number, number, number];

/** One measured spot on the fitted lattice. */
export interface IndexedSpot {
  /** Position in the image (pixels). */
  x: number;
  y: number;
  /** Node of the fitted 2D lattice: spot ≈ centre + m·a + n·b. */
  m: number;
  n: number;
  /** Miller indices for the candidate: m·hkl(a) + n·hkl(b). */
  hkl: Hkl;
  /** Measured distance from the direct beam (pixels). */
  radius: number;
  /** Measured d-spacing in Å (needs a calibration). */
  d?: number;
  /** The candidate's d-spacing a/|hkl| in Å at the estimated (or given) lattice parameter. */
  dExpected?: number;
  /** Measured over expected distance from the beam at the fitted scale (1 = on the node). */
  ratio: number;
}

/** A pattern indexed for one candidate. */
export interface PatternIndexing {
  spaceGroup: number;
  /** Registry variant (e.g. `"227-1"`). */
  variant: string;
  /** Zone axis [uvw] of the candidate. */
  zone: ZoneAxis;
  /** hkl of the fitted lattice vectors a and b (`ImageLattice.basis`). */
  basis: { a: Hkl; b: Hkl };
  /** Direct beam (pixels). */
  centre: [number, number];
  /** Fitted lattice vectors in pixels, `[ax, ay, bx, by]`. */
  basisPixels: [number, number, number, number];
  /** Pixels spanned by the reciprocal cell edge 1/a, least squares over the indexed spots, and its 1σ. */
  cellPixels: { value: number; sigma: number };
  /** Lattice parameter a in Å and its 1σ (needs a calibration), from {@link PatternIndexing.cellPixels}. */
  lattice: { a: number; sigma: number } | null;
  /** The spots on the lattice, closest to the beam first. */
  spots: IndexedSpot[];
}

/** Options of {@link indexPattern}. */
export interface IndexingOptions {
  /** Å⁻¹ per pixel: gives d-spacings and the lattice parameter. */
  calibration?: number;
  /** A spot belongs to a node within this fraction of |a| (default 0.2). */
  tolerance?: number;
  /** Relative length and angle (radians / π) mismatch allowed between the fitted and the candidate's basis (default 0.05). */
  shapeTolerance?: number;
  /** Spot centroid error (pixels) assumed at least, for the uncertainty (default 0.3). */
  centroidError?: number;
}

/** Whether the lattice centring of a cubic space group allows hkl (primitive 195–206/212/213/221–224; I; F). */
function centringAllows(spaceGroup: number, h: number, k: number, l: number): boolean {
  if (spaceGroup >= 225 && spaceGroup <= 228) return (h & 1) === (k & 1) && (k & 1) === (l & 1);
  if (spaceGroup === 229 || spaceGroup === 230 || spaceGroup === 217 || spaceGroup === 211)
    return ((h + k + l) & 1) === 0;
  return true;
}

/** Integer vectors hkl (lattice nodes of the group's centring) in the zone plane with |hkl| in [min, max]. */
function zoneVectors(spaceGroup: number, zone: ZoneAxis, min: number, max: number): Hkl[] {
  const out: Hkl[] = [];
  const r = Math.ceil(max);
  for (let h = -r; h <= r; h++)
    for (let k = -r; k <= r; k++)
      for (let l = -r; l <= r; l++) {
        if (h * zone[0] + k * zone[1] + l * zone[2] !== 0) continue;
        const length = Math.hypot(h, k, l);
        if (length < min || length > max || !centringAllows(spaceGroup, h, k, l)) continue;
        out.push([h, k, l]);
      }
  // Conventional first: fewest negative indices, then the largest h, k, l.
  const negatives = (v: Hkl) => v.filter((x) => x < 0).length;
  return out.sort((p, q) => negatives(p) - negatives(q) || q[0] - p[0] || q[1] - p[1] || q[2] - p[2]);
}

const dot = (p: Hkl, q: Hkl) => p[0] * q[0] + p[1] * q[1] + p[2] * q[2];

/**
 * The hkl of a 2D lattice with vectors of lengths `lengthA`, `lengthB` (units of 1/a) at angle `angle` (radians),
 * in the zone plane of `zone` for `spaceGroup`; `handed` = +1 or −1 picks (a × b)·zone's sign (both when 0).
 * `null` when no pair of reciprocal-lattice vectors has that shape within `tolerance`.
 */
export function zoneBasis(
  spaceGroup: number,
  zone: ZoneAxis,
  lengthA: number,
  lengthB: number,
  angle: number,
  handed = 0,
  tolerance = 0.05,
): { a: Hkl; b: Hkl } | null {
  const as = zoneVectors(spaceGroup, zone, lengthA * (1 - tolerance), lengthA * (1 + tolerance));
  const bs = zoneVectors(spaceGroup, zone, lengthB * (1 - tolerance), lengthB * (1 + tolerance));
  let best: { a: Hkl; b: Hkl } | null = null;
  let bestError = Number.POSITIVE_INFINITY;
  for (const a of as)
    for (const b of bs) {
      const la = Math.hypot(...a);
      const lb = Math.hypot(...b);
      const cos = Math.min(1, Math.max(-1, dot(a, b) / (la * lb)));
      const error =
        Math.abs(Math.acos(cos) - angle) / Math.PI + Math.abs(la / lengthA - 1) + Math.abs(lb / lengthB - 1);
      if (error > tolerance) continue;
      const cross: Hkl = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
      if (handed !== 0 && Math.sign(dot(cross, [...zone] as Hkl)) !== handed) continue;
      if (error < bestError - 1e-9) {
        best = { a, b };
        bestError = error;
      }
    }
  return best;
}

/**
 * Indexes a fitted pattern for one candidate (a registry member: space group, zone axis and the length of the
 * pattern's shortest lattice vector in units of 1/a): finds the reciprocal-lattice vectors hkl that the fitted
 * lattice vectors a and b are, then gives every spot on the lattice its hkl, and fits the pixels spanned by 1/a
 * to all spots by least squares (`|spot − beam| = |hkl| · cellPixels`). With a calibration (Å⁻¹ per pixel) it
 * also gives the measured d-spacings and the lattice parameter a = 1 / (cellPixels · calibration) with its 1σ
 * (the spread of the spots about the fit, at least `centroidError` per spot). Handedness: (a × b)·zone > 0
 * with the zone axis pointing at the viewer and image y downwards. `null` when the candidate has no basis of the
 * fitted shape (a different lattice) or the member records no spacing.
 *
 * @example
 * const fit = latticeOfImage(image);
 * const [member] = membersOf(cubicRegistry, fit.label);
 * indexPattern(fit, member, { calibration: 0.01 })?.lattice; // { a: 5.64, sigma: 0.03 }
 */
export function indexPattern(
  fit: ImageLattice,
  member: LabelMember,
  options: IndexingOptions = {},
): PatternIndexing | null {
  const spacing = member.spacing;
  if (!(spacing && spacing > 0)) return null;
  const [ax, ay, bx, by] = fit.basis;
  const [cx, cy] = fit.center;
  const la = Math.hypot(ax, ay);
  const lb = Math.hypot(bx, by);
  const shortest = Math.min(la, lb);
  const angle = Math.acos(Math.min(1, Math.max(-1, (ax * bx + ay * by) / (la * lb))));
  // image y down: the 2D cross product as seen with y up
  const handed = -Math.sign(ax * by - ay * bx);
  const tolerance = options.shapeTolerance ?? 0.05;
  const lengthA = (spacing * la) / shortest;
  const lengthB = (spacing * lb) / shortest;
  const basis =
    zoneBasis(member.spaceGroup, member.zone, lengthA, lengthB, angle, handed, tolerance) ??
    zoneBasis(member.spaceGroup, member.zone, lengthA, lengthB, angle, 0, tolerance);
  if (!basis) return null;
  // Inverse of the 2×2 basis: pixel offset → (m, n).
  const det = ax * by - ay * bx;
  const near = (options.tolerance ?? 0.2) * shortest;
  const found = fit.spots;
  const spots: IndexedSpot[] = [];
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < found.x.length; i++) {
    const x = found.x[i]!;
    const y = found.y[i]!;
    const dx = x - cx;
    const dy = y - cy;
    const m = Math.round((dx * by - dy * bx) / det);
    const n = Math.round((ax * dy - ay * dx) / det);
    if ((m === 0 && n === 0) || Math.hypot(dx - m * ax - n * bx, dy - m * ay - n * by) > near) continue;
    const hkl: Hkl = [0, 1, 2].map((j) => m * basis.a[j]! + n * basis.b[j]! || 0) as Hkl;
    const radius = Math.hypot(dx, dy);
    const length = Math.hypot(...hkl);
    sxy += length * radius;
    sxx += length * length;
    spots.push({ x, y, m, n, hkl, radius, ratio: 0 });
  }
  if (spots.length === 0) return null;
  const cellPixels = sxy / sxx;
  let residual = 0;
  for (const s of spots) {
    const expected = Math.hypot(...s.hkl) * cellPixels;
    s.ratio = s.radius / expected;
    residual += (s.radius - expected) ** 2;
  }
  const floor = options.centroidError ?? 0.3;
  const variance = Math.max(spots.length > 1 ? residual / (spots.length - 1) : 0, floor * floor);
  const sigma = Math.sqrt(variance / sxx);
  const calibration = options.calibration;
  let lattice: PatternIndexing['lattice'] = null;
  if (calibration !== undefined && calibration > 0) {
    const a = 1 / (cellPixels * calibration);
    lattice = { a, sigma: (a * sigma) / cellPixels };
    for (const s of spots) {
      s.d = 1 / (s.radius * calibration);
      s.dExpected = a / Math.hypot(...s.hkl);
    }
  }
  spots.sort((p, q) => p.radius - q.radius);
  return {
    spaceGroup: member.spaceGroup,
    variant: member.variant,
    zone: member.zone,
    basis,
    centre: [cx, cy],
    basisPixels: [ax, ay, bx, by],
    cellPixels: { value: cellPixels, sigma },
    lattice,
    spots,
  };
}
