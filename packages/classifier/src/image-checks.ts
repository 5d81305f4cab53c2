/**
 * Whether an image can carry information about a crystal at all: blank (constant) images, images whose decoder
 * found nothing above 0 or only NaN/±Inf, pure noise, and repeats of an earlier image. Browser-safe.
 *
 * @packageDocumentation
 */
import { SeededRandom, selectNth } from '@sadp/raster';
import type { GreyImage } from './image';

/** Why an image contributes nothing to a verdict; see {@link checkImages}. */
export type ImageCheckCode =
  /** The decoder found no usable value (every value NaN/±Inf, or none above 0). */
  | 'W_IMAGE_EMPTY'
  /** Every pixel has the same value. */
  | 'W_IMAGE_BLANK'
  /** No spot stands out of the noise (see {@link NOISE_RATIO}). */
  | 'W_IMAGE_NOISE'
  /** The same pixels as an earlier image of the call. */
  | 'W_IMAGE_REPEATED';

/** The verdict of {@link checkImages} on one image. */
export interface ImageCheck {
  /** `false` when the image must contribute nothing (it is then left out of the ensemble). */
  usable: boolean;
  /** Why not, for an unusable image. */
  code?: ImageCheckCode;
  /** One sentence for an unusable image, e.g. `"blank: every pixel is 0"`. */
  reason?: string;
  /** Index of the earlier image with the same pixels, for `W_IMAGE_REPEATED`. */
  duplicateOf?: number;
  /**
   * The spot statistic of the noise test: the strongest spot-sized feature over what the same pixels shuffled give
   * (1 for pure noise, tens for a diffraction pattern); `NaN` where the test did not run.
   */
  spotRatio: number;
}

/**
 * A spot must stand out at least this many times more than in the same pixels in random order for an image
 * to count as more than noise. Pure noise images give 0.9–1.2; simulated patterns at 10–50 counts 3 and
 * above (measured by `test/image-checks.test.ts` and `scripts/measure-noise-test.mjs`).
 */
export const NOISE_RATIO = 1.6;

/**
 * …unless its bright points pair up about one centre at least this many times more often than in the same
 * pixels in random order (see {@link noiseStatistics}).
 */
export const FRIEDEL_RATIO = 1.5;

/** Images are binned down to at most this side before the noise test (bounded work for any size). */
const TEST_SIDE = 512;
/** Standard deviation in pixels of the spot-sized smoothing (matched to spots of 1–3 px). */
const SPOT_SIGMA = 1.5;
/** Standard deviation in pixels of the background estimate that is subtracted. */
const BACKGROUND_SIGMA = 8;
/** Shuffled copies whose largest feature is the reference. */
const SHUFFLES = 3;

/**
 * Checks each image for information: decoder-found emptiness (`image.defect`), a constant image, pure noise,
 * and a repeat of an earlier image (same size and pixels; the first one counts, the others are flagged).
 * Deterministic.
 *
 * The noise test: the image is binned to at most 512 px, its large-scale background (Gaussian, σ 8 px) is
 * subtracted and it is smoothed at spot size (σ 1.5 px); the brightest point of the result over its median is
 * compared with the same quantity for the same pixels in random order (three shuffles, the largest). Spots
 * gather bright pixels in one place and stand out many times above the shuffled reference; noise of any
 * distribution (uniform, Gaussian, sparse Poisson counts, hot pixels) gives about the same as its own shuffle.
 * An image is noise when the ratio is below {@link NOISE_RATIO}.
 */
export function checkImages(images: readonly GreyImage[]): ImageCheck[] {
  const seen = new Map<string, number[]>();
  return images.map((image, i) => {
    if (image.defect) return checkImage(image);
    const key = `${image.width}x${image.height}:${fnv1a(image.data)}`;
    const same = seen.get(key)?.find((j) => equalPixels(images[j]!, image));
    if (same !== undefined) {
      return {
        usable: false,
        code: 'W_IMAGE_REPEATED',
        reason: `same pixels as image ${same + 1}; counted once`,
        duplicateOf: same,
        spotRatio: Number.NaN,
      };
    }
    seen.set(key, [...(seen.get(key) ?? []), i]);
    return checkImage(image);
  });
}

/** {@link checkImages} for one image, without the repeat test. */
export function checkImage(image: GreyImage): ImageCheck {
  if (image.defect)
    return { usable: false, code: 'W_IMAGE_EMPTY', reason: image.defect, spotRatio: Number.NaN };
  const { data } = image;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) {
    const value = Number.isFinite(min) ? `${Number(min.toPrecision(4))}` : 'missing';
    return {
      usable: false,
      code: 'W_IMAGE_BLANK',
      reason: `blank: every pixel is ${value}`,
      spotRatio: Number.NaN,
    };
  }
  // the Friedel statistic only matters for images whose spots do not stand out: not computed for the others
  const { spots: spotRatio, friedel } = statistics(image, false);
  if (spotRatio < NOISE_RATIO && friedel < FRIEDEL_RATIO) {
    return {
      usable: false,
      code: 'W_IMAGE_NOISE',
      reason: `pure noise: no spot stands out (the strongest is ${spotRatio.toFixed(2)}× that of the same pixels shuffled, a pattern needs ${NOISE_RATIO}×) and no bright points pair up about a centre`,
      spotRatio,
    };
  }
  return { usable: true, spotRatio };
}

/**
 * The noise-test statistic of {@link checkImages}: strongest spot-sized feature over that of the same pixels
 * shuffled (three shuffles, the largest).
 */
export function spotStatistic(image: GreyImage): number {
  return noiseStatistics(image).spots;
}

/**
 * Both statistics of the noise test, each over what the same residual pixels in random order give (three
 * shuffles, the largest): `spots`, the strongest spot-sized feature, and `friedel`, the largest number of pairs of
 * bright points centred on one point (diffraction patterns are centrosymmetric about the direct beam; sharp
 * one-pixel spots, which smoothing cannot tell from hot pixels, still pair up).
 */
export function noiseStatistics(image: GreyImage): { spots: number; friedel: number } {
  return statistics(image, true);
}

/**
 * {@link noiseStatistics}; with `friedelAlways` false, `friedel` is `NaN` (not computed) when `spots` alone already
 * reaches {@link NOISE_RATIO}.
 */
function statistics(image: GreyImage, friedelAlways: boolean): { spots: number; friedel: number } {
  const { data, width, height } = binned(image);
  // the residual of the large-scale background: spots and noise only, so that shuffling moves no gradient
  const residual = blur(data, width, height, BACKGROUND_SIGMA);
  for (let k = 0; k < residual.length; k++) residual[k] = data[k]! - residual[k]!;
  const references = shuffledCopies(residual);
  const ownSpots = peakOverMedian(residual, width, height);
  const shuffledSpots = Math.max(0, ...references.map((r) => peakOverMedian(r, width, height)));
  const spots = shuffledSpots > 0 ? ownSpots / shuffledSpots : ownSpots > 0 ? Number.POSITIVE_INFINITY : 0;
  if (!friedelAlways && spots >= NOISE_RATIO) return { spots, friedel: Number.NaN };
  const pairs = Math.max(0, ...references.map((r) => friedelPairs(r, width, height)));
  return { spots, friedel: friedelPairs(residual, width, height) / Math.max(1, pairs) };
}

/** {@link SHUFFLES} successive seeded shuffles of `values` (each shuffles the one before), the same every time. */
function shuffledCopies(values: Float32Array): Float32Array[] {
  const shuffled = new Float32Array(values);
  const random = new SeededRandom(0x5adb);
  const copies: Float32Array[] = [];
  for (let s = 0; s < SHUFFLES; s++) copies.push(new Float32Array(random.shuffle(shuffled)));
  return copies;
}

/** Bright points taken for the Friedel statistic. */
const FRIEDEL_POINTS = 48;

/**
 * The largest number of pairs of the brightest local maxima (smoothed at σ 0.7 px) whose midpoints fall within
 * one pixel of one point: the pairs about the direct beam of a diffraction pattern.
 */
function friedelPairs(data: Float32Array, width: number, height: number): number {
  const smooth = blur(data, width, height, 0.7);
  const xs: number[] = [];
  const ys: number[] = [];
  const vs: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const v = smooth[y * width + x]!;
      let peak = true;
      for (let dy = -1; dy <= 1 && peak; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const w = smooth[(y + dy) * width + x + dx]!;
          if (w > v || (w === v && dy * width + dx < 0)) {
            peak = false;
            break;
          }
        }
      if (peak) {
        xs.push(x);
        ys.push(y);
        vs.push(v);
      }
    }
  }
  const order = vs
    .map((_, k) => k)
    .sort((a, b) => vs[b]! - vs[a]!)
    .slice(0, FRIEDEL_POINTS);
  // midpoints on the doubled grid, binned by 2 (one pixel)
  const votes = new Map<number, number>();
  const bins = width + 2;
  for (let a = 0; a < order.length; a++) {
    for (let b = a + 1; b < order.length; b++) {
      const i = order[a]!;
      const j = order[b]!;
      if (Math.abs(xs[i]! - xs[j]!) + Math.abs(ys[i]! - ys[j]!) < 6) continue;
      const key = ((ys[i]! + ys[j]!) >> 1) * bins + ((xs[i]! + xs[j]!) >> 1);
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  }
  let best = 0;
  for (const [key, n] of votes) {
    let sum = n;
    for (const d of [-1, 1, -bins, bins, -bins - 1, -bins + 1, bins - 1, bins + 1])
      sum += votes.get(key + d) ?? 0;
    if (sum > best) best = sum;
  }
  return best;
}

/** Brightest point of the spot-smoothed values over their median. */
function peakOverMedian(data: Float32Array, width: number, height: number): number {
  const spots = blur(data, width, height, SPOT_SIGMA);
  let peak = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < spots.length; k++) if (spots[k]! > peak) peak = spots[k]!;
  return peak - median(spots);
}

/** The image averaged over blocks so that its longer side is at most {@link TEST_SIDE}. */
function binned(image: GreyImage): GreyImage {
  const factor = Math.ceil(Math.max(image.width, image.height) / TEST_SIDE);
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height * factor; y++) {
    const row = (y / factor) | 0;
    for (let x = 0; x < width * factor; x++)
      data[row * width + ((x / factor) | 0)]! += image.data[y * image.width + x]!;
  }
  return { width, height, data };
}

/** Separable Gaussian blur (σ in pixels, edges clamped) into a new array. */
function blur(data: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++)
    sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  const across = new Float32Array(data.length);
  for (let y = 0; y < height; y++) convolve(data, across, y * width, 1, width, kernel, radius);
  const out = new Float32Array(data.length);
  for (let x = 0; x < width; x++) convolve(across, out, x, width, height, kernel, radius);
  return out;
}

/**
 * One line of {@link blur}: the `length` samples `from[start + i·step]` convolved with `kernel` (edges clamped)
 * into `to`. Away from the edges no sample needs clamping, and the inner loop has no branch.
 */
function convolve(
  from: Float32Array,
  to: Float32Array,
  start: number,
  step: number,
  length: number,
  kernel: Float32Array,
  radius: number,
): void {
  const last = length - 1;
  for (let i = 0; i < length; i++) {
    let v = 0;
    if (i >= radius && i + radius <= last) {
      for (let k = -radius, at = start + (i - radius) * step; k <= radius; k++, at += step)
        v += kernel[k + radius]! * from[at]!;
    } else {
      for (let k = -radius; k <= radius; k++) {
        const j = i + k < 0 ? 0 : i + k > last ? last : i + k;
        v += kernel[k + radius]! * from[start + j * step]!;
      }
    }
    to[start + i * step] = v;
  }
}

/** The median of the values as a sort would give it (the element at `length >> 1`), on a copy; NaN when empty. */
function median(values: Float32Array): number {
  return values.length === 0 ? Number.NaN : selectNth(Float32Array.from(values), values.length >> 1);
}

/** FNV-1a hash of the pixel values' bits, as hex. */
function fnv1a(data: Float32Array): string {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let h = 0x811c9dc5;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    h = Math.imul(h ^ (w & 0xffff), 0x01000193);
    h = Math.imul(h ^ (w >>> 16), 0x01000193);
  }
  return (h >>> 0).toString(16);
}

function equalPixels(a: GreyImage, b: GreyImage): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let k = 0; k < a.data.length; k++) if (!Object.is(a.data[k], b.data[k])) return false;
  return true;
}
