import { describe, expect, it } from 'vitest';
import { importsReachableFrom } from '../../../vitest.shared';
import { type AffineMap, resampleAffine, rotationMap, SeededRandom } from '../src/index';

const size = 12;
const random = new SeededRandom(1);
const src = Float32Array.from({ length: size * size * 3 }, () => random.next());
const centre = (size - 1) / 2;

/** `src` (size², 3 channels) through `map` into a new image of the same size. */
const warped = (map: AffineMap) =>
  resampleAffine(src, size, size, 3, new Float32Array(src.length), size, size, map);

describe('resampleAffine', () => {
  it('is the identity for the identity map, channel by channel', () => {
    expect(warped(rotationMap(centre, centre, 0))).toEqual(src);
  });

  it('crops exactly at integer offsets', () => {
    const grey = Float32Array.from({ length: 64 }, (_, i) => i);
    // a 4×4 crop whose centre is source (3.5 + 1, 3.5 − 2)
    const out = resampleAffine(grey, 8, 8, 1, new Float32Array(16), 4, 4, rotationMap(4.5, 1.5, 0));
    expect([...out]).toEqual([3, 4, 5, 6, 11, 12, 13, 14, 19, 20, 21, 22, 27, 28, 29, 30]);
  });

  it('turns by 180° to the point-mirrored image and by 90° counter-clockwise as displayed', () => {
    const out = warped(rotationMap(centre, centre, 180));
    const mirrored = src.map((_, i) => {
      const p = Math.floor(i / 3);
      return src[(size * size - 1 - p) * 3 + (i % 3)]!;
    });
    for (let i = 0; i < src.length; i++) expect(out[i]).toBeCloseTo(mirrored[i]!, 5);
    const dot = new Float32Array(11 * 11);
    dot[5 * 11 + 8] = 1; // 3 px right of the centre
    const turned = resampleAffine(dot, 11, 11, 1, new Float32Array(121), 11, 11, rotationMap(5, 5, 90));
    expect(turned[2 * 11 + 5]).toBeCloseTo(1, 5); // 3 px above it
  });

  it('resizes by averaging neighbours and fills from outside with the fill value', () => {
    const grey = Float32Array.from([0, 1, 0, 1]); // 2×2
    const up = resampleAffine(grey, 2, 2, 1, new Float32Array(9), 3, 3, rotationMap(0.5, 0.5, 0, 1, 0.5));
    expect(up[4]).toBeCloseTo(0.5, 6);
    const shifted = resampleAffine(grey, 2, 2, 1, new Float32Array(4), 2, 2, rotationMap(2.5, 0.5, 0), -1);
    expect([...shifted]).toEqual([-1, -1, -1, -1]);
  });

  it('the browser entry reaches no Node built-in module', () => {
    expect(importsReachableFrom(new URL('../src/index.ts', import.meta.url).pathname)).toEqual({
      builtins: [],
      packages: [],
    });
  });
});
