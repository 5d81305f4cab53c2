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

/** Default {@link PlaneLabelOptions.absentBelow}: a reflection is absent below this fraction of I(000). */
export const ABSENT_BELOW = 1e-14;

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

/** The {@link LabelShape} fields of a lattice shape. */
export function labelShapeOf(shape: LatticeShape): LabelShape {
  return {
    lattice: shape.type,
    centred: shape.centred,
    ratio: shape.ratio,
    angleBOA: shape.angleBOA,
    angleOAB: shape.angleOAB,
    diagonalAngle: shape.diagonalAngle,
  };
}

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

/** The rows a·u + b·v and c·u + d·v of two Miller-index vectors `u`, `v` (6 integers). */
function combineRows(
  a: number,
  b: number,
  c: number,
  d: number,
  u: ArrayLike<number>,
  v: ArrayLike<number>,
): Int32Array {
  return Int32Array.of(
    a * u[0]! + b * v[0]!,
    a * u[1]! + b * v[1]!,
    a * u[2]! + b * v[2]!,
    c * u[0]! + d * v[0]!,
    c * u[1]! + d * v[1]!,
    c * u[2]! + d * v[2]!,
  );
}

/** Gram matrix (g00, g01, g11) of the rows `u` = `basis[0..3)` and `v` = `basis[3..6)` under the metric `gStar`. */
function gramOf(gStar: Float64Array, basis: Int32Array): Float64Array {
  const dot = (u: number, v: number) =>
    metricDot(gStar, basis[u]!, basis[u + 1]!, basis[u + 2]!, basis[v]!, basis[v + 1]!, basis[v + 2]!);
  return Float64Array.of(dot(0, 0), dot(0, 3), dot(3, 3));
}

/**
 * Step 1: the lattice generated by the reflections of the plane near the origin that have intensity, as a
 * basis in hkl (orientation kept: the HNF has det > 0), from the Lagrange-reduced basis `r` of the plane.
 */
function nodeBasis(
  zone: ZoneAxis,
  r: Int32Array,
  redGram: Float64Array,
  intensities: IntensityFunction,
  absentBelow: number,
): Int32Array {
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
  return Int32Array.of(
    hnf[0]! * r[0]! + hnf[1]! * r[3]!,
    hnf[0]! * r[1]! + hnf[1]! * r[4]!,
    hnf[0]! * r[2]! + hnf[1]! * r[5]!,
    hnf[3]! * r[3]!,
    hnf[3]! * r[4]!,
    hnf[3]! * r[5]!,
  );
}

/**
 * Step 3: the absence signature of the node lattice `node` (rows n0, n1): the intensity class of every node in
 * the signature window (same node set for every canonical basis), through the first canonical basis.
 */
function nodeSignature(
  shape: LatticeShape,
  canonGram: Float64Array,
  node: Int32Array,
  intensities: IntensityFunction,
  absentBelow: number,
  window: number,
): ReturnType<typeof absenceSignature> {
  const t = shape.bases[0]!;
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
    for (let c = 0; c < 3; c++) whkl[3 * (i + 1) + c] = m * node[c]! + n * node[3 + c]!;
  }
  const wInt = intensities(whkl);
  const wThreshold = absentBelow * wInt[0]!;
  return absenceSignature(
    shape,
    canonGram,
    (m, n) => {
      const idx = nodeIndex.get(`${m},${n}`);
      if (idx === undefined) return 1; // outside the tolerance-rounded window: treated as present
      return wInt[idx + 1]! > wThreshold ? 1 : 0;
    },
    window,
  );
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
  const absentBelow = options.absentBelow ?? ABSENT_BELOW;
  const window = options.window ?? SIGNATURE_WINDOW;
  const tolerance = options.tolerance ?? EXACT_TOLERANCE;
  const gStar = reciprocalMetric(cell);
  const pq = zonePlaneBasis(zone);
  const planeGram = gramOf(gStar, pq);
  const red = lagrangeReduce(planeGram);
  // Reduced plane basis in hkl.
  const r = combineRows(red[0]!, red[1]!, red[2]!, red[3]!, pq.subarray(0, 3), pq.subarray(3, 6));
  // 1. Reflections of the plane near the origin, and which of them have intensity.
  const node = nodeBasis(zone, r, transformGram(planeGram, red), intensities, absentBelow);
  // 2. Node lattice basis (in reduced-plane coordinates → hkl), its type and shape.
  const nodeGram = gramOf(gStar, node);
  const shape = latticeShape(nodeGram, tolerance);
  const canonGram = transformGram(nodeGram, shape.bases[0]!);
  // 3. Intensity class of every node in the signature window.
  const sig = nodeSignature(shape, canonGram, node, intensities, absentBelow, window);
  // Report the canonical basis the signature is written in.
  const tb = shape.bases[sig.basisIndex]!;
  const basis = combineRows(tb[0]!, tb[1]!, tb[2]!, tb[3]!, node.subarray(0, 3), node.subarray(3, 6));
  const shapeKey = shapeKeyOf(shape);
  return {
    name: null,
    key: `${shapeKey}|${fnv1a(sig.signature)}`,
    shapeKey,
    ...labelShapeOf(shape),
    signature: sig.signature,
    absentCount: sig.absent,
    basis,
    lengths: [Math.sqrt(canonGram[0]!), Math.sqrt(canonGram[2]!)],
    zone: [zone[0], zone[1], zone[2]],
  };
}
