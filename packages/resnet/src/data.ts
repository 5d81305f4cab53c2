/**
 * Data sources: where training and evaluation images come from. A {@link DataSource} yields batches
 * already resized (and, for training, augmented) to the model's input size. Two implementations:
 * in-memory arrays, and an image folder `root/<label>/*.png` decoded by a pool of worker threads
 * (pngjs, `decoder-worker.ts`) that work ahead of the model.
 *
 * @packageDocumentation
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { GOLDEN_GAMMA, randomSource, SeededRandom } from '@sadp/raster';
import { WorkerPool } from '@sadp/raster/node';
import { augmentTrainingImage, resizeImage, type TrainingAugmentOptions } from './augment.js';
import type { DecodeReply, DecodeRequest } from './decoder-worker.js';
import { ResNetError } from './errors.js';
import type { InputMask, InputNormalization } from './normalize.js';

/** One batch: `size` images (`size × inputSize × inputSize × channels`, NHWC, row-major) and class indices. */
export interface Batch {
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

/** What a {@link DataSource} is asked for. */
export interface BatchOptions {
  /** Images per batch (the last batch may be smaller unless `dropLast`). */
  batchSize: number;
  /** Side of the produced images. */
  inputSize: number;
  /** Shuffle the order (default false). */
  shuffle?: boolean;
  /** Seed of shuffling and augmentation (default 0). */
  seed?: number;
  /** Augmentation, or false/undefined for plain resizing. */
  augment?: TrainingAugmentOptions | false;
  /** Skip a last incomplete batch (default false). */
  dropLast?: boolean;
}

/** A labelled image collection the trainer and the evaluator read batch by batch. */
export interface DataSource {
  /** Number of images. */
  readonly length: number;
  /** Channels of the produced images (1 or 3). */
  readonly channels: 1 | 3;
  /** Class names; index = class label. */
  readonly labels: readonly string[];
  /** Class index of every image, in source order. */
  readonly targets: Int32Array;
  /** Iterates over the images once in batches. */
  batches(options: BatchOptions): AsyncIterable<Batch>;
  /** Releases resources (worker threads). */
  close?(): Promise<void>;
}

function order(length: number, shuffle: boolean, seed: number): Int32Array {
  const idx = new Int32Array(length);
  for (let i = 0; i < length; i++) idx[i] = i;
  if (shuffle) {
    new SeededRandom(seed ^ GOLDEN_GAMMA).shuffle(idx);
  }
  return idx;
}

function batchRanges(length: number, batchSize: number, dropLast: boolean): [number, number][] {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
  const out: [number, number][] = [];
  for (let s = 0; s < length; s += batchSize) {
    const e = Math.min(length, s + batchSize);
    if (dropLast && e - s < batchSize) break;
    out.push([s, e]);
  }
  return out;
}

/** Per-image seed derived from the run seed and the image's index. */
function imageSeed(seed: number, index: number): number {
  return (Math.imul(seed + 1, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/** Options of {@link arrayDataSource}. */
export interface ArrayDataSourceOptions {
  /** Images, `length × imageSize × imageSize × channels` (HWC each), values typically in [0, 1]. */
  images: Float32Array;
  /** Class index per image. */
  targets: Int32Array | readonly number[];
  /** Side of the stored images. */
  imageSize: number;
  /** Channels of the stored images (default 1). */
  channels?: 1 | 3;
  /** Class names (default `"0"`, `"1"`, …, up to the largest target). */
  labels?: readonly string[];
}

/** A data source over images held in memory (augmented and resized on the main thread). */
export function arrayDataSource(options: ArrayDataSourceOptions): DataSource {
  const channels = options.channels ?? 1;
  const { imageSize, images } = options;
  const pixels = imageSize * imageSize * channels;
  const targets = Int32Array.from(options.targets);
  if (images.length !== targets.length * pixels) {
    throw new ResNetError(
      'E_RESNET_DATA',
      `images hold ${images.length} values but ${targets.length} images of ${imageSize}×${imageSize}×${channels} need ${targets.length * pixels}`,
    );
  }
  let maxTarget = -1;
  for (const t of targets) maxTarget = Math.max(maxTarget, t);
  const labels = options.labels ?? Array.from({ length: maxTarget + 1 }, (_, i) => String(i));
  if (maxTarget >= labels.length || targets.some((t) => t < 0)) {
    throw new ResNetError('E_RESNET_DATA', `targets must lie in [0, ${labels.length - 1}]`);
  }
  return {
    length: targets.length,
    channels,
    labels,
    targets,
    async *batches(o: BatchOptions): AsyncIterable<Batch> {
      const idx = order(targets.length, o.shuffle ?? false, o.seed ?? 0);
      const outPixels = o.inputSize * o.inputSize * channels;
      for (const [s, e] of batchRanges(targets.length, o.batchSize, o.dropLast ?? false)) {
        const n = e - s;
        const batch: Batch = { images: new Float32Array(n * outPixels), labels: new Int32Array(n), size: n };
        for (let k = 0; k < n; k++) {
          const i = idx[s + k]!;
          const src = images.subarray(i * pixels, (i + 1) * pixels);
          const out = batch.images.subarray(k * outPixels, (k + 1) * outPixels);
          if (o.augment) {
            augmentTrainingImage(
              src,
              imageSize,
              channels,
              o.inputSize,
              randomSource(imageSeed(o.seed ?? 0, i)),
              o.augment,
              out,
            );
          } else {
            resizeImage(src, imageSize, channels, o.inputSize, out);
          }
          batch.labels[k] = targets[i]!;
        }
        yield batch;
      }
    },
  };
}

/** Options of {@link imageFolderDataSource}. */
export interface ImageFolderOptions {
  /** Channels to produce: 1 (grey, mean of RGB) or 3 (default 1). */
  channels?: 1 | 3;
  /** Class names in class-index order (default: the sub-folder names, sorted). */
  labels?: readonly string[];
  /** Decoder threads (default: CPUs − 1, at least 1). */
  workers?: number;
  /** Batches decoded ahead of the consumer (default 2). */
  prefetch?: number;
  /**
   * Intensity scaling of each produced image (after resizing and augmentation): `'none'` keeps the file's
   * values / 255 (default); `'max'` rescales so the brightest pixel is 1, as callers do with a microscope image
   * whose exposure is unknown; `'spots'` removes the background and scales to the strongest reflections, for
   * diffraction patterns of any detector and display (see {@link normalizeInput}).
   */
  normalize?: InputNormalization;
  /** Pixels kept after scaling: `'disc'` blanks the corners outside the inscribed disc (default `'none'`). */
  mask?: InputMask;
}

/** Decoder threads (`decoder-worker.ts`) in a `@sadp/raster` worker pool, taking requests in turn. */
class DecoderPool {
  private readonly pool: WorkerPool;
  private nextWorker = 0;

  constructor(count: number) {
    // an idle decoder does not keep the process alive (a data source left unclosed must not hang the program)
    this.pool = new WorkerPool(
      { base: import.meta.url, name: 'decoder-worker' },
      { size: count, unrefIdle: true },
    );
  }

  async decode(request: DecodeRequest): Promise<Float32Array> {
    const reply = await this.pool.request<DecodeReply>(this.nextWorker++ % this.pool.size, request);
    if ('error' in reply) {
      throw new ResNetError('E_RESNET_DATA', `cannot decode ${reply.error}`, {
        file: reply.error.split(': ')[0],
      });
    }
    return reply.data;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A data source over a folder laid out as `root/<label>/*.png` (the layout `@sadp/dataset` writes).
 * PNGs are decoded, converted to grey or RGB in [0, 1], resized and augmented in worker threads, which
 * work `prefetch` batches ahead so the model does not wait for them. Call `close()` when done.
 */
export function imageFolderDataSource(root: string, options: ImageFolderOptions = {}): DataSource {
  const channels = options.channels ?? 1;
  let dirs: string[];
  try {
    dirs = readdirSync(root)
      .filter((d) => statSync(join(root, d)).isDirectory())
      .sort();
  } catch (cause) {
    throw new ResNetError('E_RESNET_IO', `cannot read image folder ${root}`, { file: root, cause });
  }
  const labels = options.labels ?? dirs;
  const files: string[] = [];
  const targetList: number[] = [];
  for (const dir of dirs) {
    const label = labels.indexOf(dir);
    if (label < 0)
      throw new ResNetError('E_RESNET_DATA', `folder ${dir} is not among the labels`, {
        file: join(root, dir),
      });
    for (const f of readdirSync(join(root, dir))
      .filter((f) => f.toLowerCase().endsWith('.png'))
      .sort()) {
      files.push(join(root, dir, f));
      targetList.push(label);
    }
  }
  if (files.length === 0)
    throw new ResNetError('E_RESNET_DATA', `no PNG images under ${root}/<label>/`, { file: root });
  const targets = Int32Array.from(targetList);
  let pool: DecoderPool | undefined;
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  const prefetch = Math.max(0, options.prefetch ?? 2);
  const normalize = options.normalize ?? 'none';
  if (!['none', 'max', 'spots'].includes(normalize)) {
    throw new ResNetError('E_RESNET_DATA', `normalize must be 'none', 'max' or 'spots', got ${normalize}`);
  }
  const mask = options.mask ?? 'none';
  if (mask !== 'none' && mask !== 'disc') {
    throw new ResNetError('E_RESNET_DATA', `mask must be 'none' or 'disc', got ${String(mask)}`);
  }
  return {
    length: files.length,
    channels,
    labels,
    targets,
    async *batches(o: BatchOptions): AsyncIterable<Batch> {
      pool ??= new DecoderPool(workers);
      const decoder = pool;
      const idx = order(files.length, o.shuffle ?? false, o.seed ?? 0);
      const ranges = batchRanges(files.length, o.batchSize, o.dropLast ?? false);
      const outPixels = o.inputSize * o.inputSize * channels;
      const make = async ([s, e]: [number, number]): Promise<Batch> => {
        const n = e - s;
        const parts = await Promise.all(
          Array.from({ length: n }, (_, k) => {
            const i = idx[s + k]!;
            return decoder.decode({
              file: files[i]!,
              seed: imageSeed(o.seed ?? 0, i),
              augment: o.augment ?? false,
              outSize: o.inputSize,
              channels,
              normalize,
              mask,
            });
          }),
        );
        const batch: Batch = { images: new Float32Array(n * outPixels), labels: new Int32Array(n), size: n };
        parts.forEach((p, k) => {
          batch.images.set(p, k * outPixels);
          batch.labels[k] = targets[idx[s + k]!]!;
        });
        return batch;
      };
      const queue: Promise<Batch>[] = [];
      let next = 0;
      const issue = () => {
        if (next < ranges.length) {
          const p = make(ranges[next++]!);
          p.catch(() => {}); // surfaced when awaited below
          queue.push(p);
        }
      };
      for (let i = 0; i <= prefetch; i++) issue();
      while (queue.length > 0) {
        const batch = await queue.shift()!;
        issue();
        yield batch;
      }
    },
    async close() {
      await pool?.close();
      pool = undefined;
    },
  };
}
