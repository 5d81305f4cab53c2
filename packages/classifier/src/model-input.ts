import { type InputNormalization, normalizeInput } from '@sadp/resnet/browser';
import type { GreyImage } from './image';

/**
 * The model's view of a pattern: the central square of side `side` image pixels (default: the largest that fits;
 * a larger one is padded with 0, a smaller one zooms in), shrunk or enlarged to `size` by averaging pixel areas
 * (so small spots are not lost), then scaled as the model's training inputs were (`normalize`, default `'max'`:
 * the brightest pixel is 1; see `@sadp/resnet` `normalizeInput`). `centre` moves the square onto the direct beam.
 */
export function toModelInput(
  image: GreyImage,
  size: number,
  out: Float32Array = new Float32Array(size * size),
  side: number = Math.min(image.width, image.height),
  normalize: InputNormalization = 'max',
  centre?: readonly [number, number],
): Float32Array {
  if (!(side > 0 && Number.isFinite(side))) throw new RangeError(`side must be positive, got ${side}`);
  const { width, height, data } = image;
  // the square's centre is the direct beam when known, otherwise the image centre
  const x0 = centre ? centre[0] + 0.5 - side / 2 : (width - side) / 2;
  const y0 = centre ? centre[1] + 0.5 - side / 2 : (height - side) / 2;
  const scale = side / size;
  for (let oy = 0; oy < size; oy++) {
    const ya = y0 + oy * scale;
    const yb = ya + scale;
    for (let ox = 0; ox < size; ox++) {
      const xa = x0 + ox * scale;
      const xb = xa + scale;
      let sum = 0;
      // only pixels inside the image: bounded work however large the square (a padded one adds zeros)
      const yEnd = Math.min(height, Math.ceil(yb));
      const xEnd = Math.min(width, Math.ceil(xb));
      for (let y = Math.max(0, Math.floor(ya)); y < yEnd; y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.max(0, Math.floor(xa)); x < xEnd; x++) {
          sum += wy * (Math.min(xb, x + 1) - Math.max(xa, x)) * data[y * width + x]!;
        }
      }
      out[oy * size + ox] = sum / (scale * scale);
    }
  }
  normalizeInput(out, size, normalize);
  return out;
}

/**
 * Writes `src` (a `size`×`size` view) turned by `k` quarter turns (k = 0–3) and, for k = 4–7, also mirrored
 * about its diagonal: the eight symmetries of a square, exact on the pixel grid (no resampling).
 */
export function dihedralView(src: Float32Array, dst: Float32Array, size: number, k: number): void {
  const last = size - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // (u, v): where (x, y) comes from
      let u = x;
      let v = y;
      if (k >= 4) [u, v] = [v, u];
      switch (k & 3) {
        case 1:
          [u, v] = [v, last - u];
          break;
        case 2:
          [u, v] = [last - u, last - v];
          break;
        case 3:
          [u, v] = [last - v, u];
          break;
      }
      dst[y * size + x] = src[v * size + u]!;
    }
  }
}
