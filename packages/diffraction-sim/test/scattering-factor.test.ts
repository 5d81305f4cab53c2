import { describe, expect, it } from 'vitest';
import { isDiffractionSimError } from '../src/errors';
import {
  effectiveTable,
  electronScatteringFactor,
  SCATTERING_TABLE_COVERAGE,
  SCATTERING_TABLES,
} from '../src/scattering-factor';

describe('electronScatteringFactor', () => {
  // Digest: Si f_e (Å) at |g| = 0, 0.5, 1, 2 Å⁻¹.
  it.each([
    ['lobato', [5.836, 1.968, 0.743, 0.271]],
    ['doyle-turner', [5.819, 1.974, 0.74, 0.266]],
  ] as const)('Si with %s matches the digest to 3 decimals', (table, expected) => {
    [0, 0.5, 1, 2].forEach((g, i) => {
      expect(electronScatteringFactor(14, g, table)).toBeCloseTo(expected[i]!, 3);
    });
  });

  it('Peng agrees with the other two tables for Si within 1% up to |g| = 2 Å⁻¹', () => {
    for (const g of [0, 0.25, 0.5, 1, 1.5, 2]) {
      const p = electronScatteringFactor(14, g, 'peng');
      expect(Math.abs(p / electronScatteringFactor(14, g, 'lobato') - 1)).toBeLessThan(0.02);
      expect(Math.abs(p / electronScatteringFactor(14, g, 'doyle-turner') - 1)).toBeLessThan(0.02);
    }
  });

  it('every covered element has a positive, decreasing f_e in every table, rising with Z at large g', () => {
    for (const table of SCATTERING_TABLES) {
      for (let z = 1; z <= SCATTERING_TABLE_COVERAGE[table]; z++) {
        let last = Number.POSITIVE_INFINITY;
        for (const g of [0, 0.2, 0.5, 1, 2, 4]) {
          const f = electronScatteringFactor(z, g, table);
          expect(f).toBeGreaterThan(0);
          expect(f).toBeLessThan(last);
          last = f;
        }
      }
    }
    // At g = 2 Å⁻¹ the factor is dominated by the nucleus: Au > Cu > Si > C.
    const at2 = [6, 14, 29, 79].map((z) => electronScatteringFactor(z, 2));
    expect([...at2].sort((a, b) => a - b)).toEqual(at2);
  });

  it('tables agree with Lobato at 0.3 ≤ |g| ≤ 2 Å⁻¹ for Z = 2-98 (Peng 5%, Doyle–Turner/Smith–Burge 20%)', () => {
    for (let z = 2; z <= 98; z++) {
      for (const g of [0.3, 0.6, 1, 2]) {
        const l = electronScatteringFactor(z, g, 'lobato');
        expect(Math.abs(electronScatteringFactor(z, g, 'peng') / l - 1)).toBeLessThan(0.05);
        expect(Math.abs(electronScatteringFactor(z, g, 'doyle-turner') / l - 1)).toBeLessThan(0.2);
      }
    }
  });

  it('falls back to Lobato above Z = 98 and refuses Z > 103', () => {
    expect(effectiveTable(99, 'peng')).toBe('lobato');
    expect(effectiveTable(98, 'doyle-turner')).toBe('doyle-turner');
    expect(electronScatteringFactor(100, 1, 'doyle-turner')).toBe(electronScatteringFactor(100, 1, 'lobato'));
    try {
      electronScatteringFactor(104, 1);
      expect.unreachable();
    } catch (error) {
      expect(isDiffractionSimError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('E_SIM_NO_SCATTERING_FACTOR');
    }
  });
});
