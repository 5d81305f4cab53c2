import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from '../src/random';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('keeps the stream every dataset was made with (values of the sfc32/splitmix32 createRng before @sadp/raster)', () => {
    const rng = createRng(42);
    expect([rng.next(), rng.next(), rng.next(), rng.int(1000), rng.uniform(2, 3)]).toEqual([
      0.23955312534235418, 0.5859209857881069, 0.09323416277766228, 198, 2.4471016209572554,
    ]);
    const high = createRng(0xdeadbeef);
    expect([high.next(), high.next()]).toEqual([0.5685998767148703, 0.1836990020237863]);
  });

  it('is roughly uniform in [0, 1): mean, variance and bucket counts', () => {
    const rng = createRng(7);
    const n = 50_000;
    const buckets = new Array(10).fill(0);
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.next();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
      sum2 += v * v;
      buckets[Math.floor(v * 10)]++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sum2 / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(0.05 * (n / 10));
  });

  it('int, pick and shuffle stay in range and shuffle keeps every element', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(3);
    const n = 40_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(s2 / n).toBeCloseTo(1, 1);
  });
});

describe('hashSeed', () => {
  it('is deterministic, order-sensitive and spreads nearby inputs', () => {
    expect(hashSeed(1, 'a')).toBe(hashSeed(1, 'a'));
    expect(hashSeed(1, 'a')).not.toBe(hashSeed('a', 1));
    expect(hashSeed('ab', 'c')).not.toBe(hashSeed('a', 'bc'));
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(hashSeed(0, `job-${i}`));
    expect(seen.size).toBe(10_000);
    for (const v of seen) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
  });
});
