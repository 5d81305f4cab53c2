/**
 * Worker-thread entry of the image-folder data source (built as its own file, `dist/decoder-worker.js`, and started
 * with `@sadp/raster/node`'s `WorkerPool`): reads a PNG, converts it to grey or RGB in [0, 1], resizes or
 * augments it to the model's input, scales and masks it, and sends the pixels back as a transferable buffer.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { randomSource } from '@sadp/raster';
import { PNG } from 'pngjs';
import { augmentTrainingImage, resizeImage, type TrainingAugmentOptions } from './augment.js';
import { type InputMask, type InputNormalization, maskInput, normalizeInput } from './normalize.js';

/** Main thread → decoder: one image to produce (the pool adds the `seq` its reply carries). */
export interface DecodeRequest {
  file: string;
  /** Seed of this image's augmentation. */
  seed: number;
  augment: TrainingAugmentOptions | false;
  outSize: number;
  channels: 1 | 3;
  normalize: InputNormalization;
  mask: InputMask;
}

/** Decoder → main thread: the pixels (`outSize² × channels`), or why not (`file: reason`). */
export type DecodeReply = { seq: number; data: Float32Array } | { seq: number; error: string };

/** The model input of one request. */
function decodeRequest(m: DecodeRequest): Float32Array {
  const png = PNG.sync.read(readFileSync(m.file));
  const { width, height, data } = png;
  if (width !== height) throw new Error(`image is ${width}×${height}, expected a square image`);
  const n = width * height;
  const src = new Float32Array(n * m.channels);
  for (let p = 0; p < n; p++) {
    const r = data[4 * p]!;
    const g = data[4 * p + 1]!;
    const b = data[4 * p + 2]!;
    if (m.channels === 1) src[p] = (r + g + b) / 765;
    else {
      src[3 * p] = r / 255;
      src[3 * p + 1] = g / 255;
      src[3 * p + 2] = b / 255;
    }
  }
  const out = m.augment
    ? augmentTrainingImage(src, width, m.channels, m.outSize, randomSource(m.seed), m.augment)
    : resizeImage(src, width, m.channels, m.outSize);
  normalizeInput(out, m.outSize, m.channels === 1 || m.normalize !== 'spots' ? m.normalize : 'max');
  if (m.channels === 1) maskInput(out, m.outSize, m.mask);
  return out;
}

const port = parentPort;
port?.on('message', (m: DecodeRequest & { seq: number }) => {
  try {
    const data = decodeRequest(m);
    port.postMessage({ seq: m.seq, data } satisfies DecodeReply, [data.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ seq: m.seq, error: `${m.file}: ${(error as Error).message}` } satisfies DecodeReply);
  }
});
