/**
 * Random crystal structures of a given space group, to balance groups with few real CIFs.
 * Sites are drawn from the group's own operators: general positions, and special positions found as
 * fixed points of random subsets of one or two operators (solving (R − I)·x = n − t for integer n).
 *
 * @packageDocumentation
 */
import type { AtomSite, Cell, CellAtoms, SpaceGroupRef, Structure } from '@sadp/cif';
import { DatasetError } from './errors';
import { createRng, type Rng } from './random';

/** Elements drawn for synthetic sites (symbol, atomic number): common, non-noble, Z 3–83. */
const ELEMENTS: ReadonlyArray<readonly [string, number]> = (
  'Li:3 Be:4 B:5 C:6 N:7 O:8 F:9 Na:11 Mg:12 Al:13 Si:14 P:15 S:16 Cl:17 K:19 Ca:20 Sc:21 ' +
  'Ti:22 V:23 Cr:24 Mn:25 Fe:26 Co:27 Ni:28 Cu:29 Zn:30 Ga:31 Ge:32 As:33 Se:34 Br:35 Rb:37 ' +
  'Sr:38 Y:39 Zr:40 Nb:41 Mo:42 Ru:44 Rh:45 Pd:46 Ag:47 Cd:48 In:49 Sn:50 Sb:51 Te:52 I:53 ' +
  'Cs:55 Ba:56 La:57 Ce:58 Nd:60 Gd:64 Hf:72 Ta:73 W:74 Re:75 Os:76 Ir:77 Pt:78 Au:79 Pb:82 ' +
  'Bi:83'
)
  .split(' ')
  .map((e) => {
    const [symbol, z] = e.split(':');
    return [symbol!, Number(z)] as const;
  });

/** Options of {@link randomStructure}. */
export interface RandomStructureOptions {
  /** Number of distinct sites, default a random 1–3. */
  sites?: number;
  /** Upper bound on atoms in the conventional cell, default 160 (sites that would exceed it are dropped). */
  maxAtoms?: number;
  /** Probability that a site is a general position, default 0.35. */
  generalProbability?: number;
  /** Range of the cell edge drawn before the distance check, in Å, default `[3.5, 11]`. */
  latticeRange?: readonly [number, number];
  /** Minimum interatomic distance in Å, default 1.8: the cell is enlarged until it holds. */
  minDistance?: number;
  /** Largest cell edge accepted, in Å, default 24. */
  maxLattice?: number;
  /** Data block name written to `source.block`, default `"synthetic"`. */
  block?: string;
}

const TOL = 1e-4;

function wrap(v: number): number {
  const w = v - Math.floor(v);
  return w > 1 - 1e-9 ? 0 : w;
}

function applyOp(ops: Float64Array, o: number, x: number, y: number, z: number, out: Float64Array): void {
  const b = 12 * o;
  out[0] = wrap(ops[b]! * x + ops[b + 1]! * y + ops[b + 2]! * z + ops[b + 3]!);
  out[1] = wrap(ops[b + 4]! * x + ops[b + 5]! * y + ops[b + 6]! * z + ops[b + 7]!);
  out[2] = wrap(ops[b + 8]! * x + ops[b + 9]! * y + ops[b + 10]! * z + ops[b + 11]!);
}

function periodicDelta(d: number): number {
  return d - Math.round(d);
}

/**
 * The orbit of fractional point (x, y, z) under `operators` (12 numbers per operator), wrapped to [0, 1)
 * with coincident images merged: `3 × multiplicity` coordinates.
 */
export function orbit(operators: Float64Array, x: number, y: number, z: number): Float64Array {
  const n = operators.length / 12;
  const pts: number[] = [];
  const p = new Float64Array(3);
  for (let o = 0; o < n; o++) {
    applyOp(operators, o, x, y, z, p);
    let dup = false;
    for (let i = 0; i < pts.length; i += 3) {
      if (
        Math.abs(periodicDelta(pts[i]! - p[0]!)) < TOL &&
        Math.abs(periodicDelta(pts[i + 1]! - p[1]!)) < TOL &&
        Math.abs(periodicDelta(pts[i + 2]! - p[2]!)) < TOL
      ) {
        dup = true;
        break;
      }
    }
    if (!dup) pts.push(p[0]!, p[1]!, p[2]!);
  }
  return Float64Array.from(pts);
}

/**
 * Solves the stacked systems (R_i − I)·x = n_i − t_i for the given operators with integer n_i drawn in
 * random order from {−1, 0, 1}³; free coordinates are random. Returns a point fixed by every operator
 * (modulo lattice translations), or `undefined` when none exists (e.g. a screw axis or a glide).
 */
export function randomFixedPoint(
  operators: Float64Array,
  ops: readonly number[],
  rng: Rng,
): Float64Array | undefined {
  const shifts: number[][] = [];
  for (let a = -1; a <= 1; a++)
    for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) shifts.push([a, b, c]);
  const k = ops.length;
  const total = 27 ** k;
  const order = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const rows = new Float64Array(3 * k * 4);
  for (const combo of order) {
    let code = combo;
    for (let j = 0; j < k; j++) {
      const shift = shifts[code % 27]!;
      code = Math.floor(code / 27);
      const base = 12 * ops[j]!;
      for (let r = 0; r < 3; r++) {
        const row = (3 * j + r) * 4;
        for (let c = 0; c < 3; c++) rows[row + c] = operators[base + 4 * r + c]! - (r === c ? 1 : 0);
        rows[row + 3] = shift[r]! - operators[base + 4 * r + 3]!;
      }
    }
    const solution = solveAffine(rows, 3 * k, rng);
    if (solution) return solution;
  }
  return undefined;
}

/** Gauss–Jordan on an m×4 augmented system; random values for free variables; undefined if inconsistent. */
function solveAffine(rows: Float64Array, m: number, rng: Rng): Float64Array | undefined {
  const a = Float64Array.from(rows);
  const pivotCol: number[] = [];
  let r = 0;
  for (let c = 0; c < 3 && r < m; c++) {
    let best = r;
    for (let i = r + 1; i < m; i++) if (Math.abs(a[i * 4 + c]!) > Math.abs(a[best * 4 + c]!)) best = i;
    if (Math.abs(a[best * 4 + c]!) < 1e-9) continue;
    for (let j = 0; j < 4; j++) {
      const t = a[r * 4 + j]!;
      a[r * 4 + j] = a[best * 4 + j]!;
      a[best * 4 + j] = t;
    }
    const pv = a[r * 4 + c]!;
    for (let j = 0; j < 4; j++) a[r * 4 + j]! /= pv;
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const f = a[i * 4 + c]!;
      if (f !== 0) for (let j = 0; j < 4; j++) a[i * 4 + j]! -= f * a[r * 4 + j]!;
    }
    pivotCol.push(c);
    r++;
  }
  for (let i = r; i < m; i++) if (Math.abs(a[i * 4 + 3]!) > 1e-9) return undefined;
  const x = new Float64Array(3);
  for (let c = 0; c < 3; c++) if (!pivotCol.includes(c)) x[c] = rng.next();
  for (let i = 0; i < pivotCol.length; i++) {
    const c = pivotCol[i]!;
    let v = a[i * 4 + 3]!;
    for (let j = 0; j < 3; j++) if (j !== c) v -= a[i * 4 + j]! * x[j]!;
    x[c] = v;
  }
  for (let c = 0; c < 3; c++) x[c] = wrap(x[c]!);
  return x;
}

/** Random cell of the crystal system of space group `number`, edges scaled by `edge` (Å). */
function randomCell(number: number, edge: number, rng: Rng): Cell {
  const e = () => edge * rng.uniform(0.8, 1.25);
  if (number >= 195) return { a: edge, b: edge, c: edge, alpha: 90, beta: 90, gamma: 90 };
  if (number >= 143) {
    const a = edge;
    return { a, b: a, c: e(), alpha: 90, beta: 90, gamma: 120 };
  }
  if (number >= 75) {
    const a = edge;
    return { a, b: a, c: e(), alpha: 90, beta: 90, gamma: 90 };
  }
  if (number >= 16) return { a: edge, b: e(), c: e(), alpha: 90, beta: 90, gamma: 90 };
  if (number >= 3) return { a: edge, b: e(), c: e(), alpha: 90, beta: rng.uniform(95, 115), gamma: 90 };
  return {
    a: edge,
    b: e(),
    c: e(),
    alpha: rng.uniform(80, 100),
    beta: rng.uniform(80, 100),
    gamma: rng.uniform(80, 100),
  };
}

/** Row-major 3×3 matrix taking fractional to Cartesian coordinates (a along x, b in the xy plane). */
function cellMatrix(cell: Cell): Float64Array {
  const r = Math.PI / 180;
  const ca = Math.cos(cell.alpha * r);
  const cb = Math.cos(cell.beta * r);
  const cg = Math.cos(cell.gamma * r);
  const sg = Math.sin(cell.gamma * r);
  const cx = cell.c * cb;
  const cy = (cell.c * (ca - cb * cg)) / sg;
  const cz = Math.sqrt(Math.max(cell.c * cell.c - cx * cx - cy * cy, 0));
  return Float64Array.of(cell.a, cell.b * cg, cx, 0, cell.b * sg, cy, 0, 0, cz);
}

/** Shortest distance in Å between two atoms (or an atom and its own periodic image) of `positions`. */
function minDistance(positions: Float64Array, cell: Cell): number {
  const m = cellMatrix(cell);
  const n = positions.length / 3;
  let best = Math.min(cell.a, cell.b, cell.c);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = periodicDelta(positions[3 * j]! - positions[3 * i]!);
      const dy = periodicDelta(positions[3 * j + 1]! - positions[3 * i + 1]!);
      const dz = periodicDelta(positions[3 * j + 2]! - positions[3 * i + 2]!);
      // nearest image for (near-)orthogonal cells; good enough as a lower-bound check for random structures
      const x = m[0]! * dx + m[1]! * dy + m[2]! * dz;
      const y = m[4]! * dy + m[5]! * dz;
      const z = m[8]! * dz;
      best = Math.min(best, Math.hypot(x, y, z));
    }
  }
  return best;
}

function hillFormula(elements: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const e of elements) counts.set(e, (counts.get(e) ?? 0) + 1);
  const keys = [...counts.keys()].sort();
  const order = counts.has('C')
    ? ['C', ...(counts.has('H') ? ['H'] : []), ...keys.filter((k) => k !== 'C' && k !== 'H')]
    : keys;
  return order.map((k) => `${k}${counts.get(k)}`).join('');
}

/** Indices of the operators of `ops` (12 numbers each) whose rotation part is not the identity. */
function rotationalOperators(ops: ArrayLike<number>): number[] {
  const nOps = ops.length / 12;
  const rotational: number[] = [];
  for (let o = 1; o < nOps; o++) {
    const b = 12 * o;
    const identity =
      ops[b] === 1 &&
      ops[b + 5] === 1 &&
      ops[b + 10] === 1 &&
      ops[b + 1] === 0 &&
      ops[b + 2] === 0 &&
      ops[b + 4] === 0 &&
      ops[b + 6] === 0 &&
      ops[b + 8] === 0 &&
      ops[b + 9] === 0;
    if (!identity) rotational.push(o);
  }
  return rotational;
}

/** {@link RandomStructureOptions} with their defaults (`sites` and `block` are read where used). */
function resolveRandomStructureOptions(options: RandomStructureOptions) {
  const [eMin, eMax] = options.latticeRange ?? [3.5, 11];
  return {
    maxAtoms: options.maxAtoms ?? 160,
    pGeneral: options.generalProbability ?? 0.35,
    eMin,
    eMax,
    dMin: options.minDistance ?? 1.8,
    maxLattice: options.maxLattice ?? 24,
  };
}

/** True when one of `images` falls on a position of `atomPos` (fractional, modulo lattice translations). */
function onOccupiedPosition(images: ArrayLike<number>, atomPos: readonly number[]): boolean {
  for (let i = 0; i < images.length; i += 3) {
    for (let j = 0; j < atomPos.length; j += 3) {
      if (
        Math.abs(periodicDelta(images[i]! - atomPos[j]!)) < 1e-3 &&
        Math.abs(periodicDelta(images[i + 1]! - atomPos[j + 1]!)) < 1e-3 &&
        Math.abs(periodicDelta(images[i + 2]! - atomPos[j + 2]!)) < 1e-3
      ) {
        return true;
      }
    }
  }
  return false;
}

/** The sites of one attempt, and their atoms in the cell (column arrays). */
interface RandomSites {
  sites: AtomSite[];
  atomElement: string[];
  atomZ: number[];
  atomLabel: string[];
  atomPos: number[];
}

/**
 * `nSites` sites of distinct random elements, each on a general position (probability `pGeneral`, always when
 * the group has no rotation) or a point fixed by one or two random rotations; sites that would exceed
 * `maxAtoms` or fall on an occupied position are dropped.
 */
function randomSites(
  ops: SpaceGroupRef['operators'],
  rotational: readonly number[],
  nSites: number,
  maxAtoms: number,
  pGeneral: number,
  rng: Rng,
): RandomSites {
  const elements = rng.shuffle([...ELEMENTS]).slice(0, nSites);
  const out: RandomSites = { sites: [], atomElement: [], atomZ: [], atomLabel: [], atomPos: [] };
  const { sites, atomElement, atomZ, atomLabel, atomPos } = out;
  for (let s = 0; s < nSites; s++) {
    let point: Float64Array | undefined;
    if (rotational.length === 0 || rng.next() < pGeneral)
      point = Float64Array.of(rng.next(), rng.next(), rng.next());
    else {
      const k = rotational.length > 1 && rng.next() < 0.5 ? 2 : 1;
      const chosen = rng.shuffle([...rotational]).slice(0, k);
      point = randomFixedPoint(ops, chosen, rng);
    }
    if (!point) continue;
    const images = orbit(ops, point[0]!, point[1]!, point[2]!);
    const count = images.length / 3;
    if (atomZ.length + count > maxAtoms) continue;
    // reject a site that falls on an occupied position
    if (onOccupiedPosition(images, atomPos)) continue;
    const [symbol, z] = elements[s]!;
    const label = `${symbol}${sites.length + 1}`;
    sites.push({
      label,
      element: symbol,
      atomicNumber: z,
      x: point[0]!,
      y: point[1]!,
      z: point[2]!,
      occupancy: 1,
      b: Number.NaN,
    });
    for (let i = 0; i < images.length; i += 3) {
      atomElement.push(symbol);
      atomZ.push(z);
      atomLabel.push(label);
      atomPos.push(images[i]!, images[i + 1]!, images[i + 2]!);
    }
  }
  return out;
}

/** The structure of the placed sites in `cell`. */
function assembleStructure(
  group: SpaceGroupRef,
  cell: Cell,
  placed: RandomSites,
  positions: Float64Array,
  block: string,
): Structure {
  const { sites, atomElement, atomZ, atomLabel } = placed;
  const atoms: CellAtoms = {
    count: atomZ.length,
    element: atomElement,
    atomicNumber: Uint8Array.from(atomZ),
    label: atomLabel,
    position: positions,
    occupancy: new Float64Array(atomZ.length).fill(1),
    b: new Float64Array(atomZ.length).fill(Number.NaN),
  };
  return {
    cell,
    spaceGroup: {
      number: group.number,
      symbol: group.symbol,
      ...(group.hall === undefined ? {} : { hall: group.hall }),
      ...(group.setting === undefined ? {} : { setting: group.setting }),
      operators: Float64Array.from(group.operators),
    },
    sites,
    atoms,
    formula: hillFormula(atomElement),
    source: { block },
  };
}

/**
 * A random crystal structure in space group `group` (operators as in `@sadp/cif`'s `spaceGroup(n)`):
 * 1–3 sites of distinct random elements on general or special positions, a random cell of the group's
 * crystal system enlarged until no two atoms are closer than `minDistance`.
 * Deterministic for a given `rng` state or seed.
 *
 * @throws DatasetError `E_DATASET_SYNTHETIC` when no structure satisfies the constraints after 50 attempts.
 */
export function randomStructure(
  group: SpaceGroupRef,
  rngOrSeed: Rng | number,
  options: RandomStructureOptions = {},
): Structure {
  const rng = typeof rngOrSeed === 'number' ? createRng(rngOrSeed) : rngOrSeed;
  const ops = group.operators;
  const rotational = rotationalOperators(ops);
  const { maxAtoms, pGeneral, eMin, eMax, dMin, maxLattice } = resolveRandomStructureOptions(options);
  for (let attempt = 0; attempt < 50; attempt++) {
    const nSites = options.sites ?? 1 + rng.int(3);
    const placed = randomSites(ops, rotational, nSites, maxAtoms, pGeneral, rng);
    if (placed.sites.length === 0) continue;
    const positions = Float64Array.from(placed.atomPos);
    let cell = randomCell(group.number, rng.uniform(eMin, eMax), rng);
    const d = minDistance(positions, cell);
    if (d < dMin) {
      const f = (dMin / d) * 1.0001;
      cell = { ...cell, a: cell.a * f, b: cell.b * f, c: cell.c * f };
    }
    if (Math.max(cell.a, cell.b, cell.c) > maxLattice) continue;
    return assembleStructure(group, cell, placed, positions, options.block ?? 'synthetic');
  }
  throw new DatasetError(
    'E_DATASET_SYNTHETIC',
    `could not build a random structure in space group ${group.number} within the limits (max ${maxAtoms} atoms, a ≤ ${maxLattice} Å)`,
  );
}
