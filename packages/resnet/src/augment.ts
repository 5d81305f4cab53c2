/**
 * On-the-fly augmentation of Float32Array images: random rotation, scale and crop (translation),
 * applied as one inverse affine warp with bilinear sampling, resizing to the model's input at the same
 * time. Self-contained functions (no imports) so the image-folder loader can run them in worker threads.
 *
 * @packageDocumentation
 */

/** Options of {@link augmentImage}. */
export interface AugmentOptions {
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

/**
 * Resamples an HWC image (`size × size × channels`) to `outSize × outSize × channels` with bilinear
 * interpolation, applying an affine map: output pixel centre (u, v) samples the source at
 * `centre + R(−angle)·((u, v) − outCentre)·(size / outSize) / zoom + shift`. Writes into `out` and returns it.
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
  const ratio = size / outSize / zoom;
  const cos = Math.cos(angle) * ratio;
  const sin = Math.sin(angle) * ratio;
  const c = (size - 1) / 2;
  const oc = (outSize - 1) / 2;
  let o = 0;
  for (let v = 0; v < outSize; v++) {
    const dy = v - oc;
    for (let u = 0; u < outSize; u++) {
      const dx = (flip ? oc - u : u - oc) as number;
      const x = c + cos * dx + sin * dy + shiftX;
      const y = c - sin * dx + cos * dy + shiftY;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      for (let ch = 0; ch < channels; ch++, o++) {
        let acc = 0;
        for (let j = 0; j < 2; j++) {
          const yy = y0 + j;
          const wy = j === 0 ? 1 - fy : fy;
          if (wy === 0) continue;
          for (let i = 0; i < 2; i++) {
            const xx = x0 + i;
            const wx = i === 0 ? 1 - fx : fx;
            if (wx === 0) continue;
            const value =
              xx < 0 || yy < 0 || xx >= size || yy >= size ? fill : src[(yy * size + xx) * channels + ch]!;
            acc += wx * wy * value;
          }
        }
        out[o] = acc;
      }
    }
  }
  return out;
}

/**
 * Draws random augmentation parameters and warps `src` (`size × size × channels`, HWC) into a new or
 * given `outSize × outSize × channels` array. `random` returns uniform numbers in [0, 1).
 */
export function augmentImage(
  src: ArrayLike<number>,
  size: number,
  channels: number,
  outSize: number,
  random: () => number,
  options: AugmentOptions = {},
  out: Float32Array = new Float32Array(outSize * outSize * channels),
): Float32Array {
  const rotation = options.rotation ?? 30;
  const [zMin, zMax] = options.scale ?? [0.9, 1.1];
  const crop = options.crop ?? 0.1;
  const angle = ((random() * 2 - 1) * rotation * Math.PI) / 180;
  const zoom = zMin + random() * (zMax - zMin);
  const shiftX = (random() * 2 - 1) * crop * size;
  const shiftY = (random() * 2 - 1) * crop * size;
  const flip = options.flip === true && random() < 0.5;
  return warpAffine(src, size, channels, out, outSize, angle, zoom, shiftX, shiftY, flip, options.fill ?? 0);
}

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
  return warpAffine(src, size, channels, out, outSize, 0, 1, 0, 0, false, 0);
}

/** Deterministic uniform random numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
