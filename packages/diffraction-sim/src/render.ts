import { SeededRandom } from './random';
import type { ResolvedSettings } from './settings';
import type { SpotList } from './spot-list';

/** Spots are drawn out to this many standard deviations from their centre (exp(−8) ≈ 3e-4 of the peak). */
export const SPOT_RADIUS_SIGMAS = 4;

let ex = new Float64Array(64);
let ey = new Float64Array(64);

/**
 * Renders a spot list into a size×size row-major Float32Array (row 0 at the top), values clipped to 0..1:
 * each spot a 2-D Gaussian of standard deviation `spotSigma` px centred at its sub-pixel (x, y) (pixel (i, j)
 * has its centre at (i, j); no rounding), peak = intensity^gamma; only pixels within
 * {@link SPOT_RADIUS_SIGMAS} σ of a spot are touched. Then background and seeded noise are added.
 *
 * @param out - optional output buffer of size² floats (it is overwritten).
 */
export function renderSpots(spots: SpotList, s: ResolvedSettings, out?: Float32Array): Float32Array {
  const size = s.size;
  const n = size * size;
  const image = out ?? new Float32Array(n);
  if (image.length !== n) throw new RangeError(`output buffer must have ${n} elements, got ${image.length}`);
  image.fill(0);
  const sigma = s.spotSigma;
  const radius = SPOT_RADIUS_SIGMAS * sigma;
  const inv2s2 = 1 / (2 * sigma * sigma);
  const span = Math.ceil(2 * radius) + 2;
  if (ex.length < span) {
    ex = new Float64Array(span);
    ey = new Float64Array(span);
  }
  const gamma = s.gamma;
  for (let q = 0; q < spots.count; q++) {
    const x = spots.x[q]!;
    const y = spots.y[q]!;
    const i0 = Math.max(0, Math.ceil(x - radius));
    const i1 = Math.min(size - 1, Math.floor(x + radius));
    const j0 = Math.max(0, Math.ceil(y - radius));
    const j1 = Math.min(size - 1, Math.floor(y + radius));
    if (i0 > i1 || j0 > j1) continue;
    const v = spots.intensity[q]!;
    const peak = gamma === 1 ? v : v ** gamma;
    for (let i = i0; i <= i1; i++) {
      const d = i - x;
      ex[i - i0] = Math.exp(-d * d * inv2s2);
    }
    for (let j = j0; j <= j1; j++) {
      const d = j - y;
      ey[j - j0] = peak * Math.exp(-d * d * inv2s2);
    }
    for (let j = j0; j <= j1; j++) {
      const row = j * size;
      const wy = ey[j - j0]!;
      for (let i = i0; i <= i1; i++) image[row + i]! += wy * ex[i - i0]!;
    }
  }
  const { background, noise } = s;
  if (background.constant === 0 && background.diffuse === 0 && noise.poisson === 0 && noise.gaussian === 0) {
    // Only spot boxes can exceed 1 (overlaps); nothing is negative.
    for (let q = 0; q < spots.count; q++) {
      const x = spots.x[q]!;
      const y = spots.y[q]!;
      const i0 = Math.max(0, Math.ceil(x - radius));
      const i1 = Math.min(size - 1, Math.floor(x + radius));
      const j0 = Math.max(0, Math.ceil(y - radius));
      const j1 = Math.min(size - 1, Math.floor(y + radius));
      for (let j = j0; j <= j1; j++) {
        const row = j * size;
        for (let i = i0; i <= i1; i++) if (image[row + i]! > 1) image[row + i] = 1;
      }
    }
    return image;
  }
  addBackground(image, s);
  addNoise(image, s);
  for (let p = 0; p < n; p++) {
    const v = image[p]!;
    image[p] = Math.min(1, Math.max(0, v));
  }
  return image;
}

function addBackground(image: Float32Array, s: ResolvedSettings): void {
  const { constant, diffuse, width } = s.background;
  if (constant === 0 && diffuse === 0) return;
  const size = s.size;
  const [cx, cy] = s.center;
  for (let j = 0; j < size; j++) {
    const row = j * size;
    const dy = j - cy;
    for (let i = 0; i < size; i++) {
      let v = constant;
      if (diffuse !== 0) v += diffuse * Math.exp(-Math.hypot(i - cx, dy) / width);
      image[row + i]! += v;
    }
  }
}

function addNoise(image: Float32Array, s: ResolvedSettings): void {
  const { poisson, gaussian } = s.noise;
  if (poisson === 0 && gaussian === 0) return;
  const rng = new SeededRandom(s.seed);
  const n = image.length;
  if (poisson > 0) {
    const inv = 1 / poisson;
    for (let p = 0; p < n; p++) {
      const v = image[p]!;
      image[p] = rng.poisson(Math.max(0, v) * poisson) * inv;
    }
  }
  if (gaussian > 0) for (let p = 0; p < n; p++) image[p]! += gaussian * rng.normal();
}
