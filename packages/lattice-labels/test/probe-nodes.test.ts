import { describe, expect, it } from 'vitest';
import { findSpots, latticeOfImage, probeNodes } from '../src/index';

const SIZE = 256;
const STEP = 20;
const C = 128.3;

/**
 * Square lattice (1/a = 20 px, σ 2 px) like 213 [001], its spots fading outwards, the beam twice the strongest:
 * the axis nodes h00 with h ≠ 4n drawn at `faint` × what their neighbours would have.
 */
function screwAxisPattern(faint: number, noise = 0, seed = 1) {
  const data = new Float32Array(SIZE * SIZE);
  for (let h = -6; h <= 6; h++)
    for (let k = -6; k <= 6; k++) {
      const onAxis = (h === 0 || k === 0) && (h + k) % 4 !== 0;
      const amplitude = (h === 0 && k === 0 ? 2 : Math.exp(-(h * h + k * k) / 40)) * (onAxis ? faint : 1);
      if (amplitude === 0) continue;
      const [x, y] = [C + h * STEP, C + k * STEP];
      for (let py = Math.max(0, Math.floor(y - 10)); py <= Math.min(SIZE - 1, y + 10); py++)
        for (let px = Math.max(0, Math.floor(x - 10)); px <= Math.min(SIZE - 1, x + 10); px++)
          data[py * SIZE + px]! += amplitude * Math.exp(-((px - x) ** 2 + (py - y) ** 2) / 8);
    }
  let state = seed;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  if (noise > 0)
    for (let p = 0; p < data.length; p++)
      data[p]! += noise * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { width: SIZE, height: SIZE, data };
}

describe('probeNodes', () => {
  it('finds the faint spots at a fitted lattice nodes that the spot finder leaves out, and nothing at empty nodes', () => {
    const image = screwAxisPattern(0.01);
    // a spot finder held at 1 % of the highest spot (e.g. for a noisier detector) …
    const spots = findSpots(image, { smoothing: 2, minFraction: 0.01 });
    const lattice = { center: [C, C] as const, basis: [STEP, 0, 0, STEP] as const };
    /** Axis nodes h00 / 0k0 with h ≠ 4n, as (h, k), of the given points. */
    const faintNodes = (xs: ArrayLike<number>, ys: ArrayLike<number>) =>
      Array.from(xs, (x, i) => [Math.round((x - C) / STEP), Math.round((ys[i]! - C) / STEP)])
        .filter(([h, k]) => (h === 0 || k === 0) && (h! + k!) % 4 !== 0)
        .map(([h, k]) => `${h},${k}`)
        .sort();
    // … loses the faint axis spots (0.2–0.8 % of the beam) …
    expect(faintNodes(spots.x, spots.y)).toEqual([]);
    // … probing finds each of them inside the image's margin (±1, ±2, ±3, ±5: ±4 are full spots, ±6 too near the
    // edge), the faintest at 0.27 % of the beam's peak, and only them
    const faint = probeNodes(image, lattice, spots);
    const expected = [1, 2, 3, 5].flatMap((h) => [`${h},0`, `${-h},0`, `0,${h}`, `0,${-h}`]).sort();
    expect(faintNodes(faint.x, faint.y)).toEqual(expected);
    expect(faint.x.length).toBe(expected.length);
    // without them, every probed node is empty
    const empty = screwAxisPattern(0);
    const emptySpots = findSpots(empty, { smoothing: 2, minFraction: 0.01 });
    expect(probeNodes(empty, lattice, emptySpots).x.length).toBe(0);
  });

  it('reads the pattern as all nodes present (A1-0) once the faint axis spots are seen, as a screw axis (A1-1) without them', () => {
    const coarse = { spots: { minFraction: 0.01 } };
    expect(latticeOfImage(screwAxisPattern(0.01), coarse)?.label).toBe('A1-0');
    expect(latticeOfImage(screwAxisPattern(0.01), { ...coarse, probe: false })?.label).toBe('A1-1');
    // the spot finder's default floor (0.1 % of the highest spot) sees them without probing in a noise-free image
    expect(latticeOfImage(screwAxisPattern(0.01), { probe: false })?.label).toBe('A1-0');
    expect(latticeOfImage(screwAxisPattern(0))?.label).toBe('A1-1');
  });

  it('takes no noise for a spot (Rose criterion on the node ring)', () => {
    // Gaussian noise of 2 % of the spots' peak: empty nodes stay empty, so the screw axis is still read
    for (const seed of [1, 2, 3]) {
      const image = screwAxisPattern(0, 0.02, seed);
      const fit = latticeOfImage(image)!;
      expect(fit.label).toBe('A1-1');
      expect(probeNodes(image, fit, fit.spots).x.length).toBe(0);
    }
  });
});
