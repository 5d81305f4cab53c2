import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures } from '@sadp/cif';
import { simulate } from '@sadp/diffraction-sim';
import { describe, expect, it } from 'vitest';
import { cellCalibration, resolveOptions } from '../src/index';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('cellPixels: images scaled to their crystal', () => {
  const [nacl] = readStructures(readFileSync(join(fixtures, 'NaCl.cif'), 'utf8'));

  it('puts the reciprocal cell edge at the drawn number of pixels', () => {
    const calibration = cellCalibration(nacl!, [8, 8], 1);
    expect(calibration).toBeCloseTo(1 / (nacl!.cell.a * 8), 12);
    // NaCl [001]: 200 lies two reciprocal cell edges from the centre, so 16 px.
    const { spots } = simulate(nacl!, { zone: [0, 0, 1], calibration, size: 64 });
    const radius = Array.from({ length: spots.count }, (_, i) =>
      Math.hypot(spots.x[i]! - 31.5, spots.y[i]! - 31.5),
    );
    expect(Math.min(...radius)).toBeCloseTo(16, 6);
  });

  it('draws the scale per image from the seed, within the range', () => {
    const pixels = [1, 2, 3, 4, 5].map((seed) => 1 / (cellCalibration(nacl!, [4, 10], seed) * nacl!.cell.a));
    for (const p of pixels) {
      expect(p).toBeGreaterThanOrEqual(4);
      expect(p).toBeLessThan(10);
    }
    expect(new Set(pixels).size).toBe(5);
    expect(cellCalibration(nacl!, [4, 10], 3)).toBe(cellCalibration(nacl!, [4, 10], 3));
  });

  it('rejects an empty range and the combination with camera lengths', () => {
    const base = { inputs: ['x.cif'], outDir: 'out' };
    expect(() => resolveOptions({ ...base, cellPixels: [8, 4] })).toThrow(/cellPixels/);
    expect(() => resolveOptions({ ...base, cellPixels: [4, 8], cameraLengths: [300] })).toThrow(/not both/);
    expect(resolveOptions({ ...base, cellPixels: [4, 8] }).cellPixels).toEqual([4, 8]);
  });
});
