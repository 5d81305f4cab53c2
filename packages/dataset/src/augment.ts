/**
 * Image augmentations of the paper (rotation 0–30° about the beam, random 224×224 crop of a 256×256
 * pattern, scale) as pure functions on square row-major `Float32Array` images, with seeded randomness.
 * The same functions run at generation time (parameters go to the manifest) and on the fly in training.
 *
 * @packageDocumentation
 */
import { resampleAffine, rotationMap } from '@sadp/raster';
import { createRng, type Rng } from './random';

/** One concrete geometric transform: output pixel → source pixel through rotation, scale and offset. */
export interface AugmentParams {
  /** In-plane rotation in degrees; positive turns the pattern counter-clockwise as displayed (y down). */
  rotation: number;
  /** Magnification: > 1 moves spots away from the centre. */
  scale: number;
  /** Source-pixel offset (x right) of the output centre from the source centre (off-centre crop). */
  offsetX: number;
  /** Source-pixel offset (y down) of the output centre from the source centre. */
  offsetY: number;
}

/** Ranges for {@link drawAugmentParams}; every field optional. */
export interface AugmentOptions {
  /** Rotation range in degrees, default `[0, 30]` as in the paper. `[0, 0]` disables. */
  rotation?: readonly [number, number];
  /** Scale range, default `[1, 1]` (off). The paper scales through camera length and voltage. */
  scale?: readonly [number, number];
  /**
   * Output size in px of a random crop, default 224 (of 256) as in the paper. The crop's top-left corner is
   * a uniform integer in `[0, size − crop]` on both axes. Set equal to the input size to disable.
   */
  crop?: number;
}

/** Identity parameters. */
export const IDENTITY_AUGMENT: Readonly<AugmentParams> = Object.freeze({
  rotation: 0,
  scale: 1,
  offsetX: 0,
  offsetY: 0,
});

/**
 * Writes into `out` (`outSize × outSize`) the `src` image (`srcSize × srcSize`) seen through `params`,
 * with bilinear sampling and 0 outside the source (`@sadp/raster`'s `resampleAffine`). Allocates nothing; returns `out`.
 * Integer offsets with rotation 0 and scale 1 copy pixels exactly.
 */
export function transformImage(
  out: Float32Array,
  src: Readonly<ArrayLike<number>>,
  srcSize: number,
  outSize: number,
  params: Readonly<AugmentParams>,
): Float32Array {
  if (src.length !== srcSize * srcSize)
    throw new RangeError(`source has ${src.length} px, expected ${srcSize}²`);
  if (out.length !== outSize * outSize)
    throw new RangeError(`output has ${out.length} px, expected ${outSize}²`);
  if (!(params.scale > 0)) throw new RangeError(`scale must be positive, got ${params.scale}`);
  // source = centre + R(θ)ᵀ·(out − centre)/scale in display coordinates (y down, CCW visual rotation)
  const centre = (srcSize - 1) / 2;
  const map = rotationMap(centre + params.offsetX, centre + params.offsetY, params.rotation, params.scale);
  return resampleAffine(src, srcSize, srcSize, 1, out, outSize, outSize, map);
}

/** Returns a new image: `src` rotated by `degrees` about its centre (counter-clockwise as displayed). */
export function rotateImage(src: Readonly<ArrayLike<number>>, size: number, degrees: number): Float32Array {
  return transformImage(new Float32Array(size * size), src, size, size, {
    ...IDENTITY_AUGMENT,
    rotation: degrees,
  });
}

/** Returns a new image: `src` magnified by `factor` about its centre. */
export function scaleImage(src: Readonly<ArrayLike<number>>, size: number, factor: number): Float32Array {
  return transformImage(new Float32Array(size * size), src, size, size, {
    ...IDENTITY_AUGMENT,
    scale: factor,
  });
}

/** Returns a new `crop × crop` image cut from `src` with its top-left corner at integer (`x0`, `y0`). */
export function cropImage(
  src: Readonly<ArrayLike<number>>,
  size: number,
  x0: number,
  y0: number,
  crop: number,
): Float32Array {
  if (!Number.isInteger(x0) || !Number.isInteger(y0) || !Number.isInteger(crop) || crop <= 0) {
    throw new RangeError(`crop corner and size must be integers, got (${x0}, ${y0}) ${crop}`);
  }
  if (x0 < 0 || y0 < 0 || x0 + crop > size || y0 + crop > size) {
    throw new RangeError(`crop (${x0}, ${y0}) ${crop}px does not fit in ${size}px`);
  }
  const out = new Float32Array(crop * crop);
  for (let y = 0; y < crop; y++) {
    for (let x = 0; x < crop; x++) out[y * crop + x] = src[(y0 + y) * size + x0 + x]!;
  }
  return out;
}

/** Output size of an augmentation of a `size` image under `options`. */
export function augmentedSize(size: number, options: AugmentOptions = {}): number {
  const crop = options.crop ?? Math.min(224, size);
  if (!Number.isInteger(crop) || crop <= 0 || crop > size) {
    throw new RangeError(`crop must be an integer in 1..${size}, got ${crop}`);
  }
  return crop;
}

/** Draws one set of parameters from `options` (see {@link AugmentOptions} for the defaults). */
export function drawAugmentParams(rng: Rng, size: number, options: AugmentOptions = {}): AugmentParams {
  const [rMin, rMax] = options.rotation ?? [0, 30];
  const [sMin, sMax] = options.scale ?? [1, 1];
  const crop = augmentedSize(size, options);
  const rotation = rMax > rMin ? rng.uniform(rMin, rMax) : rMin;
  const scale = sMax > sMin ? rng.uniform(sMin, sMax) : sMin;
  const slack = size - crop;
  const x0 = slack > 0 ? rng.int(slack + 1) : 0;
  const y0 = slack > 0 ? rng.int(slack + 1) : 0;
  // offset of the crop centre from the image centre, in source pixels
  return { rotation, scale, offsetX: x0 - slack / 2, offsetY: y0 - slack / 2 };
}

/** Result of {@link augmentImage}. */
export interface AugmentResult {
  image: Float32Array;
  size: number;
  params: AugmentParams;
}

/**
 * Augments one image with parameters drawn from `rng` (or a seed): rotation, scale, then a random crop.
 * Pure: `src` is not modified.
 *
 * @example
 * const { image, size, params } = augmentImage(pattern.image, 256, 7); // 224×224, rotation in [0, 30)
 */
export function augmentImage(
  src: Readonly<ArrayLike<number>>,
  size: number,
  rngOrSeed: Rng | number,
  options: AugmentOptions = {},
): AugmentResult {
  const rng = typeof rngOrSeed === 'number' ? createRng(rngOrSeed) : rngOrSeed;
  const params = drawAugmentParams(rng, size, options);
  const outSize = augmentedSize(size, options);
  const image = transformImage(new Float32Array(outSize * outSize), src, size, outSize, params);
  return { image, size: outSize, params };
}

/**
 * Returns an on-the-fly transform for training: `(image, size, seed) → AugmentResult`, with a fixed
 * set of ranges. Same seed, same output.
 */
export function createAugmenter(
  options: AugmentOptions = {},
): (src: Readonly<ArrayLike<number>>, size: number, seed: number) => AugmentResult {
  return (src, size, seed) => augmentImage(src, size, seed, options);
}
