/**
 * Spot finding: the positions and heights of the diffraction spots in a greyscale pattern image, for
 * {@link labelFromSpots}. Smooths with a Gaussian matched to the spot size, subtracts a radial background
 * (the diffuse halo around the direct beam), and keeps the local maxima that stand out of the noise.
 *
 * @packageDocumentation
 */
import type { GreyImage } from '@sadp/raster';
import { LatticeLabelError } from './errors';

/** A greyscale image, row-major, any value range: `@sadp/raster`'s `GreyImage`. */
export type SpotImage = GreyImage;

/** Options of {@link findSpots}. */
export interface FindSpotsOptions {
  /** σ of the Gaussian smoothing in pixels, about the spots' own σ. Default 1. */
  smoothing?: number;
  /** A spot must rise this many noise standard deviations (of its ring around the direct beam) above the background. Default 5. */
  snr?: number;
  /** …and to at least this fraction of the highest spot. Default 0.01. */
  minFraction?: number;
  /** Keep at most this many spots, the highest. Default 400. */
  maxSpots?: number;
  /**
   * Also keep spots whose centre lies just outside the image (within 3 spot σ), from the maxima on its border
   * pixels that pass the same thresholds: the position across the edge is extrapolated along a Gaussian as wide
   * as the spots inside the image (measured on the highest of them), the height is that of the extrapolated peak.
   * Default `false`.
   */
  edges?: boolean;
  /**
   * Centre of the background rings: the direct beam, e.g. from {@link friedelCentre} of a first pass. Default: the
   * brightest pixel of the smoothed image, which is a reflection when one is as bright as the beam (patterns
   * normalised to their brightest spot); rings about a reflection mix background levels and lose weak spots.
   */
  centre?: readonly [number, number];
}

/** Spots found in an image, highest first: pixel positions (x right, y down, pixel centres at integers) and heights. */
export interface FoundSpots {
  x: Float64Array;
  y: Float64Array;
  /** Peak height above the background of the smoothed image. */
  intensity: Float64Array;
  /** Centre of the background rings (pixel): `options.centre` rounded, or the brightest pixel. */
  centre: [number, number];
  /** σ (px) of the spots as the smoothed image shows them, measured on the highest ten; NaN when none gives one. */
  spotSigma: number;
}

/**
 * Finds the diffraction spots of a pattern image.
 *
 * @throws {@link LatticeLabelError} `E_LABEL_IMAGE` when `data` is shorter than `width × height`.
 *
 * @example
 * const pattern = simulate(silicon, { zone: [0, 1, 1] });
 * const spots = findSpots({ width: pattern.size, height: pattern.size, data: pattern.image });
 * labelFromSpots(spots).label; // the label of Si [011]
 */
export function findSpots(image: SpotImage, options: FindSpotsOptions = {}): FoundSpots {
  const { width: w, height: h, data } = image;
  if (!(w >= 3 && h >= 3) || data.length < w * h)
    throw new LatticeLabelError(
      'E_LABEL_IMAGE',
      `image of ${w}×${h} needs ${w * h} values and at least 3×3, got ${data.length}`,
    );
  const smooth = gaussianBlur(data, w, h, options.smoothing ?? 1);
  const { snr, residual, centre } = radialSignificance(smooth, w, h, options.centre);
  let top = 0;
  for (let p = 0; p < residual.length; p++) if (residual[p]! > top) top = residual[p]!;
  const minSnr = options.snr ?? 5;
  const minHeight = Math.max((options.minFraction ?? 0.01) * top, 1e-12);
  const peaks = localMaxima(residual, w, h, minHeight).filter((p) => snr[p]! >= minSnr);
  peaks.sort((a, b) => residual[b]! - residual[a]! || a - b);
  const found: { x: number; y: number; height: number }[] = peaks.map((p) => {
    const px = p % w;
    const py = (p - px) / w;
    return {
      x: px + subpixel(residual[p - 1]!, residual[p]!, residual[p + 1]!),
      y: py + subpixel(residual[p - w]!, residual[p]!, residual[p + w]!),
      height: residual[p]!,
    };
  });
  const variance = spotVariance(residual, w, peaks.slice(0, 10));
  if (options.edges) {
    if (variance > 0) {
      for (const p of edgeMaxima(residual, w, h, minHeight)) {
        if (!(snr[p]! >= minSnr)) continue;
        const spot = edgeSpot(residual, w, h, p, variance);
        if (spot) found.push(spot);
      }
      found.sort((a, b) => b.height - a.height);
    }
  }
  const kept = found.slice(0, options.maxSpots ?? 400);
  return {
    x: Float64Array.from(kept, (s) => s.x),
    y: Float64Array.from(kept, (s) => s.y),
    intensity: Float64Array.from(kept, (s) => s.height),
    centre,
    spotSigma: variance > 0 ? Math.sqrt(variance) : Number.NaN,
  };
}

/**
 * Variance (px²) of the spots as the image shows them: the median over `peaks` of −1 / (second difference of
 * ln height) along x and along y, which is σ² for a Gaussian spot; 0 when no peak gives one.
 */
function spotVariance(residual: Float32Array, w: number, peaks: readonly number[]): number {
  const v: number[] = [];
  for (const p of peaks) {
    for (const step of [1, w]) {
      const l = residual[p - step]!;
      const c = residual[p]!;
      const r = residual[p + step]!;
      if (!(l > 0 && c > 0 && r > 0)) continue;
      const d = Math.log(l) - 2 * Math.log(c) + Math.log(r);
      if (d < 0) v.push(-1 / d);
    }
  }
  v.sort((a, b) => a - b);
  return v[v.length >> 1] ?? 0;
}

/** Border pixels (corners excluded) above `threshold` that are the maximum of their neighbours inside the image. */
function edgeMaxima(image: Float32Array, w: number, h: number, threshold: number): number[] {
  const peaks: number[] = [];
  // (pixel, step along the edge, step inwards)
  const check = (p: number, along: number, inward: number) => {
    const v = image[p]!;
    if (
      v > threshold &&
      v > image[p - along]! &&
      v >= image[p + along]! &&
      v > image[p + inward]! &&
      v > image[p + inward - along]! &&
      v >= image[p + inward + along]!
    )
      peaks.push(p);
  };
  for (let x = 1; x < w - 1; x++) {
    check(x, 1, w);
    check((h - 1) * w + x, 1, -w);
  }
  for (let y = 1; y < h - 1; y++) {
    check(y * w, w, 1);
    check(y * w + w - 1, w, -1);
  }
  return peaks;
}

/**
 * A spot from a maximum on the image border: sub-pixel along the edge as inside, and across it the centre t (from
 * the border pixel, positive inwards) of a Gaussian of the spots' variance through the border pixel and the next
 * one inwards, t = ½ − σ² (ln I₀ − ln I₁); `null` when the centre would lie more than 3σ outside.
 */
function edgeSpot(
  residual: Float32Array,
  w: number,
  h: number,
  p: number,
  variance: number,
): { x: number; y: number; height: number } | null {
  const px = p % w;
  const py = (p - px) / w;
  const vertical = px === 0 || px === w - 1;
  const along = vertical ? w : 1;
  const inward = vertical ? (px === 0 ? 1 : -1) : py === 0 ? w : -w;
  const i0 = residual[p]!;
  const i1 = residual[p + inward]!;
  if (!(i0 > i1 && i1 > 0)) return null;
  const t = 0.5 - variance * (Math.log(i0) - Math.log(i1));
  if (t < -3 * Math.sqrt(variance)) return null;
  const shift = subpixel(residual[p - along]!, i0, residual[p + along]!);
  const height = i0 * Math.exp((t * t) / (2 * variance));
  if (vertical) return { x: px === 0 ? t : w - 1 - t, y: py + shift, height };
  return { x: px + shift, y: py === 0 ? t : h - 1 - t, height };
}

/** Separable Gaussian blur (σ in pixels, kernel radius 3σ, edges clamped); σ ≤ 0 copies. */
function gaussianBlur(data: ArrayLike<number>, w: number, h: number, sigma: number): Float32Array {
  const out = Float32Array.from({ length: w * h }, (_, p) => data[p]!);
  if (!(sigma > 0)) return out;
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += kernel[i + r]! * out[row + Math.min(w - 1, Math.max(0, x + i))]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += kernel[i + r]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/**
 * Background and noise per 1-px ring around the brightest pixel (the direct beam, centre of the diffuse halo):
 * subtracts each ring's median and divides by its robust standard deviation (1.4826 × median absolute
 * deviation), so the result is in units of the local noise. Spots cover a small part of every ring, so the
 * ring statistics follow the background and the shot noise, not the spots.
 */
function radialSignificance(
  image: Float32Array,
  w: number,
  h: number,
  centre?: readonly [number, number],
): { snr: Float32Array; residual: Float32Array; centre: [number, number] } {
  let cx: number;
  let cy: number;
  if (centre && Number.isFinite(centre[0]) && Number.isFinite(centre[1])) {
    cx = Math.min(w - 1, Math.max(0, Math.round(centre[0])));
    cy = Math.min(h - 1, Math.max(0, Math.round(centre[1])));
  } else {
    let c = 0;
    for (let p = 1; p < image.length; p++) if (image[p]! > image[c]!) c = p;
    [cx, cy] = plateauCentre(image, w, c).map(Math.round) as [number, number];
  }
  const rings = Math.ceil(Math.hypot(Math.max(cx, w - 1 - cx), Math.max(cy, h - 1 - cy))) + 1;
  const ringOf = new Int32Array(w * h);
  const start = new Int32Array(rings + 1);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) start[(ringOf[y * w + x] = Math.round(Math.hypot(x - cx, y - cy))) + 1]!++;
  for (let i = 1; i <= rings; i++) start[i]! += start[i - 1]!;
  const byRing = new Float32Array(w * h);
  const fill = start.slice();
  for (let p = 0; p < image.length; p++) byRing[fill[ringOf[p]!]!++] = image[p]!;
  const median = new Float32Array(rings);
  const sigma = new Float32Array(rings);
  let sigmaFloor = 0;
  for (let i = 0; i < rings; i++) {
    const ring = byRing.subarray(start[i]!, start[i + 1]!).sort();
    if (ring.length === 0) continue;
    const m = ring[ring.length >> 1]!;
    for (let k = 0; k < ring.length; k++) ring[k] = Math.abs(ring[k]! - m);
    ring.sort();
    median[i] = m;
    sigma[i] = 1.4826 * ring[ring.length >> 1]!;
    sigmaFloor = Math.max(sigmaFloor, 1e-6 * Math.abs(m));
  }
  // The innermost rings are too small for statistics (ring 0 is the beam itself): they take those of the first
  // ring of at least MIN_RING pixels, so that the beam stays a spot.
  const first = start.findIndex((s, i) => i < rings && start[i + 1]! - s >= MIN_RING);
  for (let i = 0; i < first; i++) {
    median[i] = median[first]!;
    sigma[i] = sigma[first]!;
  }
  const residual = new Float32Array(w * h);
  const snr = new Float32Array(w * h);
  for (let p = 0; p < image.length; p++) {
    const i = ringOf[p]!;
    residual[p] = image[p]! - median[i]!;
    snr[p] = residual[p]! / Math.max(sigma[i]!, sigmaFloor, 1e-12);
  }
  return { snr, residual, centre: [cx, cy] };
}

/**
 * Centre of the flat top around pixel `p`: the mean position of the pixels connected to it that are within a
 * millionth of its value (a direct beam clipped by the detector or the display is a disc of equal values, and
 * its first pixel in raster order is its top edge). `p` itself where the top is a single pixel.
 */
function plateauCentre(image: Float32Array, w: number, p: number): [number, number] {
  const v = image[p]!;
  const floor = v - 1e-6 * Math.abs(v);
  const seen = new Uint8Array(image.length);
  const stack = [p];
  seen[p] = 1;
  let sx = 0;
  let sy = 0;
  let n = 0;
  while (stack.length > 0) {
    const q = stack.pop()!;
    const qx = q % w;
    sx += qx;
    sy += (q - qx) / w;
    n++;
    for (const r of [q - 1, q + 1, q - w, q + w]) {
      if (r < 0 || r >= image.length || Math.abs((r % w) - qx) > 1 || seen[r] || !(image[r]! >= floor))
        continue;
      seen[r] = 1;
      stack.push(r);
    }
  }
  return [sx / n, sy / n];
}

/** Fewest pixels of a ring for its own background statistics. */
const MIN_RING = 64;

/** Pixels above `threshold` that are the maximum of their 3×3 neighbourhood (ties go to the first in raster order). */
function localMaxima(image: Float32Array, w: number, h: number, threshold: number): number[] {
  const peaks: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      const v = image[p]!;
      if (!(v > threshold)) continue;
      if (
        v > image[p - w - 1]! &&
        v > image[p - w]! &&
        v > image[p - w + 1]! &&
        v > image[p - 1]! &&
        v >= image[p + 1]! &&
        v >= image[p + w - 1]! &&
        v >= image[p + w]! &&
        v >= image[p + w + 1]!
      )
        peaks.push(p);
    }
  }
  return peaks;
}

/** Sub-pixel offset of a peak from three samples: a Gaussian through them when all are positive, else a parabola. */
function subpixel(left: number, centre: number, right: number): number {
  if (left > 0 && centre > 0 && right > 0) {
    const l = Math.log(left);
    const c = Math.log(centre);
    const r = Math.log(right);
    const d = l - 2 * c + r;
    if (d < 0) return Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / d));
  }
  const d = left - 2 * centre + right;
  return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / d)) : 0;
}
