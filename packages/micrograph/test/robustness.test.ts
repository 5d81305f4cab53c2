import { describe, expect, it } from 'vitest';
import { isMicrographError, readMicrograph, writeMrc } from '../src';
import { dmImage } from './dm-writer';

/** Small deterministic generator (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pixels = Float32Array.from({ length: 48 }, (_, i) => i);
const files: Record<string, Uint8Array> = {
  'a.mrc': writeMrc({ width: 8, height: 6, data: pixels }, { pixelSize: 0.3 }),
  'a.dm3': dmImage(3, 8, 6, pixels, { scale: 0.1, units: '1/nm' }),
  'a.dm4': dmImage(4, 8, 6, pixels, { scale: 0.1, units: '1/nm' }),
};

describe('robustness', () => {
  for (const [name, original] of Object.entries(files))
    it(`${name}: random byte corruptions either read or throw a MicrographError`, () => {
      const next = rng(name.length * 7919 + (original[3] ?? 0));
      for (let trial = 0; trial < 300; trial++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(next() * 4);
        for (let k = 0; k < flips; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        try {
          const m = readMicrograph(bytes, name);
          expect(m.data.length).toBe(m.width * m.height);
          expect(m.data.length).toBeLessThanOrEqual(bytes.length);
        } catch (e) {
          if (!isMicrographError(e)) throw new Error(`trial ${trial}: ${String(e)}`, { cause: e });
        }
      }
    });
});
