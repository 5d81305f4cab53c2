import { describe, expect, it } from 'vitest';
import { SeededRandom, selectNth } from '../src/index';

describe('selectNth', () => {
  it('gives the element a sort would put at k, for every k, with ties and negative values', () => {
    const random = new SeededRandom(7);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Float32Array.from({ length: n }, () => Math.round(20 * random.next()) - 10);
      const sorted = Float32Array.from(values).sort();
      for (const k of [0, n >> 1, n - 1, Math.floor(random.next() * n)])
        expect(selectNth(Float32Array.from(values), k), `n ${n}, k ${k}`).toBe(sorted[k]);
    }
  });

  it('orders NaN last, as the sort does', () => {
    const values = Float32Array.of(3, Number.NaN, 1, 2);
    expect(selectNth(Float32Array.from(values), 2)).toBe(3);
    expect(selectNth(Float32Array.from(values), 3)).toBeNaN();
  });

  it('refuses a k outside the array', () => {
    expect(() => selectNth(Float32Array.of(1, 2), 2)).toThrow(RangeError);
    expect(() => selectNth(new Float32Array(0), 0)).toThrow(RangeError);
  });
});
