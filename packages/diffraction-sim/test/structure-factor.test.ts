import { describe, expect, it } from 'vitest';
import { electronScatteringFactor } from '../src/scattering-factor';
import { structureFactors } from '../src/structure-factor';
import { cubicStructure, silicon } from './fixtures/reference';

const A = 5.4307;
const gOf = (h: number, k: number, l: number) => Math.hypot(h, k, l) / A;

describe('structureFactors', () => {
  const si = silicon();

  it('diamond Si: |F|² = 32 f² for 111, 64 f² for 220 and 400, 0 for 200, 222 and 442', () => {
    const hkl = Int32Array.of(1, 1, 1, 2, 2, 0, 4, 0, 0, 2, 0, 0, 2, 2, 2, 4, 4, 2);
    const { intensity, re, im } = structureFactors(si, hkl, { debyeWaller: false, table: 'doyle-turner' });
    const f = (h: number, k: number, l: number) => electronScatteringFactor(14, gOf(h, k, l), 'doyle-turner');
    expect(intensity[0]).toBeCloseTo(32 * f(1, 1, 1) ** 2, 9);
    expect(intensity[1]).toBeCloseTo(64 * f(2, 2, 0) ** 2, 9);
    expect(intensity[2]).toBeCloseTo(64 * f(4, 0, 0) ** 2, 9);
    for (const i of [3, 4, 5]) expect(intensity[i]! / intensity[0]!).toBeLessThan(1e-25);
    expect(intensity[0]).toBeCloseTo(re[0]! ** 2 + im[0]! ** 2, 9);
  });

  it("obeys Friedel's law |F(hkl)| = |F(−h−k−l)| and F(−h) = conj F(h)", () => {
    const hkl = Int32Array.of(1, 3, 1, -1, -3, -1);
    const { re, im, intensity } = structureFactors(si, hkl);
    expect(re[1]).toBeCloseTo(re[0]!, 12);
    expect(im[1]).toBeCloseTo(-im[0]!, 12);
    expect(intensity[1]).toBeCloseTo(intensity[0]!, 9);
  });

  it('applies Debye–Waller exp(−B g²/4) to F, defaulting unknown B to 0.5 Å²', () => {
    const hkl = Int32Array.of(2, 2, 0);
    const off = structureFactors(si, hkl, { debyeWaller: false }).intensity[0]!;
    const b1 = structureFactors(si, hkl, { debyeWaller: 1.2 }).intensity[0]!;
    expect(b1 / off).toBeCloseTo(Math.exp((-1.2 * gOf(2, 2, 0) ** 2) / 2), 12);
    const auto = structureFactors(si, hkl).intensity[0]!; // si has B = NaN everywhere
    expect(auto / off).toBeCloseTo(Math.exp((-0.5 * gOf(2, 2, 0) ** 2) / 2), 12);
    const withB = cubicStructure('Si8', A, [], 227);
    expect(withB.atoms.count).toBe(0);
    const known = silicon();
    known.atoms.b.fill(0.8);
    expect(structureFactors(known, hkl).intensity[0]! / off).toBeCloseTo(
      Math.exp((-0.8 * gOf(2, 2, 0) ** 2) / 2),
      12,
    );
    expect(structureFactors(known, hkl, { defaultB: 3 }).intensity[0]).toBeCloseTo(
      structureFactors(known, hkl).intensity[0]!,
      12,
    );
  });

  it('weights atoms by occupancy (half-occupied sites give a quarter of the intensity)', () => {
    const half = silicon();
    half.atoms.occupancy.fill(0.5);
    const hkl = Int32Array.of(1, 1, 1, 3, 1, 1);
    const full = structureFactors(si, hkl).intensity;
    const part = structureFactors(half, hkl).intensity;
    expect(part[0]! / full[0]!).toBeCloseTo(0.25, 12);
    expect(part[1]! / full[1]!).toBeCloseTo(0.25, 12);
  });

  it('a relativistic factor γ² scales intensities only when a voltage is given', () => {
    const hkl = Int32Array.of(1, 1, 1);
    const plain = structureFactors(si, hkl).intensity[0]!;
    const at200 = structureFactors(si, hkl, { voltage: 200e3 }).intensity[0]!;
    expect(at200 / plain).toBeCloseTo((1 + 200e3 / 510998.95) ** 2, 9);
  });

  it('rejects an hkl array whose length is not a multiple of 3', () => {
    expect(() => structureFactors(si, Int32Array.of(1, 1))).toThrow(RangeError);
  });
});

describe('Friedel pairs and scatterer classes', () => {
  // A non-centrosymmetric cell with two B values for one element, so Im F ≠ 0 and classes differ.
  const crystal = cubicStructure('test', 4.7, [
    ['Ga', 0, 0, 0],
    ['As', 0.27, 0.21, 0.19],
    ['As', 0.61, 0.08, 0.44],
    ['O', 0.13, 0.52, 0.77],
  ]);
  crystal.atoms.b.set([0.4, 0.9, 0.2, 1.1]);

  it('gives F(−h) = conj F(h) whether or not the mate is in the same call', () => {
    const pairs = Int32Array.from([1, 2, 3, -1, -2, -3, 2, -1, 0, 0, 0, 5, -2, 1, 0, 0, 0, -5]);
    const together = structureFactors(crystal, pairs);
    for (let r = 0; r < pairs.length / 3; r++) {
      const alone = structureFactors(crystal, pairs.subarray(3 * r, 3 * r + 3));
      expect(together.re[r]).toBeCloseTo(alone.re[0]!, 12);
      expect(together.im[r]).toBeCloseTo(alone.im[0]!, 12);
    }
    expect(Math.abs(together.im[0]!)).toBeGreaterThan(0.1);
    expect(together.im[1]).toBeCloseTo(-together.im[0]!, 12);
  });

  it('equals the direct sum Σ f(g)·exp(−B g²/4)·exp(2πi h·x) with the B of every atom', () => {
    const [h, k, l] = [2, -1, 3];
    const g = Math.hypot(h, k, l) / 4.7;
    let re = 0;
    let im = 0;
    for (let j = 0; j < crystal.atoms.count; j++) {
      const f =
        electronScatteringFactor(crystal.atoms.atomicNumber[j]!, g) *
        Math.exp((-crystal.atoms.b[j]! * g * g) / 4);
      const [x, y, z] = crystal.atoms.position.subarray(3 * j, 3 * j + 3);
      const phase = 2 * Math.PI * (h * x! + k * y! + l * z!);
      re += f * Math.cos(phase);
      im += f * Math.sin(phase);
    }
    const F = structureFactors(crystal, Int32Array.from([h, k, l, -h, -k, -l]), { debyeWaller: true });
    expect(F.re[0]).toBeCloseTo(re, 10);
    expect(F.im[0]).toBeCloseTo(im, 10);
    expect(F.im[1]).toBeCloseTo(-im, 10);
  });
});
