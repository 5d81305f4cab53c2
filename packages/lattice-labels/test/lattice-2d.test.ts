import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gcd,
  generatedLattice,
  lagrangeReduce,
  latticeShape,
  metricDot,
  reciprocalMetric,
  SPOT_TOLERANCE,
  transformGram,
  zonePlaneBasis,
} from '../src/index';

const gramOf = (ax: number, ay: number, bx: number, by: number) =>
  Float64Array.of(ax * ax + ay * ay, ax * bx + ay * by, bx * bx + by * by);

describe('lagrangeReduce', () => {
  it('returns a proper transform to a reduced basis of the same lattice', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 0.3, max: 2.8, noNaN: true }),
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -6, max: 6 }),
        (la, lb, angle, p, q) => {
          // A random basis of a random lattice, skewed by the unimodular matrix [[1, p], [q, 1 + pq]].
          const a = [la, 0];
          const b = [lb * Math.cos(angle), lb * Math.sin(angle)];
          const u = [a[0]! + p * b[0]!, a[1]! + p * b[1]!];
          const v = [q * a[0]! + (1 + p * q) * b[0]!, q * a[1]! + (1 + p * q) * b[1]!];
          const g = gramOf(u[0]!, u[1]!, v[0]!, v[1]!);
          const t = lagrangeReduce(g);
          expect(t[0]! * t[3]! - t[1]! * t[2]!).toBe(1);
          const r = transformGram(g, t);
          expect(r[0]!).toBeLessThanOrEqual(r[2]! * (1 + 1e-6));
          expect(Math.abs(r[1]!)).toBeLessThanOrEqual((r[0]! / 2) * (1 + 1e-6));
          // The shortest vector of the lattice is no shorter than the reduced a.
          const shortest = Math.min(
            la,
            lb,
            Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!),
            Math.hypot(a[0]! + b[0]!, a[1]! + b[1]!),
          );
          expect(Math.sqrt(r[0]!)).toBeLessThanOrEqual(shortest * (1 + 1e-6));
        },
      ),
    );
  });
});

describe('generatedLattice', () => {
  it('finds the lattice spanned by integer points', () => {
    // (2,0) and (1,2) span index 4: HNF rows (1, 2) and (0, 4).
    expect([...generatedLattice([2, 0, 1, 2, 3, 2, -1, -2], 4)!]).toEqual([1, 2, 0, 4]);
    // Points on one line span no 2D lattice.
    expect(generatedLattice([1, 1, 2, 2, -3, -3], 3)).toBeNull();
    // (4,0), (0,4), (2,2): the checkerboard of step 2.
    const h = generatedLattice([4, 0, 0, 4, 2, 2], 3)!;
    expect(h[0]! * h[3]!).toBe(8);
  });
  it('spans every input point and has the gcd-determined index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 2,
          maxLength: 8,
        }),
        (pts) => {
          const flat = pts.flat();
          const h = generatedLattice(flat, pts.length);
          if (h === null) return;
          const [a0, a1, , d] = [...h] as [number, number, number, number];
          for (const [x, y] of pts) {
            expect(x % a0 === 0).toBe(true);
            const rest = y - (x / a0) * a1;
            expect(rest % d === 0).toBe(true);
          }
        },
      ),
    );
  });
});

describe('latticeShape', () => {
  it('classifies the five 2D Bravais lattices', () => {
    expect(latticeShape(gramOf(1, 0, 0, 1)).type).toBe('A');
    expect(latticeShape(gramOf(1, 0, 0.5, Math.sqrt(3) / 2)).type).toBe('C');
    expect(latticeShape(gramOf(1, 0, 0, 2)).type).toBe('B');
    const rhombic = latticeShape(gramOf(1, 0, Math.cos(1.3), Math.sin(1.3)));
    expect(rhombic.type).toBe('D');
    expect(rhombic.centred).toBe(true);
    const cRect = latticeShape(gramOf(1, 0, 0.5, 1.7));
    expect([cRect.type, cRect.centred]).toEqual(['D', true]);
    const oblique = latticeShape(gramOf(1, 0, 0.3, 1.7));
    expect([oblique.type, oblique.centred]).toEqual(['D', false]);
  });
  it('has 4 proper canonical bases for a square lattice, 6 for hexagonal, 2 otherwise', () => {
    expect(latticeShape(gramOf(1, 0, 0, 1)).bases).toHaveLength(4);
    expect(latticeShape(gramOf(1, 0, 0.5, Math.sqrt(3) / 2)).bases).toHaveLength(6);
    expect(latticeShape(gramOf(1, 0, 0, 2)).bases).toHaveLength(2);
    expect(latticeShape(gramOf(1, 0, 0.3, 1.7)).bases).toHaveLength(2);
  });
  it('is invariant under rotation and scale, and tells mirror images of oblique lattices apart', () => {
    const base = latticeShape(gramOf(1, 0, 0.3, 1.7));
    const rot = 0.7;
    const s = 3.2;
    const c = Math.cos(rot) * s;
    const sn = Math.sin(rot) * s;
    const turned = latticeShape(gramOf(c, sn, 0.3 * c - 1.7 * sn, 0.3 * sn + 1.7 * c));
    expect(turned.angleBOA).toBeCloseTo(base.angleBOA, 9);
    expect(turned.angleOAB).toBeCloseTo(base.angleOAB, 9);
    // Mirror x → −x, written in a right-handed basis (b', a').
    const mirror = latticeShape(gramOf(-0.3, 1.7, -1, 0));
    expect(mirror.angleBOA).toBeCloseTo(180 - base.angleBOA, 9);
    // Rectangles are their own mirror images.
    expect(latticeShape(gramOf(0, 2, -1, 0)).diagonalAngle).toBeCloseTo(
      latticeShape(gramOf(1, 0, 0, 2)).diagonalAngle,
      12,
    );
  });
  it('accepts measurement noise within the spot tolerance', () => {
    expect(latticeShape(gramOf(1, 0, 0.01, 1.015), SPOT_TOLERANCE).type).toBe('A');
    expect(latticeShape(gramOf(1, 0, 0.01, 1.015)).type).toBe('D');
  });
});

describe('zone plane', () => {
  it('gives a primitive, positively oriented integer basis of the ZOLZ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -7, max: 7 }),
        fc.integer({ min: -7, max: 7 }),
        fc.integer({ min: -7, max: 7 }),
        (u, v, w) => {
          if (u === 0 && v === 0 && w === 0) return;
          const b = zonePlaneBasis([u, v, w]);
          const g = gcd(gcd(u, v), w);
          expect((b[0]! * u + b[1]! * v + b[2]! * w) | 0).toBe(0);
          expect((b[3]! * u + b[4]! * v + b[5]! * w) | 0).toBe(0);
          // p × q = [uvw]/gcd: primitive (spans every integer point of the plane) and oriented along +[uvw].
          const cross = [
            b[1]! * b[5]! - b[2]! * b[4]!,
            b[2]! * b[3]! - b[0]! * b[5]!,
            b[0]! * b[4]! - b[1]! * b[3]!,
          ];
          expect(cross.map((x) => x | 0)).toEqual([u / g, v / g, w / g].map((x) => x | 0));
        },
      ),
    );
    expect([...zonePlaneBasis([0, 0, 1])].map(Math.abs).sort()).toEqual([0, 0, 0, 0, 1, 1]);
  });
  it('computes the reciprocal metric of a hexagonal cell', () => {
    const g = reciprocalMetric({ a: 3, b: 3, c: 5, alpha: 90, beta: 90, gamma: 120 });
    // d(100) = a·√3/2 for a hexagonal cell; d(001) = c.
    expect(1 / Math.sqrt(metricDot(g, 1, 0, 0, 1, 0, 0))).toBeCloseTo((3 * Math.sqrt(3)) / 2, 12);
    expect(1 / Math.sqrt(metricDot(g, 0, 0, 1, 0, 0, 1))).toBeCloseTo(5, 12);
    // a* and b* make 60°.
    expect(metricDot(g, 1, 0, 0, 0, 1, 0) / metricDot(g, 1, 0, 0, 1, 0, 0)).toBeCloseTo(0.5, 12);
  });
});
