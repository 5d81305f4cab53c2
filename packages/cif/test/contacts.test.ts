import { describe, expect, it } from 'vitest';
import { type Cell, type CellAtoms, closeAtomPairs, metricTensor } from '../src/index';
import { prng } from './fuzz';

function randomAtoms(n: number, seed: number): CellAtoms {
  const rnd = prng(seed);
  const position = new Float64Array(n * 3);
  for (let k = 0; k < n * 3; k++) position[k] = rnd();
  return {
    count: n,
    element: Array.from({ length: n }, () => 'C'),
    atomicNumber: new Uint8Array(n).fill(6),
    label: Array.from({ length: n }, (_, i) => `C${i}`),
    position,
    occupancy: new Float64Array(n).fill(1),
    b: new Float64Array(n).fill(Number.NaN),
  };
}

/** Minimum-image distances by brute force over the 27 neighbouring cells. */
function bruteForce(atoms: CellAtoms, cell: Cell, cutoff: number): string[] {
  const g = metricTensor(cell);
  const out: string[] = [];
  const p = atoms.position;
  for (let i = 0; i < atoms.count; i++)
    for (let j = i + 1; j < atoms.count; j++) {
      let best = Number.POSITIVE_INFINITY;
      for (let a = -1; a <= 1; a++)
        for (let b = -1; b <= 1; b++)
          for (let c = -1; c <= 1; c++) {
            const d = [
              p[i * 3]! - p[j * 3]! + a,
              p[i * 3 + 1]! - p[j * 3 + 1]! + b,
              p[i * 3 + 2]! - p[j * 3 + 2]! + c,
            ];
            let d2 = 0;
            for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) d2 += d[r]! * g[r * 3 + s]! * d[s]!;
            best = Math.min(best, d2);
          }
      if (Math.sqrt(best) < cutoff) out.push(`${i}-${j}`);
    }
  return out.sort();
}

describe('closeAtomPairs', () => {
  it('finds the same pairs as brute force (cell list path, near-orthogonal cell)', () => {
    const cell: Cell = { a: 12, b: 13, c: 14, alpha: 90, beta: 95, gamma: 90 };
    const atoms = randomAtoms(400, 3);
    const pairs = closeAtomPairs(atoms, cell, 1.2);
    const found = Array.from({ length: pairs.count }, (_, k) => `${pairs.i[k]}-${pairs.j[k]}`).sort();
    expect(found.length).toBeGreaterThan(10);
    expect(found).toEqual(bruteForce(atoms, cell, 1.2));
  });
  it('finds the same pairs as brute force in an oblique cell', () => {
    const cell: Cell = { a: 15, b: 16, c: 17, alpha: 70, beta: 75, gamma: 65 };
    const atoms = randomAtoms(500, 9);
    const pairs = closeAtomPairs(atoms, cell, 1.0);
    const found = Array.from({ length: pairs.count }, (_, k) => `${pairs.i[k]}-${pairs.j[k]}`).sort();
    expect(found.length).toBeGreaterThan(10);
    expect(found).toEqual(bruteForce(atoms, cell, 1.0));
  });
  it('bounds its bins for absurd cells (regression from fuzzing)', () => {
    const atoms = randomAtoms(200, 5);
    const pairs = closeAtomPairs(atoms, { a: 1e30, b: 5, c: 5, alpha: 90, beta: 90, gamma: 90 }, 0.5);
    expect(pairs.count).toBeGreaterThanOrEqual(0);
  });
});
