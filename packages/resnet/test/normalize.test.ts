import { describe, expect, it } from 'vitest';
import { normalizeInput } from '../src/normalize';

/** A 32×32 pattern: a beam at the centre and Friedel pairs of Gaussian spots. */
function pattern(beam: number, background = 0, exposure = 1): Float32Array {
  const size = 32;
  const out = new Float32Array(size * size);
  const spots: [number, number, number][] = [
    [16, 16, beam],
    [22, 16, 1],
    [10, 16, 1],
    [16, 22, 0.4],
    [16, 10, 0.4],
  ];
  for (const [x, y, i] of spots) {
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        out[py * size + px]! += i * Math.exp(-((px - x) ** 2 + (py - y) ** 2) / 2);
      }
    }
  }
  return out.map((v) => exposure * (v + background));
}

describe('normalizeInput spots', () => {
  it('scales to the strongest reflections whatever the beam, background and exposure', () => {
    const reference = pattern(1);
    normalizeInput(reference, 32, 'spots');
    for (const [beam, background, exposure] of [
      [50, 0, 1],
      [1, 0.2, 1],
      [30, 0.1, 7],
    ] as const) {
      const image = pattern(beam, background, exposure);
      normalizeInput(image, 32, 'spots');
      expect(image[16 * 32 + 22]).toBeCloseTo(1, 5); // reflection
      expect(image[22 * 32 + 16]).toBeCloseTo(reference[22 * 32 + 16]!, 3); // weaker reflection: 0.4
      expect(image[16 * 32 + 16]).toBe(1); // beam clipped
      expect(image[0]).toBeCloseTo(0, 5); // background removed
    }
  });

  it('counts a saturated plateau once', () => {
    const image = pattern(1).map((v) => Math.min(v, 0.3));
    normalizeInput(image, 32, 'spots');
    // the three plateaus (beam and the strong pair) are all at the scale: 1
    expect(image[16 * 32 + 22]).toBeCloseTo(1, 5);
    expect(Math.min(...image)).toBe(0);
  });

  it('leaves a blank image blank and max scaling as before', () => {
    const blank = new Float32Array(64);
    normalizeInput(blank, 8, 'spots');
    expect([...blank].every((v) => v === 0)).toBe(true);
    const image = pattern(4);
    normalizeInput(image, 32, 'max');
    expect(Math.max(...image)).toBe(1);
    expect(image[16 * 32 + 22]).toBeCloseTo(0.25, 3);
  });
});
