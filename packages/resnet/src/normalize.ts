/**
 * Intensity scalings of a model input. Self-contained functions (no module bindings): the image decoder threads
 * run their source text.
 *
 * @packageDocumentation
 */

/** How each model input is scaled after resizing: see {@link normalizeInput}. */
export type InputNormalization = 'none' | 'max' | 'spots';

/**
 * Scales a single-channel `width`×`width` image in place.
 * - `'none'`: unchanged.
 * - `'max'`: divided by its brightest pixel.
 * - `'spots'`: for diffraction patterns whatever their detector and display: the median (the background of a
 *   sparse spot pattern) is subtracted, the result divided by the third-highest local maximum and clipped to
 *   [0, 1]. The direct beam and the strongest Friedel pair are the three highest maxima of a pattern, so a beam
 *   10–100× brighter than the reflections is clipped instead of shrinking every reflection to nothing, and a
 *   constant background or exposure leaves no trace. A plateau (a saturated beam) counts as one maximum.
 */
export function normalizeInput(data: Float32Array, width: number, mode: InputNormalization): void {
  if (mode === 'none') return;
  const n = data.length;
  if (mode === 'max') {
    let max = 0;
    for (let i = 0; i < n; i++) if (data[i]! > max) max = data[i]!;
    if (max > 0) for (let i = 0; i < n; i++) data[i]! /= max;
    return;
  }
  const sorted = Float32Array.from(data).sort();
  const median = n === 0 ? 0 : sorted[n >> 1]!;
  for (let i = 0; i < n; i++) data[i] = Math.max(0, data[i]! - median);
  // top three local maxima: strictly above the neighbours before it in raster order, at least those after
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  const height = Math.floor(n / width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      if (!(v > m3)) continue;
      let peak = true;
      for (let dy = -1; dy <= 1 && peak; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
          const u = data[yy * width + xx]!;
          const before = dy < 0 || (dy === 0 && dx < 0);
          if (before ? u >= v : u > v) {
            peak = false;
            break;
          }
        }
      }
      if (!peak) continue;
      if (v > m1) [m1, m2, m3] = [v, m1, m2];
      else if (v > m2) [m2, m3] = [v, m2];
      else m3 = v;
    }
  }
  const scale = m3 > 0 ? m3 : m2 > 0 ? m2 : m1;
  if (!(scale > 0)) return;
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) data[i] = Math.min(1, data[i]! * inv);
}

/** Which pixels of a model input are kept: see {@link maskInput}. */
export type InputMask = 'none' | 'disc';

/**
 * Masks a single-channel `width`×`width` image in place. `'disc'` sets the pixels outside the inscribed disc to
 * 0, so that a rotated pattern and an upright one show the network the same field of view (a square's corners
 * reveal the rotation: a network trained on rotated squares learns them as a cue). `'none'` keeps every pixel.
 */
export function maskInput(data: Float32Array, width: number, mask: InputMask): void {
  if (mask === 'none') return;
  const height = Math.floor(data.length / width);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const r2 = (Math.min(width, height) / 2) ** 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 > r2) data[y * width + x] = 0;
  }
}
