/**
 * The one image resampler of the sadp packages: an affine map from output to source pixels with bilinear
 * interpolation. Rotation, zoom, crop, shift, mirror and resizing are all one call with another map.
 *
 * @packageDocumentation
 */

/**
 * Output pixel → source pixel. For output pixel (u, v) with `du = u − (outWidth − 1) / 2` and
 * `dv = v − (outHeight − 1) / 2` (offsets from the output centre), the source is sampled at
 * `sx = x + xx·du + xy·dv`, `sy = y + yx·du + yy·dv` (pixel centres at integers, y down).
 */
export interface AffineMap {
  /** Source x of the output centre. */
  x: number;
  /** Source y of the output centre. */
  y: number;
  xx: number;
  xy: number;
  yx: number;
  yy: number;
}

/**
 * The map that turns by `degrees` (counter-clockwise as displayed, y down), magnifies by `scale` and puts the
 * source point (`x`, `y`) at the output centre; `ratio` source pixels per output pixel before magnification
 * (default 1: a crop; `size / outSize`: a resize).
 */
export function rotationMap(x: number, y: number, degrees: number, scale = 1, ratio = 1): AffineMap {
  const theta = (degrees * Math.PI) / 180;
  const k = ratio / scale;
  const cos = Math.cos(theta) * k;
  const sin = Math.sin(theta) * k;
  return { x, y, xx: cos, xy: -sin, yx: sin, yy: cos };
}

/**
 * Writes into `out` (`outWidth × outHeight × channels`, row-major, channels interleaved) the image `src`
 * (`width × height × channels`) seen through `map`, with bilinear interpolation; pixels outside the source count
 * as `fill` (default 0), and an output pixel whose sample point lies a whole pixel or more outside is `fill`
 * exactly. Integer offsets without rotation or magnification copy pixels exactly. Allocates nothing; returns
 * `out`.
 *
 * @example
 * // a 224 px crop of a 256 px pattern, turned by 30° about the crop's centre
 * const out = resampleAffine(src, 256, 256, 1, new Float32Array(224 * 224), 224, 224, rotationMap(130, 127.5, 30));
 */
export function resampleAffine<Out extends { [index: number]: number }>(
  src: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  out: Out,
  outWidth: number,
  outHeight: number,
  map: Readonly<AffineMap>,
  fill = 0,
): Out {
  const { x: cx, y: cy, xx, xy, yx, yy } = map;
  const ox = (outWidth - 1) / 2;
  const oy = (outHeight - 1) / 2;
  const lastX = width - 1;
  const lastY = height - 1;
  const row = width * channels;
  let o = 0;
  for (let v = 0; v < outHeight; v++) {
    const dv = v - oy;
    for (let u = 0; u < outWidth; u++) {
      const du = u - ox;
      const sx = cx + xx * du + xy * dv;
      const sy = cy + yx * du + yy * dv;
      if (!(sx > -1 && sy > -1 && sx < width && sy < height)) {
        for (let ch = 0; ch < channels; ch++) out[o++] = fill;
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const x0in = x0 >= 0;
      const y0in = y0 >= 0;
      const x1in = x0 < lastX;
      const y1in = y0 < lastY;
      const i00 = (y0 * width + x0) * channels;
      for (let ch = 0; ch < channels; ch++) {
        const i = i00 + ch;
        const v00 = x0in && y0in ? src[i]! : fill;
        const v10 = x1in && y0in ? src[i + channels]! : fill;
        const v01 = x0in && y1in ? src[i + row]! : fill;
        const v11 = x1in && y1in ? src[i + row + channels]! : fill;
        out[o++] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
      }
    }
  }
  return out;
}
