/**
 * Expansion of an asymmetric unit to the conventional cell: apply operators, wrap to [0, 1), merge copies.
 *
 * @packageDocumentation
 */

import type { AtomSite, Cell, CellAtoms } from './structure';

/**
 * Metric tensor G (row-major 3×3, Å²) of a cell: G_ij = a_i · a_j.
 * Writes into `out` and returns it.
 */
export function metricTensor(cell: Cell, out: Float64Array = new Float64Array(9)): Float64Array {
  const d = Math.PI / 180;
  const ca = Math.cos(cell.alpha * d);
  const cb = Math.cos(cell.beta * d);
  const cg = Math.cos(cell.gamma * d);
  out[0] = cell.a * cell.a;
  out[4] = cell.b * cell.b;
  out[8] = cell.c * cell.c;
  out[1] = out[3] = cell.a * cell.b * cg;
  out[2] = out[6] = cell.a * cell.c * cb;
  out[5] = out[7] = cell.b * cell.c * ca;
  return out;
}

/** Wraps a fractional coordinate to [0, 1); values within 1e-6 of 1 become 0. */
export function wrapCoordinate(x: number): number {
  let w = x - Math.floor(x);
  if (w > 1 - 1e-6) w = 0;
  return w === 0 ? 0 : w; // no -0
}

/**
 * Coefficients of |d|² = g00·dx² + g11·dy² + g22·dz² + g01·dx·dy + g02·dx·dz + g12·dy·dz for a fractional
 * difference d (Å²): the metric tensor `g`'s diagonal and twice its off-diagonal entries, in that order.
 */
function distanceForm(g: Float64Array): [number, number, number, number, number, number] {
  return [g[0]!, g[4]!, g[8]!, 2 * g[1]!, 2 * g[2]!, 2 * g[5]!];
}

/**
 * Applies every operator to every site, wraps positions to [0, 1) and merges symmetry copies of the
 * same site closer than `tolerance` Å (minimum-image distance) or within 2e-4 in every fractional coordinate. Sites keep their occupancy and B;
 * different sites on the same position (mixed occupancy) are all kept.
 */
export function expandSites(
  sites: readonly AtomSite[],
  operators: Float64Array,
  cell: Cell,
  tolerance: number,
): CellAtoms {
  const g = metricTensor(cell);
  const [g00, g11, g22, g01, g02, g12] = distanceForm(g);
  const tol2 = tolerance * tolerance;
  const nOps = (operators.length / 12) | 0;
  let capacity = Math.max(16, sites.length * Math.min(nOps, 48));
  let position = new Float64Array(capacity * 3);
  let siteIndex = new Int32Array(capacity);
  let count = 0;
  for (let s = 0; s < sites.length; s++) {
    const site = sites[s]!;
    const x = site.x;
    const y = site.y;
    const z = site.z;
    const first = count;
    for (let o = 0; o < nOps * 12; o += 12) {
      const px = wrapCoordinate(
        operators[o]! * x + operators[o + 1]! * y + operators[o + 2]! * z + operators[o + 3]!,
      );
      const py = wrapCoordinate(
        operators[o + 4]! * x + operators[o + 5]! * y + operators[o + 6]! * z + operators[o + 7]!,
      );
      const pz = wrapCoordinate(
        operators[o + 8]! * x + operators[o + 9]! * y + operators[o + 10]! * z + operators[o + 11]!,
      );
      let duplicate = false;
      for (let k = first; k < count; k++) {
        let dx = px - position[k * 3]!;
        let dy = py - position[k * 3 + 1]!;
        let dz = pz - position[k * 3 + 2]!;
        dx -= Math.round(dx);
        dy -= Math.round(dy);
        dz -= Math.round(dz);
        const d2 =
          g00 * dx * dx + g11 * dy * dy + g22 * dz * dz + g01 * dx * dy + g02 * dx * dz + g12 * dy * dz;
        if (d2 <= tol2 || (Math.abs(dx) < 2e-4 && Math.abs(dy) < 2e-4 && Math.abs(dz) < 2e-4)) {
          duplicate = true;
          break;
        }
      }
      if (duplicate) continue;
      if (count === capacity) {
        capacity *= 2;
        const p2 = new Float64Array(capacity * 3);
        p2.set(position);
        position = p2;
        const s2 = new Int32Array(capacity);
        s2.set(siteIndex);
        siteIndex = s2;
      }
      position[count * 3] = px;
      position[count * 3 + 1] = py;
      position[count * 3 + 2] = pz;
      siteIndex[count] = s;
      count++;
    }
  }
  const element: string[] = new Array(count);
  const label: string[] = new Array(count);
  const atomicNumber = new Uint8Array(count);
  const occupancy = new Float64Array(count);
  const b = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const site = sites[siteIndex[i]!]!;
    element[i] = site.element;
    label[i] = site.label;
    atomicNumber[i] = site.atomicNumber;
    occupancy[i] = site.occupancy;
    b[i] = site.b;
  }
  return { count, element, atomicNumber, label, position: position.slice(0, count * 3), occupancy, b };
}

function determinant3(m: Float64Array): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/** Sum formula in Hill order (C, H, then alphabetical; alphabetical without C) with occupancy-weighted counts. */
export function hillFormula(atoms: CellAtoms): string {
  const totals = new Map<string, number>();
  for (let i = 0; i < atoms.count; i++) {
    const e = atoms.element[i]!;
    totals.set(e, (totals.get(e) ?? 0) + atoms.occupancy[i]!);
  }
  const names = [...totals.keys()].sort();
  const ordered = totals.has('C')
    ? ['C', ...(totals.has('H') ? ['H'] : []), ...names.filter((n) => n !== 'C' && n !== 'H')]
    : names;
  return ordered
    .map((e) => {
      const n = totals.get(e)!;
      const r = Math.round(n * 1000) / 1000;
      return r === 1 ? e : `${e}${r}`;
    })
    .join(' ');
}

/** Close pairs found by {@link closeAtomPairs}: atom indices `i < j` and their distance in Å, column-wise. */
export interface ClosePairs {
  count: number;
  i: Int32Array;
  j: Int32Array;
  distance: Float64Array;
}

/**
 * All pairs of distinct atoms closer than `distance` Å (minimum image), each once with `i < j`. Brute force
 * for small cells, a spatial hash otherwise (linear in the number of atoms).
 */
export function closeAtomPairs(atoms: CellAtoms, cell: Cell, distance: number): ClosePairs {
  const n = atoms.count;
  const g = metricTensor(cell);
  const [g00, g11, g22, g01, g02, g12] = distanceForm(g);
  const p = atoms.position;
  const d2max = distance * distance;
  let cap = 16;
  let pi = new Int32Array(cap);
  let pj = new Int32Array(cap);
  let pd = new Float64Array(cap);
  let count = 0;
  const test = (i: number, j: number): void => {
    let fx = p[i * 3]! - p[j * 3]!;
    let fy = p[i * 3 + 1]! - p[j * 3 + 1]!;
    let fz = p[i * 3 + 2]! - p[j * 3 + 2]!;
    fx -= Math.round(fx);
    fy -= Math.round(fy);
    fz -= Math.round(fz);
    const d2 = g00 * fx * fx + g11 * fy * fy + g22 * fz * fz + g01 * fx * fy + g02 * fx * fz + g12 * fy * fz;
    if (d2 >= d2max) return;
    if (count === cap) {
      cap *= 2;
      const a = new Int32Array(cap);
      a.set(pi);
      pi = a;
      const b = new Int32Array(cap);
      b.set(pj);
      pj = b;
      const c = new Float64Array(cap);
      c.set(pd);
      pd = c;
    }
    pi[count] = i;
    pj[count] = j;
    pd[count] = Math.sqrt(d2);
    count++;
  };
  if (n <= 96) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) test(i, j);
    return { count, i: pi.subarray(0, count), j: pj.subarray(0, count), distance: pd.subarray(0, count) };
  }
  // cell list: bins at least `distance` wide and about one atom each; head/next linked lists in typed arrays
  const volume = Math.sqrt(Math.max(determinant3(g), 1e-12));
  const width = Math.max(distance, Math.cbrt(volume / n));
  // bin counts from the spacings of the (100), (010), (001) planes, so that bins are `width` thick also in
  // oblique cells: h_a = V / (b c sin α), etc.
  const d = Math.PI / 180;
  const ha = volume / (cell.b * cell.c * Math.sin(cell.alpha * d));
  const hb = volume / (cell.a * cell.c * Math.sin(cell.beta * d));
  const hc = volume / (cell.a * cell.b * Math.sin(cell.gamma * d));
  let nx = Math.max(1, Math.min(1 << 20, Math.floor(ha / width)));
  let ny = Math.max(1, Math.min(1 << 20, Math.floor(hb / width)));
  let nz = Math.max(1, Math.min(1 << 20, Math.floor(hc / width)));
  // bound the number of bins (very anisotropic or absurd cells): halve the longest axis until small enough
  while (nx * ny * nz > 8 * n + 64) {
    if (nx >= ny && nx >= nz) nx = Math.max(1, nx >> 1);
    else if (ny >= nz) ny = Math.max(1, ny >> 1);
    else nz = Math.max(1, nz >> 1);
  }
  const head = new Int32Array(nx * ny * nz).fill(-1);
  const next = new Int32Array(n);
  const bx = new Int32Array(n);
  const by = new Int32Array(n);
  const bz = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.min(nx - 1, Math.floor(p[i * 3]! * nx));
    const y = Math.min(ny - 1, Math.floor(p[i * 3 + 1]! * ny));
    const z = Math.min(nz - 1, Math.floor(p[i * 3 + 2]! * nz));
    bx[i] = x;
    by[i] = y;
    bz[i] = z;
    const key = (x * ny + y) * nz + z;
    next[i] = head[key]!;
    head[key] = i;
  }
  // neighbour offsets per axis without visiting a bin twice when an axis has fewer than 3 bins
  const offsets = (m: number): number[] => (m >= 3 ? [-1, 0, 1] : m === 2 ? [0, 1] : [0]);
  const ox = offsets(nx);
  const oy = offsets(ny);
  const oz = offsets(nz);
  for (let i = 0; i < n; i++) {
    for (const dx of ox)
      for (const dy of oy)
        for (const dz of oz) {
          const key =
            (((bx[i]! + dx + nx) % nx) * ny + ((by[i]! + dy + ny) % ny)) * nz + ((bz[i]! + dz + nz) % nz);
          for (let j = head[key]!; j >= 0; j = next[j]!) if (j > i) test(i, j);
        }
  }
  return { count, i: pi.subarray(0, count), j: pj.subarray(0, count), distance: pd.subarray(0, count) };
}

/** Problems found among close atom pairs by {@link checkContacts}. */
export interface ContactReport {
  /** Pairs of site labels putting the same element on one position (closer than the tolerance) with occupancies adding up to more than 1. */
  overlapping: [string, string][];
  /** Number of pairs of fully occupied atoms closer than the contact distance. */
  closeContacts: number;
}

/**
 * Looks for a site listed twice (same element on the same position, closer than `tolerance` Å, total
 * occupancy above 1) and for fully occupied atoms closer than `contact` Å (default 0.5 Å; an ordered
 * structure has none, so they point at a wrong origin choice or inconsistent coordinates).
 */
export function checkContacts(atoms: CellAtoms, cell: Cell, tolerance: number, contact = 0.5): ContactReport {
  const pairs = closeAtomPairs(atoms, cell, Math.max(contact, tolerance));
  const seen = new Set<string>();
  const overlapping: [string, string][] = [];
  let closeContacts = 0;
  for (let k = 0; k < pairs.count; k++) {
    const i = pairs.i[k]!;
    const j = pairs.j[k]!;
    const oi = atoms.occupancy[i]!;
    const oj = atoms.occupancy[j]!;
    if (pairs.distance[k]! < contact && oi >= 0.999 && oj >= 0.999) closeContacts++;
    if (
      pairs.distance[k]! <= tolerance &&
      atoms.label[i] !== atoms.label[j] &&
      atoms.element[i] === atoms.element[j] &&
      oi + oj > 1 + 1e-3
    ) {
      const a = atoms.label[i]!;
      const b = atoms.label[j]!;
      const pair: [string, string] = a < b ? [a, b] : [b, a];
      const key = `${pair[0]} ${pair[1]}`;
      if (!seen.has(key)) {
        seen.add(key);
        overlapping.push(pair);
      }
    }
  }
  return { overlapping, closeContacts };
}
