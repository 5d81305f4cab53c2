/**
 * Spot finding: the positions and heights of the diffraction spots in a greyscale pattern image, for
 * {@link labelFromSpots}. Smooths with a Gaussian matched to the spot size and keeps the local maxima whose
 * topographic prominence (height above the saddle to a higher peak) stands out of the noise and above the radial
 * background (the diffuse halo around the direct beam).
 *
 * @packageDocumentation
 */
import { type GreyImage, selectNth } from '@sadp/raster';
import { LatticeLabelError } from './errors';
import { robustSigma } from './robust-sigma';

/** A greyscale image, row-major, any value range: `@sadp/raster`'s `GreyImage`. */
export type SpotImage = GreyImage;

/** Options of {@link findSpots}. */
export interface FindSpotsOptions {
  /**
   * σ of the Gaussian smoothing in pixels, about the spots' own σ. Default 1. At 0 the noise cannot be measured
   * (the image minus its smoothing is 0): only `minFraction` then selects spots.
   */
  smoothing?: number;
  /**
   * A spot's prominence (its height above the highest saddle on the way to a higher spot) must be this many noise
   * standard deviations of the smoothed image, measured on the image minus its smoothing in its ring around the
   * direct beam. Default 5.
   */
  snr?: number;
  /**
   * …and at least this fraction of the highest spot's height above the background. Default 0.001: below one grey
   * level of an 8-bit display after the smoothing, so that in noise-free images (where `snr` cannot decide) the
   * weakest reflections a linear display draws at 1–2 levels are kept; in noisy ones `snr` decides. (At 0.01, the
   * earlier default, linear-display patterns lost the faint rows their labels rest on.) Spots below 1 % must also rest
   * on 3 raw pixels above the background and stand out of the noise measured about them (sparse low-dose images).
   */
  minFraction?: number;
  /** Keep at most this many spots, the highest. Default 400. */
  maxSpots?: number;
  /**
   * Also keep spots whose centre lies just outside the image (within 3 spot σ), from the maxima on its border
   * pixels that pass the same thresholds (the noise taken as the blur's on a border pixel, where the clamped kernel
   * averages fewer pixels): the position across the edge is extrapolated along a Gaussian as wide
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
  /**
   * Peak height in the smoothed image: its prominence, at most its rise above the median of its ring around the
   * beam (for edge spots, the extrapolated peak's rise).
   */
  intensity: Float64Array;
  /** Centre of the background rings (pixel): `options.centre` rounded, or the brightest pixel. */
  centre: [number, number];
  /** σ (px) of the spots as the smoothed image shows them, measured on the highest ten; NaN when none gives one. */
  spotSigma: number;
}

/**
 * Finds the diffraction spots of a pattern image. Non-finite values (NaN, ±Inf) read as 0.
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
  // Non-finite values (NaN, ±Inf: dead or saturated detector pixels) read as 0, as `@sadp/classifier` reads them:
  // one would otherwise spread through the blur and the ring statistics and leave no spot anywhere.
  const values = new Float32Array(w * h);
  for (let p = 0; p < values.length; p++) {
    const v = data[p]!;
    values[p] = Number.isFinite(v) ? v : 0;
  }
  const smoothing = options.smoothing ?? 1;
  const kernel = smoothing > 0 ? gaussianKernel(smoothing) : null;
  const smooth = gaussianBlur(values, w, h, kernel);
  const { residual, noise, centre } = ringStatistics(values, smooth, w, h, kernel, options.centre);
  let top = 0;
  for (let p = 0; p < residual.length; p++) if (residual[p]! > top) top = residual[p]!;
  const minSnr = options.snr ?? 5;
  const minHeight = Math.max((options.minFraction ?? 0.001) * top, 1e-12);
  // The maxima that stand out: prominence above the noise, height (the prominence, but no more than the rise above
  // the ring's median: the beam's prominence is its whole height, down to the darkest pixel) above `minHeight`.
  // Maxima on the border pixels are spots cut by the edge (see `edges`).
  const height = new Map<number, number>();
  const border: number[] = [];
  const { peaks: maxima, prominence } = prominentMaxima(smooth, w, h);
  const edgeGain = clampedEdgeGain(kernel);
  const gain = whiteNoiseGain(kernel);
  const window = new Float32Array((2 * LOCAL + 1) ** 2);
  for (let k = 0; k < maxima.length; k++) {
    const p = maxima[k]!;
    const v = Math.min(prominence[k]!, residual[p]!);
    if (!(v >= minHeight && prominence[k]! >= minSnr * noise[p]!)) continue;
    const maxSigma = prominence[k]! / (minSnr * gain);
    if (v < FAINT * top && !faintSpot(values, smooth, residual, w, h, p, maxSigma, window)) continue;
    const px = p % w;
    const py = (p - px) / w;
    const onEdge = px === 0 || py === 0 || px === w - 1 || py === h - 1;
    if (!onEdge) height.set(p, v);
    else if (
      (px === 0 || px === w - 1) !== (py === 0 || py === h - 1) &&
      prominence[k]! >= minSnr * noise[p]! * edgeGain
    )
      border.push(p);
  }
  const peaks = [...height.keys()].sort((a, b) => height.get(b)! - height.get(a)! || a - b);
  const found: { x: number; y: number; height: number }[] = peaks.map((p) => {
    const px = p % w;
    const py = (p - px) / w;
    return {
      x: px + subpixel(smooth[p - 1]!, smooth[p]!, smooth[p + 1]!),
      y: py + subpixel(smooth[p - w]!, smooth[p]!, smooth[p + w]!),
      height: height.get(p)!,
    };
  });
  const variance = spotVariance(residual, w, peaks.slice(0, 10));
  if (options.edges && variance > 0) {
    for (const p of border) {
      const spot = edgeSpot(residual, w, h, p, variance);
      if (spot) found.push(spot);
    }
    found.sort((a, b) => b.height - a.height);
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

/** Separable blur with a 1-D `kernel` (edges clamped); `null` copies. */
function gaussianBlur(data: Float32Array, w: number, h: number, kernel: Float64Array | null): Float32Array {
  const out = data.slice(0, w * h);
  if (!kernel) return out;
  const k = Float32Array.from(kernel);
  const r = k.length >> 1;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r]! * out[row + Math.min(w - 1, Math.max(0, x + i))]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/**
 * Spots below this fraction of the highest must pass {@link faintSpot}: in sparse counting images (most pixels at
 * the background, as at low dose without background) the ring's noise is not measurable, a single count, smoothed,
 * rises this high under a gamma display, and so do bumps of shot noise on the tails of large spots. (Above it the
 * first spot finder's floor of 1 % held them out, and these tests are not needed: a weak reflection of a few counts
 * in a sparse image can rest on fewer than 3 pixels.)
 */
const FAINT = 0.01;

/** Half side of the window about a faint spot in which {@link faintSpot} measures the noise. */
const LOCAL = 3;

/**
 * Whether the faint maximum at pixel `p` is a spot, not a count or a noise bump:
 * - at least 3 raw pixels of its 3 × 3 neighbourhood lie above their ring's background (the smoothed image minus
 *   `residual`): any spot of σ ≥ 1 px drawn at one grey level or more does, a single detector count does not;
 * - the noise about it is at most `maxSigma`: the robust σ (1.4826 × the median absolute value) of the raw image
 *   minus the smoothed one in the (2·LOCAL + 1)² window about it (`window`: scratch of that size). A faint spot in a
 *   noise-free image passes (only its own shape and the rounding differ from the smoothing there), a bump of shot
 *   noise does not.
 */
function faintSpot(
  data: Float32Array,
  smooth: Float32Array,
  residual: Float32Array,
  w: number,
  h: number,
  p: number,
  maxSigma: number,
  window: Float32Array,
): boolean {
  const px = p % w;
  const py = (p - px) / w;
  let support = 0;
  for (let y = Math.max(0, py - 1); y <= Math.min(h - 1, py + 1); y++)
    for (let x = Math.max(0, px - 1); x <= Math.min(w - 1, px + 1); x++) {
      const q = y * w + x;
      if (data[q]! > smooth[q]! - residual[q]!) support++;
    }
  if (support < 3) return false;
  let n = 0;
  for (let y = Math.max(0, py - LOCAL); y <= Math.min(h - 1, py + LOCAL); y++)
    for (let x = Math.max(0, px - LOCAL); x <= Math.min(w - 1, px + LOCAL); x++)
      window[n++] = Math.abs(data[y * w + x]! - smooth[y * w + x]!);
  return robustSigma(window.subarray(0, n)) <= maxSigma;
}

/**
 * Background and noise per 1-px ring around the direct beam (`centre`, or the middle of the brightest plateau),
 * the centre of the diffuse halo. `residual` is the smoothed image minus its ring's median (the halo and the
 * background; spots cover a small part of most rings). `noise` is the σ of the smoothed image's noise: the robust
 * σ (1.4826 × median absolute deviation) of the raw image minus the smoothed one in the pixel's ring, converted
 * as for white noise through the smoothing kernel. That difference keeps the noise and loses the spots (smooth
 * at the scale of the kernel), so large spots that cover much of a ring do not raise it.
 */
function ringStatistics(
  data: Float32Array,
  smooth: Float32Array,
  w: number,
  h: number,
  kernel: Float64Array | null,
  centre?: readonly [number, number],
): { residual: Float32Array; noise: Float32Array; centre: [number, number] } {
  let cx: number;
  let cy: number;
  if (centre && Number.isFinite(centre[0]) && Number.isFinite(centre[1])) {
    cx = Math.min(w - 1, Math.max(0, Math.round(centre[0])));
    cy = Math.min(h - 1, Math.max(0, Math.round(centre[1])));
  } else {
    let c = 0;
    for (let p = 1; p < smooth.length; p++) if (smooth[p]! > smooth[c]!) c = p;
    [cx, cy] = plateauCentre(smooth, w, c).map(Math.round) as [number, number];
  }
  const rings = Math.ceil(Math.hypot(Math.max(cx, w - 1 - cx), Math.max(cy, h - 1 - cy))) + 1;
  const ringOf = new Int32Array(w * h);
  const start = new Int32Array(rings + 1);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) start[(ringOf[y * w + x] = Math.round(Math.hypot(x - cx, y - cy))) + 1]!++;
  for (let i = 1; i <= rings; i++) start[i]! += start[i - 1]!;
  const levels = new Float32Array(w * h);
  const highPass = new Float32Array(w * h);
  const fill = start.slice();
  let top = 0;
  for (let p = 0; p < smooth.length; p++) {
    const k = fill[ringOf[p]!]!++;
    levels[k] = smooth[p]!;
    highPass[k] = Math.abs(data[p]! - smooth[p]!);
    top = Math.max(top, Math.abs(smooth[p]!));
  }
  const median = new Float32Array(rings);
  const sigma = new Float32Array(rings);
  const toSmoothed = whiteNoiseGain(kernel);
  for (let i = 0; i < rings; i++) {
    if (start[i + 1]! === start[i]!) continue;
    const middle = (start[i + 1]! - start[i]!) >> 1;
    median[i] = selectNth(levels.subarray(start[i]!, start[i + 1]!), middle);
    sigma[i] = toSmoothed * robustSigma(highPass.subarray(start[i]!, start[i + 1]!));
  }
  // The innermost rings are too small for statistics (ring 0 is the beam itself): they take those of the first
  // ring of at least MIN_RING pixels, so that the beam stays a spot.
  const first = start.findIndex((s, i) => i < rings && start[i + 1]! - s >= MIN_RING);
  for (let i = 0; i < first; i++) {
    median[i] = median[first]!;
    sigma[i] = sigma[first]!;
  }
  // Noise-free images (quantisation only) have no measurable σ: a floor of 10⁻⁴ of the highest level.
  const floor = Math.max(1e-4 * top, 1e-12);
  const residual = new Float32Array(w * h);
  const noise = new Float32Array(w * h);
  for (let p = 0; p < smooth.length; p++) {
    const i = ringOf[p]!;
    residual[p] = smooth[p]! - median[i]!;
    noise[p] = Math.max(sigma[i]!, floor);
  }
  return { residual, noise, centre: [cx, cy] };
}

/** The normalised 1-D Gaussian kernel of σ `sigma` (> 0), radius max(1, ⌈3σ⌉). */
function gaussianKernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return kernel;
}

/**
 * σ of white noise after the separable blur with the normalised 1-D kernel k, per σ of the raw image minus its
 * blur: Σk² / √(1 − 2k₀² + (Σk²)²), k₀ its centre; 1 without a blur.
 */
function whiteNoiseGain(k: Float64Array | null): number {
  if (!k) return 1;
  const k0 = k[k.length >> 1]!;
  const sum2 = k.reduce((a, b) => a + b * b, 0);
  return sum2 / Math.sqrt(Math.max(1e-6, 1 - 2 * k0 * k0 + sum2 * sum2));
}

/**
 * How much noisier the blur is on a border pixel than inside: the blur clamps at the edges, so the border pixel
 * takes the weight of the kernel's outer half, √(Σk′² / Σk²) with k′ the 1-D kernel folded at its centre.
 */
function clampedEdgeGain(k: Float64Array | null): number {
  if (!k) return 1;
  const r = k.length >> 1;
  const inside = k.reduce((a, b) => a + b * b, 0);
  const folded = k.subarray(0, r + 1).reduce((a, b) => a + b, 0);
  const edge = folded ** 2 + k.subarray(r + 1).reduce((a, b) => a + b * b, 0);
  return Math.sqrt(edge / inside);
}

/**
 * Local maxima of `image` (8-connected; a plateau is one maximum) and their topographic prominence: the height
 * above the highest saddle on a path to a higher maximum, the highest maximum's above the lowest pixel. Pixels are
 * flooded from the highest down (union–find); where two basins meet, the one with the lower peak ends there.
 */
function prominentMaxima(
  image: Float32Array,
  w: number,
  h: number,
): { peaks: number[]; prominence: number[] } {
  const n = w * h;
  const order = descendingOrder(image);
  const parent = new Int32Array(n).fill(-1);
  const peakOf = new Int32Array(n);
  const find = (p: number): number => {
    let r = p;
    while (parent[r]! !== r) r = parent[r]!;
    for (let q = p; parent[q]! !== r; ) {
      const next = parent[q]!;
      parent[q] = r;
      q = next;
    }
    return r;
  };
  const peaks: number[] = [];
  const prominence: number[] = [];
  const roots = new Int32Array(8);
  for (let k = 0; k < n; k++) {
    const p = order[k]!;
    const px = p % w;
    const py = (p - px) / w;
    let count = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const y = py + dy;
      if (y < 0 || y >= h) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const x = px + dx;
        if (x < 0 || x >= w || (dx === 0 && dy === 0) || parent[y * w + x]! < 0) continue;
        const r = find(y * w + x);
        let seen = false;
        for (let i = 0; i < count && !seen; i++) seen = roots[i] === r;
        if (!seen) roots[count++] = r;
      }
    }
    if (count === 0) {
      parent[p] = p;
      peakOf[p] = p;
      continue;
    }
    let best = roots[0]!;
    for (let i = 1; i < count; i++) if (image[peakOf[roots[i]!]!]! > image[peakOf[best]!]!) best = roots[i]!;
    for (let i = 0; i < count; i++) {
      const r = roots[i]!;
      if (r === best) continue;
      peaks.push(peakOf[r]!);
      prominence.push(image[peakOf[r]!]! - image[p]!);
      parent[r] = best;
    }
    parent[p] = best;
    // Within one level of descendingOrder the order is raster order: a basin's peak is its highest pixel so far.
    if (image[p]! > image[peakOf[best]!]!) peakOf[best] = p;
  }
  let lowest = Number.POSITIVE_INFINITY;
  for (let p = 0; p < n; p++) lowest = Math.min(lowest, image[p]!);
  for (let p = 0; p < n; p++)
    if (parent[p] === p) {
      peaks.push(peakOf[p]!);
      prominence.push(image[peakOf[p]!]! - lowest);
    }
  return { peaks, prominence };
}

/**
 * Pixel indices of `image` from the highest value down, by a counting sort on `LEVELS` levels between the lowest and
 * the highest value (raster order within a level): the order is exact to 1/`LEVELS` of the range.
 */
function descendingOrder(image: Float32Array): Uint32Array {
  const n = image.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) {
    lo = Math.min(lo, image[p]!);
    hi = Math.max(hi, image[p]!);
  }
  const scale = hi > lo ? (LEVELS - 1) / (hi - lo) : 0;
  const level = new Uint32Array(n);
  const start = new Uint32Array(LEVELS + 1);
  for (let p = 0; p < n; p++) start[(level[p] = LEVELS - 1 - Math.floor((image[p]! - lo) * scale)) + 1]!++;
  for (let i = 1; i <= LEVELS; i++) start[i]! += start[i - 1]!;
  const order = new Uint32Array(n);
  for (let p = 0; p < n; p++) order[start[level[p]!]!++] = p;
  return order;
}

/** Levels of {@link descendingOrder}. */
const LEVELS = 1 << 16;

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
