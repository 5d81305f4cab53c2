import { SeededRandom } from '@sadp/raster';
import type { ResolvedSettings } from './settings';
import type { SpotList } from './spot-list';

/** Spots are drawn out to this many standard deviations from their centre (exp(−8) ≈ 3e-4 of the peak). */
export const SPOT_RADIUS_SIGMAS = 4;

/** Pixel bounds [i0, i1, j0, j1] of the last {@link spotBox}. */
const box = new Int32Array(4);

/** The pixels within `radius` of (x, y) on a `size` image, into {@link box}; false when none. */
function spotBox(x: number, y: number, radius: number, size: number): boolean {
  box[0] = Math.max(0, Math.ceil(x - radius));
  box[1] = Math.min(size - 1, Math.floor(x + radius));
  box[2] = Math.max(0, Math.ceil(y - radius));
  box[3] = Math.min(size - 1, Math.floor(y + radius));
  return box[0] <= box[1] && box[2] <= box[3];
}

let ex = new Float64Array(64);
let ey = new Float64Array(64);

/**
 * Renders a spot list into a size×size row-major Float32Array (row 0 at the top), values clipped to 0..1:
 * each spot a 2-D Gaussian of standard deviation `spotSigma` px centred at its sub-pixel (x, y) (pixel (i, j)
 * has its centre at (i, j); no rounding), peak = intensity^gamma; only pixels within
 * {@link SPOT_RADIUS_SIGMAS} σ of a spot are touched (`spotProfile` `'lorentzian'`/`'voigt'`: same FWHM, drawn
 * out to 10 σ). Then background, the beam stop of `artefacts.beamStop` and seeded noise are applied.
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
  if (s.spotProfile === 'gaussian') drawGaussians(spots, s, image, radius, inv2s2);
  else drawProfiles(spots, s, image);
  const { background, noise } = s;
  const plain = background.constant === 0 && background.diffuse === 0 && s.artefacts.beamStop === null;
  if (plain && s.spotProfile === 'gaussian' && noise.poisson === 0 && noise.gaussian === 0) {
    // Only spot boxes can exceed 1 (overlaps); nothing is negative.
    for (let q = 0; q < spots.count; q++) {
      if (!spotBox(spots.x[q]!, spots.y[q]!, radius, size)) continue;
      const i0 = box[0]!;
      const i1 = box[1]!;
      const j0 = box[2]!;
      const j1 = box[3]!;
      for (let j = j0; j <= j1; j++) {
        const row = j * size;
        for (let i = i0; i <= i1; i++) if (image[row + i]! > 1) image[row + i] = 1;
      }
    }
    return image;
  }
  addBackground(image, s);
  applyBeamStop(image, s);
  addNoise(image, s);
  for (let p = 0; p < n; p++) {
    const v = image[p]!;
    image[p] = Math.min(1, Math.max(0, v));
  }
  return image;
}

function drawGaussians(
  spots: SpotList,
  s: ResolvedSettings,
  image: Float32Array,
  radius: number,
  inv2s2: number,
): void {
  const size = s.size;
  const gamma = s.gamma;
  for (let q = 0; q < spots.count; q++) {
    const x = spots.x[q]!;
    const y = spots.y[q]!;
    if (!spotBox(x, y, radius, size)) continue;
    const i0 = box[0]!;
    const i1 = box[1]!;
    const j0 = box[2]!;
    const j1 = box[3]!;
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
}

/** Long-tailed profiles are drawn out to this many σ, tapered by a Gaussian window of {@link TAIL_TAPER_SIGMAS} σ. */
const TAIL_RADIUS_SIGMAS = 10;
const TAIL_TAPER_SIGMAS = 4;

/**
 * Lorentzian 1/(1 + r²/γ²) with γ = σ√(2 ln 2) (the FWHM of the Gaussian of σ), or the mean of the two (`voigt`),
 * peak = intensity^gamma, drawn out to {@link TAIL_RADIUS_SIGMAS} σ with the Lorentzian's tail tapered by
 * exp(−r²/2(4σ)²) so that a saturated direct beam leaves no edge (the far tail is below 0.2 % of the peak).
 */
function drawProfiles(spots: SpotList, s: ResolvedSettings, image: Float32Array): void {
  const size = s.size;
  const sigma = s.spotSigma;
  const radius = TAIL_RADIUS_SIGMAS * sigma;
  const inv2s2 = 1 / (2 * sigma * sigma);
  const invG2 = 1 / (2 * Math.LN2 * sigma * sigma);
  const invTaper = 1 / (2 * (TAIL_TAPER_SIGMAS * sigma) ** 2);
  const radius2 = radius * radius;
  const lorentz = s.spotProfile === 'lorentzian' ? 1 : 0.5;
  const gauss = 1 - lorentz;
  for (let q = 0; q < spots.count; q++) {
    const x = spots.x[q]!;
    const y = spots.y[q]!;
    if (!spotBox(x, y, radius, size)) continue;
    const i0 = box[0]!;
    const i1 = box[1]!;
    const j0 = box[2]!;
    const j1 = box[3]!;
    const v = spots.intensity[q]!;
    const peak = s.gamma === 1 ? v : v ** s.gamma;
    for (let j = j0; j <= j1; j++) {
      const dy2 = (j - y) * (j - y);
      const row = j * size;
      for (let i = i0; i <= i1; i++) {
        const r2 = (i - x) * (i - x) + dy2;
        if (r2 > radius2) continue;
        const g = gauss === 0 ? 0 : gauss * Math.exp(-r2 * inv2s2);
        image[row + i]! += peak * (g + (lorentz * Math.exp(-r2 * invTaper)) / (1 + r2 * invG2));
      }
    }
  }
}

/** Fraction of the signal a beam stop lets through. */
const BEAM_STOP_LEAK = 0.02;

/**
 * Darkens a rod of the given width from the image edge along `angle` (degrees counter-clockwise from +x) to the
 * beam, ending in a round tip of the same width just past it.
 */
function applyBeamStop(image: Float32Array, s: ResolvedSettings): void {
  const stop = s.artefacts.beamStop;
  if (stop === null) return;
  const size = s.size;
  const [cx, cy] = s.center;
  const t = (stop.angle * Math.PI) / 180;
  const ux = Math.cos(t);
  const uy = -Math.sin(t);
  const half = stop.width / 2;
  for (let j = 0; j < size; j++) {
    const row = j * size;
    for (let i = 0; i < size; i++) {
      const dx = i - cx;
      const dy = j - cy;
      const along = dx * ux + dy * uy;
      const across = Math.abs(-dx * uy + dy * ux);
      if ((along >= 0 && across <= half) || dx * dx + dy * dy <= half * half)
        image[row + i]! *= BEAM_STOP_LEAK;
    }
  }
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
