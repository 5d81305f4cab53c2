/**
 * The network's views of a set of images: one square per (image, scale) row, centred on the beam, masked as the
 * model was trained, repeated as the disc view and the symmetries of the square, and the mean of their
 * probabilities. Browser-safe.
 *
 * @packageDocumentation
 */
import { type InputMask, type InputNormalization, maskInput } from '@sadp/resnet/browser';
import type { GreyImage } from './image';
import { dihedralView, toModelInput } from './model-input';

/** One row of the batch: an image and the side (image pixels) of the square the network sees of it. */
export interface ViewRow {
  image: GreyImage;
  /** Side of the square in image pixels; `undefined`: the largest square that fits. */
  side: number | undefined;
  /** Centre of the square ([x, y] pixels), `null`: the image centre. */
  centre: readonly [number, number] | null;
}

/** How the rows are turned into network inputs. */
export interface ViewSettings {
  inputSize: number;
  normalize: InputNormalization;
  /** The model's training mask, applied to every view. */
  mask: InputMask;
  /** Also add each row's inscribed-disc view (models trained on squares). */
  disc: boolean;
  /** Symmetries of the square per view: 1, 4 (quarter turns) or 8 (and mirrors). */
  turns: 1 | 4 | 8;
}

/** How many network inputs each row becomes. */
export function viewsPerRow(settings: ViewSettings): number {
  return (settings.disc ? 2 : 1) * settings.turns;
}

/**
 * The batch of every view of every row: block v (of `rows.length` inputs) holds view v of each row in order, so
 * that {@link averageViews} can average them.
 */
export function viewBatch(rows: readonly ViewRow[], settings: ViewSettings): Float32Array {
  const { inputSize, turns } = settings;
  const pixels = inputSize * inputSize;
  const count = rows.length;
  const batch = new Float32Array(viewsPerRow(settings) * count * pixels);
  const at = (r: number) => batch.subarray(r * pixels, (r + 1) * pixels);
  rows.forEach(({ image, side, centre }, r) => {
    const out = at(r);
    toModelInput(
      image,
      inputSize,
      out,
      side ?? Math.min(image.width, image.height),
      settings.normalize,
      centre ?? undefined,
    );
    maskInput(out, inputSize, settings.mask);
  });
  if (settings.disc) {
    batch.copyWithin(count * pixels, 0, count * pixels);
    for (let r = count; r < 2 * count; r++) maskInput(at(r), inputSize, 'disc');
  }
  const base = (settings.disc ? 2 : 1) * count;
  for (let k = 1; k < turns; k++)
    for (let r = 0; r < base; r++) dihedralView(at(r), at(k * base + r), inputSize, k);
  return batch;
}

/** The mean over `views` blocks of `rows` probability rows each (block v follows block v − 1). */
export function averageViews(all: Float32Array, rows: number, n: number, views: number): Float32Array {
  if (views === 1) return all;
  const out = all.slice(0, rows * n);
  for (let v = 1; v < views; v++) for (let k = 0; k < rows * n; k++) out[k]! += all[v * rows * n + k]!;
  for (let k = 0; k < rows * n; k++) out[k]! /= views;
  return out;
}
