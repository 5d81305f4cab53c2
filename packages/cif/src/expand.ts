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
  const g00 = g[0]!;
  const g11 = g[4]!;
  const g22 = g[8]!;
  const g01 = 2 * g[1]!;
  const g02 = 2 * g[2]!;
  const g12 = 2 * g[5]!;
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

/**
 * Pairs of atoms from different sites closer than `tolerance` Å with the same element whose occupancies
 * add up to more than 1 (physically impossible: usually a site listed twice). Returns the pairs of site
 * labels, each pair once. Uses a spatial hash, so it is linear in the number of atoms.
 */
export function overlappingSites(atoms: CellAtoms, cell: Cell, tolerance: number): [string, string][] {
  const n = atoms.count;
  if (n < 2) return [];
  const g = metricTensor(cell);
  const lengths = [cell.a, cell.b, cell.c];
  // bins at least `tolerance` wide (and at least 0.5 Å, to bound their number)
  const bins = lengths.map((l) => Math.max(1, Math.floor(l / Math.max(tolerance, 0.5))));
  const [nx, ny, nz] = bins as [number, number, number];
  const grid = new Map<number, number[]>();
  const p = atoms.position;
  const bin = (i: number, d: number, nb: number): number => Math.min(nb - 1, Math.floor(p[i * 3 + d]! * nb));
  for (let i = 0; i < n; i++) {
    const key = (bin(i, 0, nx) * ny + bin(i, 1, ny)) * nz + bin(i, 2, nz);
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
  }
  const tol2 = tolerance * tolerance;
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const bx = bin(i, 0, nx);
    const by = bin(i, 1, ny);
    const bz = bin(i, 2, nz);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++) {
          const key = ((((bx + dx + nx) % nx) * ny + ((by + dy + ny) % ny)) * nz +
            ((bz + dz + nz) % nz)) as number;
          const list = grid.get(key);
          if (!list) continue;
          for (const j of list) {
            if (j <= i || atoms.label[j] === atoms.label[i] || atoms.element[j] !== atoms.element[i])
              continue;
            if (atoms.occupancy[i]! + atoms.occupancy[j]! <= 1 + 1e-3) continue;
            let fx = p[i * 3]! - p[j * 3]!;
            let fy = p[i * 3 + 1]! - p[j * 3 + 1]!;
            let fz = p[i * 3 + 2]! - p[j * 3 + 2]!;
            fx -= Math.round(fx);
            fy -= Math.round(fy);
            fz -= Math.round(fz);
            const d2 =
              g[0]! * fx * fx +
              g[4]! * fy * fy +
              g[8]! * fz * fz +
              2 * (g[1]! * fx * fy + g[2]! * fx * fz + g[5]! * fy * fz);
            if (d2 > tol2) continue;
            const a = atoms.label[i]!;
            const b = atoms.label[j]!;
            const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
            if (seen.has(pair)) continue;
            seen.add(pair);
            out.push(a < b ? [a, b] : [b, a]);
          }
        }
  }
  return out;
}
