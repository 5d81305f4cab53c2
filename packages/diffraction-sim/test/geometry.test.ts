import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zoneOrientation } from '../src/orientation';
import { spotList } from '../src/spot-list';
import { electronWavelength } from '../src/wavelength';
import { cubicStructure } from './fixtures/reference';

/** A structure with an arbitrary (triclinic) cell and two atoms. */
function triclinic(a: number, b: number, c: number, alpha: number, beta: number, gamma: number) {
  const s = cubicStructure('X', 1, [
    ['Fe', 0.1, 0.2, 0.3],
    ['O', 0.6, 0.45, 0.05],
  ]);
  s.cell = { a, b, c, alpha, beta, gamma };
  return s;
}

const cellArb = fc
  .record({
    a: fc.double({ min: 3, max: 9, noNaN: true }),
    b: fc.double({ min: 3, max: 9, noNaN: true }),
    c: fc.double({ min: 3, max: 9, noNaN: true }),
    alpha: fc.double({ min: 70, max: 110, noNaN: true }),
    beta: fc.double({ min: 70, max: 110, noNaN: true }),
    gamma: fc.double({ min: 70, max: 110, noNaN: true }),
  })
  .filter(({ alpha, beta, gamma }) => {
    const r = Math.PI / 180;
    const [ca, cb, cg] = [Math.cos(alpha * r), Math.cos(beta * r), Math.cos(gamma * r)];
    return 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg > 0.2;
  });
const zoneArb = fc
  .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }))
  .filter(([u, v, w]) => u !== 0 || v !== 0 || w !== 0);

describe('geometry for arbitrary cells and zones', () => {
  it('orientation is a proper rotation with the zone axis along +z', () => {
    fc.assert(
      fc.property(cellArb, zoneArb, fc.double({ min: -180, max: 180, noNaN: true }), (cell, zone, rot) => {
        const s = triclinic(cell.a, cell.b, cell.c, cell.alpha, cell.beta, cell.gamma);
        const m = zoneOrientation(s.cell, zone, rot);
        // Columns of a rotation are orthonormal; det = +1.
        const col = (j: number) => [m[3 * j]!, m[3 * j + 1]!, m[3 * j + 2]!];
        const [c0, c1, c2] = [col(0), col(1), col(2)];
        const dot = (p: number[], q: number[]) => p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
        expect(dot(c0, c0)).toBeCloseTo(1, 9);
        expect(dot(c0, c1)).toBeCloseTo(0, 9);
        const det =
          c0[0]! * (c1[1]! * c2[2]! - c1[2]! * c2[1]!) -
          c1[0]! * (c0[1]! * c2[2]! - c0[2]! * c2[1]!) +
          c2[0]! * (c0[1]! * c1[2]! - c0[2]! * c1[1]!);
        expect(det).toBeCloseTo(1, 9);
      }),
      { numRuns: 60 },
    );
  });

  it('ZOLZ spots obey the zone law, lie in the detector plane, and come in Friedel pairs', () => {
    const lambda = electronWavelength(120e3);
    fc.assert(
      fc.property(cellArb, zoneArb, (cell, zone) => {
        const s = triclinic(cell.a, cell.b, cell.c, cell.alpha, cell.beta, cell.gamma);
        const spots = spotList(s, { zone, voltage: 120e3, shapeFunction: 'none', maxG: 1.2 });
        const pos = new Map<string, [number, number, number]>();
        for (let i = 0; i < spots.count; i++) {
          const [h, k, l] = [spots.h[i]!, spots.k[i]!, spots.l[i]!];
          expect(h * zone[0] + k * zone[1] + l * zone[2] === 0).toBe(true);
          expect(Math.hypot(spots.gx[i]!, spots.gy[i]!)).toBeCloseTo(spots.g[i]!, 9);
          expect(spots.excitationError[i]).toBeCloseTo((-lambda * spots.g[i]! ** 2) / 2, 12);
          pos.set(`${h},${k},${l}`, [spots.x[i]!, spots.y[i]!, spots.intensity[i]!]);
        }
        for (const [key, [x, y, v]] of pos) {
          const [h, k, l] = key.split(',').map(Number) as [number, number, number];
          const mate = pos.get(`${-h},${-k},${-l}`);
          expect(mate).toBeDefined();
          expect(mate![0] - 127.5).toBeCloseTo(127.5 - x, 9);
          expect(mate![1] - 127.5).toBeCloseTo(127.5 - y, 9);
          expect(mate![2]).toBeCloseTo(v, 9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('hexagonal [001]: +x along a*, six-fold symmetric first ring', () => {
    const s = triclinic(3.2, 3.2, 5.2, 90, 90, 120);
    s.atoms.position.set([1 / 3, 2 / 3, 0.25, 2 / 3, 1 / 3, 0.75]);
    const spots = spotList(s, { zone: [0, 0, 1], shapeFunction: 'none', debyeWaller: false });
    const ring = [];
    for (let i = 0; i < spots.count; i++) if (Math.abs(spots.g[i]! - spots.g[0]!) < 1e-9) ring.push(i);
    expect(ring).toHaveLength(6);
    const i100 = ring.find((i) => spots.h[i] === 1 && spots.k[i] === 0)!;
    expect(spots.gy[i100]).toBeCloseTo(0, 12);
    expect(spots.gx[i100]).toBeGreaterThan(0);
    for (const i of ring) expect(spots.intensity[i]).toBeCloseTo(spots.intensity[ring[0]!]!, 9);
  });
});
