import { describe, expect, it } from 'vitest';
import { augmentImage, resizeImage, seededRandom, warpAffine } from '../src/augment.js';
import { randomArray, rng } from './helpers.js';

const size = 12;

describe('warpAffine', () => {
  const src = randomArray([size, size, 3], rng(1));

  it('is the identity without rotation, zoom or shift', () => {
    const out = warpAffine(src, size, 3, new Float32Array(src.length), size, 0, 1, 0, 0, false, 0);
    for (let i = 0; i < src.length; i++) expect(out[i]).toBeCloseTo(src[i]!, 5);
  });

  it('rotates by 180° to the point-mirrored image', () => {
    const out = warpAffine(src, size, 3, new Float32Array(src.length), size, Math.PI, 1, 0, 0, false, 0);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++)
          expect(out[(y * size + x) * 3 + c]).toBeCloseTo(
            src[((size - 1 - y) * size + (size - 1 - x)) * 3 + c]!,
            4,
          );
  });

  it('rotates by 90° so that a pixel right of the centre moves below it (y down)', () => {
    const img = new Float32Array(11 * 11);
    img[5 * 11 + 8] = 1; // (x=8, y=5): 3 px right of the centre (5, 5)
    const out = warpAffine(img, 11, 1, new Float32Array(img.length), 11, Math.PI / 2, 1, 0, 0, false, 0);
    expect(out[8 * 11 + 5]).toBeCloseTo(1, 5); // (x=5, y=8)
  });

  it('shifts by whole pixels and fills from outside with the fill value', () => {
    const out = warpAffine(src, size, 3, new Float32Array(src.length), size, 0, 1, 2, 0, false, -1);
    expect(out[(4 * size + 3) * 3 + 1]).toBeCloseTo(src[(4 * size + 5) * 3 + 1]!, 5);
    expect(out[(4 * size + (size - 1)) * 3]).toBe(-1);
  });
});

describe('augmentImage / resizeImage', () => {
  const src = randomArray([size, size, 1], rng(2));

  it('is deterministic for a seed and differs between seeds', () => {
    const a = augmentImage(src, size, 1, 8, seededRandom(5));
    const b = augmentImage(src, size, 1, 8, seededRandom(5));
    const c = augmentImage(src, size, 1, 8, seededRandom(6));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(64);
  });

  it('with zero rotation, unit scale and no crop it equals plain resizing', () => {
    const a = augmentImage(src, size, 1, 8, seededRandom(5), { rotation: 0, scale: [1, 1], crop: 0 });
    const b = resizeImage(src, size, 1, 8);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
  });

  it('keeps a constant image constant away from the borders', () => {
    const flat = new Float32Array(32 * 32).fill(0.25);
    const out = augmentImage(flat, 32, 1, 16, seededRandom(9), {
      rotation: 30,
      scale: [1.2, 1.2],
      crop: 0.05,
    });
    expect(out[8 * 16 + 8]).toBeCloseTo(0.25, 6);
  });
});
