/**
 * Labels of a zone-axis pattern computed from the crystal: ZOLZ plane → reflections with intensity →
 * the 2D lattice they generate → reduced canonical basis, type and shape → absence signature.
 *
 * @packageDocumentation
 */
import type { Cell } from '@sadp/cif';
import { LatticeLabelError } from './errors';
import {
  EXACT_TOLERANCE,
  generatedLattice,
  type LatticeShape,
  type LatticeTolerance,
  lagrangeReduce,
  latticeShape,
  transformGram,
} from './lattice-2d';
import type { LatticeType, ZoneAxis } from './registry-types';
import { absenceSignature, fnv1a, SIGNATURE_WINDOW, windowPoints } from './signature';
import { metricDot, reciprocalMetric, zonePlaneBasis } from './zone-plane';

/** The geometric part of a label: lattice type and the angles that fix its shape sub-group. */
export interface LabelShape {
  lattice: LatticeType;
  /** Centred rectangular (counted as D). */
  centred: boolean;
  /** |b|/|a| of the canonical reduced basis. */
  ratio: number;
  /** ∠BOA (degrees): angle from a to b, counter-clockwise, in the canonical reduced basis. */
  angleBOA: number;
  /** ∠OAB (degrees) of the triangle O, A, B halving the reduced cell. */
  angleOAB: number;
  /** Angle (degrees) between the diagonal and the longer side of the cell (the B sub-group angle). */
  diagonalAngle: number;
}

/** What a pattern looks like up to rotation and scale, with its registry name when known. */
export interface PatternLabel extends LabelShape {
  /** Registry label name such as `"A1-0"`, or `null` when the pattern is not in the registry used. */
  name: string | null;
  /**
   * Identity of the look: `"<shapeKey>|<signature hash>"`. Equal keys ⇔ same lattice type, same shape
   * (angles to 1e-3°) and same absence signature. Independent of any registry.
   */
  key: string;
  /** Shape part of the key, e.g. `"A"`, `"B:35.264"`, `"D:65.905/57.048"`. */
  shapeKey: string;
  /** Canonical absence signature (see `absenceSignature`). */
  signature: string;
  /** Number of absent nodes in the signature window. */
  absentCount: number;
  /** Canonical basis vectors a and b of the node lattice as Miller indices (6 integers); `signature` lists
   * absent nodes i·a + j·b in this basis. */
  basis: Int32Array;
  /** |a| and |b| of the canonical basis in Å⁻¹. */
  lengths: [number, number];
  /** Zone axis the label was computed for. */
  zone: ZoneAxis;
}

/** Options of {@link labelOfPlane} and `labelOf`. */
export interface PlaneLabelOptions {
  /**
   * A reflection counts as absent when I(hkl) ≤ absentBelow · I(000) (kinematic, Debye–Waller off).
   * Default 1e-14 (|F| < 1e-7·F(000)): only symmetry and special-position extinctions count (they come out
   * near 1e-30); accidental weak reflections and the ~1e-9–1e-11 left by CIF coordinates rounded off a special
   * position count as present.
   */
  absentBelow?: number;
  /**
   * Signature window in units of |b| (default {@link SIGNATURE_WINDOW}). Keys only match a registry computed with
   * the same window (`LabelRegistry.signatureWindow`).
   */
  window?: number;
  /** Lattice-type tolerances (default exact). */
  tolerance?: LatticeTolerance;
}

/**
 * Intensities I = |F|² of reflections, 3 Miller indices per reflection in `hkl`. The first call includes 000.
 */
export type IntensityFunction = (hkl: Int32Array) => ArrayLike<number>;

/** Shape key of a lattice shape (angles rounded to 1e-3°). */
export function shapeKeyOf(
  shape: Pick<LatticeShape, 'type' | 'diagonalAngle' | 'angleBOA' | 'angleOAB'>,
): string {
  switch (shape.type) {
    case 'A':
    case 'C':
      return shape.type;
    case 'B':
      return `B:${shape.diagonalAngle.toFixed(3)}`;
    default:
      return `D:${shape.angleBOA.toFixed(3)}/${shape.angleOAB.toFixed(3)}`;
  }
}

/**
 * Label of the ZOLZ pattern of zone `zone` for a crystal with cell `cell` whose reflection intensities
 * `intensities` returns. This is the physics-agnostic core of `labelOf`; pass any kinematic (or other)
 * intensity model.
 */
export function labelOfPlane(
  cell: Cell,
  zone: ZoneAxis,
  intensities: IntensityFunction,
  options: PlaneLabelOptions = {},
): PatternLabel {
  const absentBelow = options.absentBelow ?? 1e-14;
  const window = options.window ?? SIGNATURE_WINDOW;
  const tolerance = options.tolerance ?? EXACT_TOLERANCE;
  const gStar = reciprocalMetric(cell);
  const pq = zonePlaneBasis(zone);
  const dot = (u: ArrayLike<number>, v: ArrayLike<number>) =>
    metricDot(gStar, u[0]!, u[1]!, u[2]!, v[0]!, v[1]!, v[2]!);
  const p = pq.subarray(0, 3);
  const q = pq.subarray(3, 6);
  const planeGram = Float64Array.of(dot(p, p), dot(p, q), dot(q, q));
  const red = lagrangeReduce(planeGram);
  // Reduced plane basis in hkl.
  const r = Int32Array.of(
    red[0]! * p[0]! + red[1]! * q[0]!,
    red[0]! * p[1]! + red[1]! * q[1]!,
    red[0]! * p[2]! + red[1]! * q[2]!,
    red[2]! * p[0]! + red[3]! * q[0]!,
    red[2]! * p[1]! + red[3]! * q[1]!,
    red[2]! * p[2]! + red[3]! * q[2]!,
  );
  const redGram = transformGram(planeGram, red);
  // 1. Reflections of the plane near the origin, and which of them have intensity.
  const near = windowPoints(redGram, 8);
  const nNear = near.length / 2;
  const hkl = new Int32Array(3 * (nNear + 1));
  for (let i = 0; i < nNear; i++) {
    const m = near[2 * i]!;
    const n = near[2 * i + 1]!;
    for (let c = 0; c < 3; c++) hkl[3 * (i + 1) + c] = m * r[c]! + n * r[3 + c]!;
  }
  const inten = intensities(hkl);
  const i000 = inten[0]!;
  if (!(i000 > 0))
    throw new LatticeLabelError('E_LABEL_NO_LATTICE', 'I(000) is not positive: empty structure?');
  const threshold = absentBelow * i000;
  const present: number[] = [];
  for (let i = 0; i < nNear; i++) if (inten[i + 1]! > threshold) present.push(near[2 * i]!, near[2 * i + 1]!);
  const hnf = generatedLattice(present, present.length / 2);
  if (hnf === null) {
    throw new LatticeLabelError(
      'E_LABEL_NO_LATTICE',
      `zone [${zone.join(' ')}]: reflections do not span a 2D lattice`,
    );
  }
  // 2. Node lattice basis (in reduced-plane coordinates → hkl), keeping orientation (HNF has det > 0).
  const node = Int32Array.of(
    hnf[0]! * r[0]! + hnf[1]! * r[3]!,
    hnf[0]! * r[1]! + hnf[1]! * r[4]!,
    hnf[0]! * r[2]! + hnf[1]! * r[5]!,
    hnf[3]! * r[3]!,
    hnf[3]! * r[4]!,
    hnf[3]! * r[5]!,
  );
  const n0 = node.subarray(0, 3);
  const n1 = node.subarray(3, 6);
  const nodeGram = Float64Array.of(dot(n0, n0), dot(n0, n1), dot(n1, n1));
  const shape = latticeShape(nodeGram, tolerance);
  const t = shape.bases[0]!;
  const canonGram = transformGram(nodeGram, t);
  // 3. Intensity class of every node in the signature window (same node set for every canonical basis).
  const win = windowPoints(canonGram, window);
  const nWin = win.length / 2;
  const whkl = new Int32Array(3 * (nWin + 1));
  const nodeIndex = new Map<string, number>();
  for (let i = 0; i < nWin; i++) {
    const a = win[2 * i]!;
    const b = win[2 * i + 1]!;
    const m = a * t[0]! + b * t[2]!;
    const n = a * t[1]! + b * t[3]!;
    nodeIndex.set(`${m},${n}`, i);
    for (let c = 0; c < 3; c++) whkl[3 * (i + 1) + c] = m * n0[c]! + n * n1[c]!;
  }
  const wInt = intensities(whkl);
  const wThreshold = absentBelow * wInt[0]!;
  const sig = absenceSignature(
    shape,
    canonGram,
    (m, n) => {
      const idx = nodeIndex.get(`${m},${n}`);
      if (idx === undefined) return 1; // outside the tolerance-rounded window: treated as present
      return wInt[idx + 1]! > wThreshold ? 1 : 0;
    },
    window,
  );
  // Report the canonical basis the signature is written in.
  const tb = shape.bases[sig.basisIndex]!;
  const basis = Int32Array.of(
    tb[0]! * n0[0]! + tb[1]! * n1[0]!,
    tb[0]! * n0[1]! + tb[1]! * n1[1]!,
    tb[0]! * n0[2]! + tb[1]! * n1[2]!,
    tb[2]! * n0[0]! + tb[3]! * n1[0]!,
    tb[2]! * n0[1]! + tb[3]! * n1[1]!,
    tb[2]! * n0[2]! + tb[3]! * n1[2]!,
  );
  const shapeKey = shapeKeyOf(shape);
  return {
    name: null,
    key: `${shapeKey}|${fnv1a(sig.signature)}`,
    shapeKey,
    lattice: shape.type,
    centred: shape.centred,
    ratio: shape.ratio,
    angleBOA: shape.angleBOA,
    angleOAB: shape.angleOAB,
    diagonalAngle: shape.diagonalAngle,
    signature: sig.signature,
    absentCount: sig.absent,
    basis,
    lengths: [Math.sqrt(canonGram[0]!), Math.sqrt(canonGram[2]!)],
    zone: [zone[0], zone[1], zone[2]],
  };
}
