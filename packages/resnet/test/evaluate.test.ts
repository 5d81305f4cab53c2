import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/augment.js';
import { calibrationError, fitTemperature, softmaxRows } from '../src/evaluate.js';

function sampleCategorical(p: Float32Array, offset: number, k: number, u: number): number {
  let acc = 0;
  for (let c = 0; c < k; c++) {
    acc += p[offset + c]!;
    if (u < acc) return c;
  }
  return k - 1;
}

describe('temperature scaling', () => {
  it('recovers the temperature the labels were drawn with', () => {
    const random = seededRandom(3);
    const n = 4000;
    const k = 5;
    const trueT = 2.5;
    const logits = new Float32Array(n * k).map(() => (random() * 2 - 1) * 6);
    const p = softmaxRows(logits, k, trueT);
    const targets = new Int32Array(n).map((_, i) => sampleCategorical(p, i * k, k, random()));
    const t = fitTemperature(logits, targets, k);
    expect(t).toBeGreaterThan(2.2);
    expect(t).toBeLessThan(2.8);
    // Calibrated probabilities are better calibrated than the raw ones.
    expect(calibrationError(softmaxRows(logits, k, t), targets, k)).toBeLessThan(
      calibrationError(softmaxRows(logits, k, 1), targets, k),
    );
  });

  it('softmaxRows gives rows that sum to 1 and sharpen as T falls', () => {
    const logits = Float32Array.from([1, 2, 3, 0, 0, 0]);
    const warm = softmaxRows(logits, 3, 2);
    const cold = softmaxRows(logits, 3, 0.5);
    expect(warm[0]! + warm[1]! + warm[2]!).toBeCloseTo(1, 6);
    expect(cold[2]).toBeGreaterThan(warm[2]!);
    expect(warm[3]).toBeCloseTo(1 / 3, 6);
  });
});
