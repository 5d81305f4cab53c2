/**
 * On-the-fly augmentation of Float32Array images for training: random rotation, scale, crop (translation) and
 * optional flip, applied as one affine warp with bilinear sampling (`@sadp/raster`'s `resampleAffine`), resizing
 * to the model's input at the same time. The image-folder loader runs them in its decoder worker threads.
 *
 * (`@sadp/dataset` has its own generation-time augmentation, whose parameters go to the manifest: other ranges,
 * integer crops, no resizing; both warp through the same resampler.)
 *
 * @packageDocumentation
 */
import { type AffineMap, randomSource, resampleAffine } from '@sadp/raster';

/** Options of {@link augmentTrainingImage}. */
export interface TrainingAugmentOptions {
  /** Largest rotation in degrees; the angle is uniform in [−rotation, rotation] (default 30). */
  rotation?: number;
  /** Range of the zoom factor (default [0.9, 1.1]; > 1 zooms in). */
  scale?: readonly [number, number];
  /** Largest random-crop offset as a fraction of the image side, in x and y (default 0.1). */
  crop?: number;
  /** Also flip horizontally with probability 1/2 (default false: diffraction patterns have handedness). */
  flip?: boolean;
  /** Value of pixels that come from outside the source image (default 0). */
  fill?: number;
}

/** @deprecated Use {@link TrainingAugmentOptions} (renamed: `@sadp/dataset` has an `AugmentOptions` of its own). */
export type AugmentOptions = TrainingAugmentOptions;

/** One draw of {@link augmentTrainingImage}: turn (radians), zoom, shift (source pixels) and mirror. */
interface Warp {
  angle: number;
  zoom: number;
  shiftX: number;
  shiftY: number;
  flip: boolean;
}

/**
 * The map of a {@link Warp} from `size` to `outSize` pixels: output pixel centre (u, v) samples the source at
 * `centre + R(−angle)·((u, v) − outCentre)·(size / outSize) / zoom + shift`, mirrored in u when `flip`.
 */
function warpMap(size: number, outSize: number, { angle, zoom, shiftX, shiftY, flip }: Warp): AffineMap {
  const ratio = size / outSize / zoom;
  const cos = Math.cos(angle) * ratio;
  const sin = Math.sin(angle) * ratio;
  const c = (size - 1) / 2;
  return { x: c + shiftX, y: c + shiftY, xx: flip ? -cos : cos, xy: sin, yx: flip ? sin : -sin, yy: cos };
}

/**
 * Resamples an HWC image (`size × size × channels`) to `outSize × outSize × channels` with bilinear
 * interpolation, applying an affine map: output pixel centre (u, v) samples the source at
 * `centre + R(−angle)·((u, v) − outCentre)·(size / outSize) / zoom + shift`. Writes into `out` and returns it.
 *
 * @deprecated Use `resampleAffine` of `@sadp/raster`, the resampler this calls.
 */
export function warpAffine(
  src: ArrayLike<number>,
  size: number,
  channels: number,
  out: Float32Array,
  outSize: number,
  angle: number,
  zoom: number,
  shiftX: number,
  shiftY: number,
  flip: boolean,
  fill: number,
): Float32Array {
  const map = warpMap(size, outSize, { angle, zoom, shiftX, shiftY, flip });
  return resampleAffine(src, size, size, channels, out, outSize, outSize, map, fill);
}

/**
 * Draws random augmentation parameters and warps `src` (`size × size × channels`, HWC) into a new or
 * given `outSize × outSize × channels` array. `random` returns uniform numbers in [0, 1).
 */
export function augmentTrainingImage(
  src: ArrayLike<number>,
  size: number,
  channels: number,
  outSize: number,
  random: () => number,
  options: TrainingAugmentOptions = {},
  out: Float32Array = new Float32Array(outSize * outSize * channels),
): Float32Array {
  const rotation = options.rotation ?? 30;
  const [zMin, zMax] = options.scale ?? [0.9, 1.1];
  const crop = options.crop ?? 0.1;
  // drawn in this order: angle, zoom, shift x, shift y, then the mirror's coin
  const warp: Warp = {
    angle: ((random() * 2 - 1) * rotation * Math.PI) / 180,
    zoom: zMin + random() * (zMax - zMin),
    shiftX: (random() * 2 - 1) * crop * size,
    shiftY: (random() * 2 - 1) * crop * size,
    flip: options.flip === true && random() < 0.5,
  };
  const map = warpMap(size, outSize, warp);
  return resampleAffine(src, size, size, channels, out, outSize, outSize, map, options.fill ?? 0);
}

/** @deprecated Use {@link augmentTrainingImage} (renamed: `@sadp/dataset` has an `augmentImage` of its own). */
export const augmentImage: typeof augmentTrainingImage = augmentTrainingImage;

/** Resizes without augmentation (bilinear; the identity when sizes agree). */
export function resizeImage(
  src: ArrayLike<number>,
  size: number,
  channels: number,
  outSize: number,
  out: Float32Array = new Float32Array(outSize * outSize * channels),
): Float32Array {
  if (size === outSize) {
    for (let i = 0; i < out.length; i++) out[i] = src[i]!;
    return out;
  }
  return resampleAffine(
    src,
    size,
    size,
    channels,
    out,
    outSize,
    outSize,
    warpMap(size, outSize, { angle: 0, zoom: 1, shiftX: 0, shiftY: 0, flip: false }),
  );
}

/**
 * Deterministic uniform random numbers in [0, 1) from a 32-bit seed.
 *
 * @deprecated Use `randomSource` (or `SeededRandom`) of `@sadp/raster`, which this is. Was mulberry32; now the
 * one sfc32 generator of the sadp packages, so the numbers for a seed differ from earlier versions.
 */
export const seededRandom: (seed: number) => () => number = randomSource;
