/**
 * Evaluation and inference: top-k accuracy, per-class accuracy, confusion matrix, temperature-scaled
 * (calibrated) probabilities.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DataSource } from './data.js';
import { ResNetError } from './errors.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Images per forward pass (default 32). */
  batchSize?: number;
  /** The k of the top-k accuracies to report (default [1, 5]). */
  topK?: readonly number[];
  /** Softmax temperature for `probabilities`, loss and calibration error (default 1). */
  temperature?: number;
  /** Also return the logits of every image (needed by {@link fitTemperature}; default false). */
  keepLogits?: boolean;
}

/** Accuracy of one class. */
export interface ClassAccuracy {
  label: string;
  /** Images of this class. */
  count: number;
  /** Of those, classified correctly (top-1). */
  correct: number;
  /** `correct / count` (NaN when `count` is 0). */
  accuracy: number;
}

/** Result of {@link evaluate}. */
export interface Evaluation {
  /** Images evaluated. */
  count: number;
  /** Mean cross-entropy at the given temperature. */
  loss: number;
  /** Top-1 accuracy. */
  accuracy: number;
  /** Top-k accuracy by k (e.g. `topK[5]`). */
  topK: Record<number, number>;
  /** Per-class accuracy, in label order. */
  perClass: ClassAccuracy[];
  /** Confusion matrix, `numClasses × numClasses` row-major: row = true class, column = predicted. */
  confusion: Int32Array;
  /** Class names. */
  labels: readonly string[];
  /** Expected calibration error (15 equal-width confidence bins) at the given temperature. */
  calibrationError: number;
  /** Temperature used. */
  temperature: number;
  /** True class of every image, in evaluation order. */
  targets: Int32Array;
  /** Logits, `count × numClasses`, when `keepLogits` was set. */
  logits?: Float32Array;
}

function inputShape(model: tfl.LayersModel): { size: number; channels: number } {
  const shape = model.inputs[0]!.shape;
  return { size: shape[1] as number, channels: shape[3] as number };
}

/** Softmax of each row of `logits` (`rows × numClasses`) at `temperature`, into a new array. */
export function softmaxRows(logits: Float32Array, numClasses: number, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += numClasses) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[r + c]! / temperature);
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += out[r + c] = Math.exp(logits[r + c]! / temperature - max);
    for (let c = 0; c < numClasses; c++) out[r + c]! /= sum;
  }
  return out;
}

function nll(logits: Float32Array, targets: Int32Array, numClasses: number, temperature: number): number {
  let total = 0;
  for (let i = 0; i < targets.length; i++) {
    const r = i * numClasses;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[r + c]! / temperature);
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp(logits[r + c]! / temperature - max);
    total += Math.log(sum) + max - logits[r + targets[i]!]! / temperature;
  }
  return total / Math.max(1, targets.length);
}

/**
 * Fits the softmax temperature T > 0 that minimises the negative log-likelihood of `targets` under
 * `softmax(logits / T)` (Guo et al. 2017), by golden-section search over log T in [e⁻³, e³].
 */
export function fitTemperature(logits: Float32Array, targets: Int32Array, numClasses: number): number {
  if (logits.length !== targets.length * numClasses)
    throw new RangeError('logits must hold targets.length × numClasses values');
  let a = -3;
  let b = 3;
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = nll(logits, targets, numClasses, Math.exp(c));
  let fd = nll(logits, targets, numClasses, Math.exp(d));
  for (let i = 0; i < 60; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll(logits, targets, numClasses, Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll(logits, targets, numClasses, Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}

/** Expected calibration error of probabilities (`rows × numClasses`) with `bins` equal-width bins. */
export function calibrationError(
  probabilities: Float32Array,
  targets: Int32Array,
  numClasses: number,
  bins = 15,
): number {
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < targets.length; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++)
      if (probabilities[i * numClasses + c]! > probabilities[i * numClasses + best]!) best = c;
    const p = probabilities[i * numClasses + best]!;
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    conf[bin]! += p;
    hits[bin]! += best === targets[i] ? 1 : 0;
    count[bin]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(hits[b]! - conf[b]!);
  return ece / Math.max(1, targets.length);
}

/** Logits of `images` (`n × size × size × channels`), batch by batch, as one array (`n × numClasses`). */
export function predictLogits(model: tfl.LayersModel, images: Float32Array, batchSize = 32): Float32Array {
  const { size, channels } = inputShape(model);
  const pixels = size * size * channels;
  const n = images.length / pixels;
  if (!Number.isInteger(n)) {
    throw new ResNetError(
      'E_RESNET_DATA',
      `images hold ${images.length} values, not a multiple of ${size}×${size}×${channels}`,
    );
  }
  const numClasses = model.outputs[0]!.shape[1] as number;
  const out = new Float32Array(n * numClasses);
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize);
    const logits = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(s * pixels, e * pixels), [e - s, size, size, channels]);
      return model.predict(x) as tf.Tensor;
    });
    out.set(logits.dataSync() as Float32Array, s * numClasses);
    logits.dispose();
  }
  return out;
}

/**
 * Class probabilities (`n × numClasses`) of `images` (`n × size × size × channels`, already at the
 * model's input size), softmax at `temperature` (pass the fitted one for calibrated probabilities).
 */
export function predict(
  model: tfl.LayersModel,
  images: Float32Array,
  options: { batchSize?: number; temperature?: number } = {},
): Float32Array {
  const numClasses = model.outputs[0]!.shape[1] as number;
  return softmaxRows(predictLogits(model, images, options.batchSize), numClasses, options.temperature ?? 1);
}

/** Evaluates a classifier on a data source (no augmentation). */
export async function evaluate(
  model: tfl.LayersModel,
  data: DataSource,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const { size } = inputShape(model);
  const numClasses = model.outputs[0]!.shape[1] as number;
  if (data.labels.length > numClasses) {
    throw new ResNetError(
      'E_RESNET_DATA',
      `data has ${data.labels.length} classes, the model outputs ${numClasses}`,
    );
  }
  const temperature = options.temperature ?? 1;
  const ks = [...new Set(options.topK ?? [1, 5])].filter((k) => k >= 1 && k <= numClasses);
  const logits = new Float32Array(data.length * numClasses);
  const targets = new Int32Array(data.length);
  let count = 0;
  for await (const batch of data.batches({ batchSize: options.batchSize ?? 32, inputSize: size })) {
    logits.set(predictLogits(model, batch.images, batch.size), count * numClasses);
    targets.set(batch.labels, count);
    count += batch.size;
  }
  const probabilities = softmaxRows(logits.subarray(0, count * numClasses), numClasses, temperature);
  const confusion = new Int32Array(numClasses * numClasses);
  const topHits = new Map<number, number>(ks.map((k) => [k, 0]));
  for (let i = 0; i < count; i++) {
    const row = logits.subarray(i * numClasses, (i + 1) * numClasses);
    const t = targets[i]!;
    let rank = 0;
    let best = 0;
    for (let c = 0; c < numClasses; c++) {
      if (row[c]! > row[t]! || (row[c] === row[t] && c < t)) rank++;
      if (row[c]! > row[best]!) best = c;
    }
    confusion[t * numClasses + best]! += 1;
    for (const k of ks) if (rank < k) topHits.set(k, topHits.get(k)! + 1);
  }
  const labels =
    data.labels.length === numClasses
      ? data.labels
      : Array.from({ length: numClasses }, (_, i) => data.labels[i] ?? String(i));
  const perClass = labels.map((label, c) => {
    let n = 0;
    for (let p = 0; p < numClasses; p++) n += confusion[c * numClasses + p]!;
    const correct = confusion[c * numClasses + c]!;
    return { label, count: n, correct, accuracy: n > 0 ? correct / n : Number.NaN };
  });
  const topK: Record<number, number> = {};
  for (const k of ks) topK[k] = count > 0 ? topHits.get(k)! / count : Number.NaN;
  const result: Evaluation = {
    count,
    loss: nll(logits, targets.subarray(0, count), numClasses, temperature),
    accuracy: count > 0 ? perClass.reduce((n, c) => n + c.correct, 0) / count : Number.NaN,
    topK,
    perClass,
    confusion,
    labels,
    calibrationError: calibrationError(probabilities, targets.subarray(0, count), numClasses),
    temperature,
    targets: targets.subarray(0, count),
  };
  if (options.keepLogits) result.logits = logits.subarray(0, count * numClasses);
  return result;
}
