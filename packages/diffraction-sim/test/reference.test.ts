import { describe, expect, it } from 'vitest';
import { spotList } from '../src/spot-list';
import { REFERENCE_NAMES, readReference, referenceStructure } from './fixtures/reference';
import { spearman } from './fixtures/stats';

/**
 * Outside check against pymatgen's TEMCalculator (kinematic, ZOLZ, Doyle–Turner via Mott–Bethe, no
 * Debye–Waller, no excitation error): same physics switched on here (table 'doyle-turner',
 * debyeWaller false, shapeFunction 'none').
 */
describe('pymatgen-tem reference (compact copy in fixtures/pymatgen-tem)', () => {
  const maxG = 2; // Å⁻¹: the radius compared; pymatgen enumerates |h|,|k|,|l| ≤ 10, which covers it for a ≤ 5 Å.
  for (const name of REFERENCE_NAMES) {
    it(`${name}: all 16 zones, reflections ≥1% present and Spearman ρ ≥ 0.9`, () => {
      const ref = readReference(name);
      const structure = referenceStructure(name);
      const zones = Object.keys(ref.zones);
      expect(zones).toHaveLength(16);
      for (const key of zones) {
        const zone = [...key].map(Number) as [number, number, number];
        const spots = spotList(structure, {
          zone,
          table: 'doyle-turner',
          debyeWaller: false,
          shapeFunction: 'none',
          maxG,
          minIntensity: 1e-6,
        });
        const mine = new Map<string, number>();
        for (let i = 0; i < spots.count; i++)
          mine.set(`${spots.h[i]},${spots.k[i]},${spots.l[i]}`, spots.intensity[i]!);
        // pymatgen's box |h|,|k|,|l| ≤ 10 is the other radius limit (beta-Mn, a = 6.3 Å, reaches 2 Å⁻¹ only in part).
        const within = ref.zones[key]!.filter(
          (s) => 1 / s.interplanar_spacing <= maxG && s.hkl.every((v) => Math.abs(v) <= 10),
        );
        const refMax = Math.max(...within.map((s) => s.intensity_norm));
        const missing: string[] = [];
        const theirs: number[] = [];
        const ours: number[] = [];
        for (const s of within) {
          const k = s.hkl.join(',');
          const m = mine.get(k);
          if (s.intensity_norm >= 0.01 * refMax && m === undefined) missing.push(k);
          if (s.intensity_norm >= 1e-6 * refMax || m !== undefined) {
            theirs.push(s.intensity_norm);
            ours.push(m ?? 0);
          }
        }
        expect(missing, `${name} [${key}] missing reflections`).toEqual([]);
        // With the same table and physics the relative intensities agree to rounding error.
        for (const s of within) {
          const rel = s.intensity_norm / refMax;
          if (rel >= 1e-3) expect(mine.get(s.hkl.join(',')), `${name} [${key}] ${s.hkl}`).toBeCloseTo(rel, 9);
        }
        expect(spearman(theirs, ours), `${name} [${key}] rank correlation`).toBeGreaterThanOrEqual(0.9);
        // Nothing we call absent is present in the reference and vice versa.
        for (const s of within) {
          if (s.intensity_norm < 1e-6 * refMax)
            expect(mine.has(s.hkl.join(',')), `${name} ${s.hkl}`).toBe(false);
        }
      }
    });
  }
});
