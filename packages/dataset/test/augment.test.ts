import { describe, expect, it } from 'vitest';
import {
  augmentImage,
  createAugmenter,
  cropImage,
  drawAugmentParams,
  rotateImage,
  scaleImage,
  transformImage,
} from '../src/augment';
import { createRng } from '../src/random';

/** Intensity-weighted centroid of pixels above `threshold`, relative to the image centre (x right, y down). */
function centroid(img: Float32Array, size: number, threshold = 0.05): [number, number] {
  let sx = 0;
  let sy = 0;
  let s = 0;
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = img[y * size + x]!;
      if (v <= threshold) continue;
      sx += v * (x - c);
      sy += v * (y - c);
      s += v;
    }
  }
  return [sx / s, sy / s];
}

/** A Gaussian blob of sigma 1.5 px at (cx + dx, cy + dy). */
function blob(size: number, dx: number, dy: number): Float32Array {
  const img = new Float32Array(size * size);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      img[y * size + x] = Math.exp(-((x - c - dx) ** 2 + (y - c - dy) ** 2) / (2 * 1.5 ** 2));
    }
  }
  return img;
}

describe('transforms', () => {
  const size = 65;

  it('rotation turns a spot counter-clockwise as displayed (y down) about the centre', () => {
    const src = blob(size, 20, 0);
    const [x90, y90] = centroid(rotateImage(src, size, 90), size);
    expect(x90).toBeCloseTo(0, 1);
    expect(y90).toBeCloseTo(-20, 1); // up on screen
    const [x30, y30] = centroid(rotateImage(src, size, 30), size);
    expect(x30).toBeCloseTo(20 * Math.cos(Math.PI / 6), 1);
    expect(y30).toBeCloseTo(-20 * Math.sin(Math.PI / 6), 1);
  });

  it('scale moves spots radially by the factor and leaves the centre', () => {
    const src = blob(size, 10, -6);
    const [x, y] = centroid(scaleImage(src, size, 1.5), size);
    expect(x).toBeCloseTo(15, 1);
    expect(y).toBeCloseTo(-9, 1);
  });

  it('identity and integer crops copy pixels exactly; the source is not modified', () => {
    const src = createRng(5);
    const img = Float32Array.from({ length: size * size }, () => src.next());
    const copy = Float32Array.from(img);
    expect(rotateImage(img, size, 0)).toEqual(img);
    const crop = cropImage(img, size, 3, 7, 40);
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++) expect(crop[y * 40 + x]).toBe(img[(y + 7) * size + x + 3]);
    // the same crop through transformImage with the equivalent centre offset
    const viaTransform = transformImage(new Float32Array(40 * 40), img, size, 40, {
      rotation: 0,
      scale: 1,
      offsetX: 3 - (size - 40) / 2,
      offsetY: 7 - (size - 40) / 2,
    });
    expect(viaTransform).toEqual(crop);
    expect(img).toEqual(copy);
    expect(() => cropImage(img, size, 30, 30, 40)).toThrow(RangeError);
  });

  it('draws paper-style parameters: rotation in [0, 30), 224 crop of 256 with integer corner', () => {
    const rng = createRng(11);
    for (let i = 0; i < 500; i++) {
      const p = drawAugmentParams(rng, 256);
      expect(p.rotation >= 0 && p.rotation < 30).toBe(true);
      expect(p.scale).toBe(1);
      const x0 = p.offsetX + 16;
      const y0 = p.offsetY + 16;
      expect(Number.isInteger(x0) && x0 >= 0 && x0 <= 32).toBe(true);
      expect(Number.isInteger(y0) && y0 >= 0 && y0 <= 32).toBe(true);
    }
  });

  it('augmentImage is reproducible from a seed and pure; the crop shifts spots by the drawn offset', () => {
    const big = blob(256, 30, 10);
    const frozen = Float32Array.from(big);
    const aug = createAugmenter({ rotation: [0, 0] });
    const a = aug(big, 256, 99);
    const b = aug(big, 256, 99);
    expect(a.size).toBe(224);
    expect(a.image).toEqual(b.image);
    expect(a.params).toEqual(b.params);
    expect(big).toEqual(frozen);
    const [x, y] = centroid(a.image, 224);
    expect(x).toBeCloseTo(30 - a.params.offsetX, 1);
    expect(y).toBeCloseTo(10 - a.params.offsetY, 1);
    const c = augmentImage(big, 256, 100);
    expect(c.image).not.toEqual(a.image);
  });
});
