/**
 * Training loop: SGD with momentum, learning-rate schedules, label smoothing, decoupled weight decay,
 * on-the-fly augmentation, atomic per-epoch checkpoints with resume, per-epoch metrics as JSONL,
 * progress callbacks and temperature calibration on the validation set.
 *
 * @packageDocumentation
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DataSource } from './data.js';
import { ResNetError } from './errors.js';
import { evaluate, fitTemperature } from './evaluate.js';
import { fileSystemHandler, type ResNetMetadata, saveResNet, sha256 } from './io.js';
import { presets, type TrainPreset } from './presets.js';
import { learningRateAt } from './schedule.js';

/** Progress of a running training, passed to `onProgress` after every step and evaluation. */
export interface TrainProgress {
  phase: 'train' | 'validate' | 'epoch-end';
  /** 1-based epoch. */
  epoch: number;
  epochs: number;
  /** 1-based step within the epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Learning rate of the last step. */
  lr: number;
  /** Running mean training loss and accuracy of this epoch. */
  loss: number;
  accuracy: number;
  /** Training throughput of this epoch so far. */
  imagesPerSecond: number;
  /** Estimated seconds until training ends. */
  etaSeconds: number;
}

/** Metrics of one epoch (one line of the metrics JSONL file). */
export interface EpochMetrics {
  epoch: number;
  lr: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  valTop5?: number;
  seconds: number;
  imagesPerSecond: number;
}

/** Options of {@link train}; unset hyper-parameters come from the preset. */
export interface TrainOptions extends Partial<Omit<TrainPreset, 'model'>> {
  /** Preset the other hyper-parameters default to (default `'paper'`). */
  preset?: 'paper' | 'cpu';
  /** Validation data, evaluated after every epoch (no augmentation). */
  validation?: DataSource;
  /** Directory of the checkpoint written (atomically) after every epoch: `<dir>/latest/`. */
  checkpointDir?: string;
  /** Continue from `<checkpointDir>/latest` if it exists (default false). */
  resume?: boolean;
  /** Append one JSON line of {@link EpochMetrics} per epoch to this file. */
  metricsFile?: string;
  /** Called after every step and validation. */
  onProgress?: (progress: TrainProgress) => void;
  /** Seed of shuffling and augmentation (default 0). */
  seed?: number;
  /** Fit a softmax temperature on the validation set after training (default true when validating). */
  calibrate?: boolean;
  /** Stops after the current step when aborted (the last finished epoch stays checkpointed). */
  signal?: AbortSignal;
  /** Stored with checkpoints in the model's metadata (e.g. the dataset name). */
  metadata?: ResNetMetadata;
}

/** Result of {@link train}. */
export interface TrainResult {
  /** Metrics of every epoch, including ones restored from a checkpoint. */
  history: EpochMetrics[];
  /** Epochs completed before this call (from the checkpoint), 0 on a fresh start. */
  resumedFromEpoch: number;
  /** Fitted softmax temperature, when calibrated. */
  temperature?: number;
  /** True if stopped by the abort signal before the last epoch. */
  aborted: boolean;
}

interface CheckpointState {
  version: 1;
  epoch: number;
  step: number;
  history: EpochMetrics[];
  weightCount: number;
  optimizerShapes: number[][];
  /** SHA-256 of `optimizer.bin`, checked on resume (checkpoints written before it was recorded have none). */
  optimizerSha256?: string;
}

function writeCheckpoint(
  dir: string,
  model: tfl.LayersModel,
  accumulators: tf.Tensor[],
  state: CheckpointState,
  metadata: ResNetMetadata,
): Promise<void> {
  const tmp = join(dir, `latest.tmp-${process.pid}`);
  const latest = join(dir, 'latest');
  const old = join(dir, `latest.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  return saveResNet(model, tmp, metadata).then(() => {
    const parts = accumulators.map((t) => t.dataSync() as Float32Array);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const buf = new Float32Array(total);
    let o = 0;
    for (const p of parts) {
      buf.set(p, o);
      o += p.length;
    }
    const bytes = new Uint8Array(buf.buffer);
    writeFileSync(join(tmp, 'optimizer.bin'), bytes);
    writeFileSync(join(tmp, 'state.json'), JSON.stringify({ ...state, optimizerSha256: sha256(bytes) }));
    if (existsSync(latest)) renameSync(latest, old);
    renameSync(tmp, latest);
    rmSync(old, { recursive: true, force: true });
  });
}

async function readCheckpoint(
  dir: string,
  model: tfl.LayersModel,
): Promise<{ state: CheckpointState; accumulators: Float32Array[] } | undefined> {
  const latest = join(dir, 'latest');
  if (!existsSync(join(latest, 'state.json'))) return undefined;
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(join(latest, 'state.json'), 'utf8')) as CheckpointState;
  } catch (cause) {
    throw new ResNetError(
      'E_RESNET_CHECKPOINT',
      `${join(latest, 'state.json')}: not readable JSON (${(cause as Error).message})`,
      { file: join(latest, 'state.json'), cause },
    );
  }
  const artifacts = await fileSystemHandler(latest).load!();
  const specs = artifacts.weightSpecs ?? [];
  if (state.weightCount !== model.weights.length || specs.length !== model.weights.length) {
    throw new ResNetError(
      'E_RESNET_CHECKPOINT',
      `checkpoint ${latest} has ${specs.length} weight tensors, the model ${model.weights.length}`,
      { file: latest },
    );
  }
  const named = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
  const values = specs.map((spec, i) => {
    const t = named[spec.name]!;
    const expected = model.weights[i]!.shape;
    if (t.shape.join() !== expected.join()) {
      throw new ResNetError(
        'E_RESNET_CHECKPOINT',
        `checkpoint weight ${i} (${spec.name}) has shape [${t.shape}], the model expects [${expected}]`,
        { file: latest },
      );
    }
    return t;
  });
  model.setWeights(values);
  tf.dispose(Object.values(named));
  const optimizerFile = join(latest, 'optimizer.bin');
  const raw = readFileSync(optimizerFile);
  if (state.optimizerSha256 !== undefined && sha256(raw) !== state.optimizerSha256) {
    throw new ResNetError(
      'E_RESNET_CORRUPT',
      `${optimizerFile}: SHA-256 does not match the one recorded in ${join(latest, 'state.json')} (the checkpoint is corrupted)`,
      { file: optimizerFile },
    );
  }
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const bad = all.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ResNetError(
      'E_RESNET_CORRUPT',
      `${optimizerFile}: optimizer state holds NaN or ±Inf (value ${bad + 1} of ${all.length}); the checkpoint cannot be resumed`,
      { file: optimizerFile },
    );
  }
  const accumulators: Float32Array[] = [];
  let o = 0;
  for (const shape of state.optimizerShapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    accumulators.push(all.slice(o, o + n));
    o += n;
  }
  return { state, accumulators };
}

/**
 * Trains `model` on `data`. Hyper-parameters default to the preset (`paper`: SGD momentum 0.9, lr 0.001
 * ×0.1 every 7 epochs, 25 epochs; `cpu`: one-cycle, label smoothing, see `presets`). Images are produced
 * at the model's input size by the data source, augmented on the fly when `augment` is set. Each epoch
 * shuffles with `seed` and drops an incomplete last batch when the data holds at least two batches.
 * Throws {@link ResNetError} `E_RESNET_DATA` for data that does not fit the model or a diverging loss,
 * `E_RESNET_CHECKPOINT` for a checkpoint of another model.
 */
export async function train(
  model: tfl.LayersModel,
  data: DataSource,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const run = resolveTrainRun(model, data, options);
  const optimizer = tf.train.momentum(
    learningRateAt(run.schedule, 0, run.stepsPerEpoch, run.totalSteps),
    run.momentum,
  );
  const progress = await restoreProgress(model, optimizer, run.vars, options);
  const started = performance.now();
  let aborted = false;
  for (let epoch = progress.startEpoch; epoch < run.epochs && !aborted; epoch++) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const epochStart = performance.now();
    const totals = await trainEpoch(model, optimizer, data, run, progress, epoch, started, options);
    aborted = totals.aborted;
    if (aborted) break;
    const seconds = (performance.now() - epochStart) / 1000;
    const metrics = await epochMetrics(model, run, epoch, totals, seconds, options);
    progress.history.push(metrics);
    await saveEpoch(model, optimizer, run, progress, epoch, metrics, options);
    options.onProgress?.({
      phase: 'epoch-end',
      epoch: epoch + 1,
      epochs: run.epochs,
      step: totals.steps,
      stepsPerEpoch: run.stepsPerEpoch,
      lr: totals.lr,
      loss: metrics.loss,
      accuracy: metrics.accuracy,
      imagesPerSecond: metrics.imagesPerSecond,
      etaSeconds: ((run.epochs - epoch - 1) * seconds) as number,
    });
  }
  optimizer.dispose();
  // MomentumOptimizer.dispose() (tfjs 4.22) forgets SGD's kept learning-rate scalar.
  (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  const result: TrainResult = { history: progress.history, resumedFromEpoch: progress.startEpoch, aborted };
  if (options.validation && (options.calibrate ?? true) && !aborted) {
    const v = await evaluate(model, options.validation, {
      batchSize: Math.max(run.batchSize, 32),
      keepLogits: true,
    });
    result.temperature = fitTemperature(v.logits!, v.targets, run.numClasses);
  }
  return result;
}

/** Everything a training run fixes before its first step: hyper-parameters, shapes, steps and the variables. */
interface TrainRun {
  epochs: number;
  batchSize: number;
  momentum: number;
  schedule: TrainPreset['schedule'];
  labelSmoothing: number;
  weightDecay: number;
  augment: TrainPreset['augment'];
  seed: number;
  inputSize: number;
  channels: number;
  numClasses: number;
  dropLast: boolean;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Trainable variables, and the kernels among them that weight decay shrinks. */
  vars: tf.Variable[];
  decayVars: tf.Variable[];
  metadata: ResNetMetadata;
}

/** The options with the preset's defaults, checked against the model and the data. */
function resolveTrainRun(model: tfl.LayersModel, data: DataSource, options: TrainOptions): TrainRun {
  const preset = presets[options.preset ?? 'paper'];
  const epochs = options.epochs ?? preset.epochs;
  const batchSize = options.batchSize ?? preset.batchSize;
  const shape = model.inputs[0]!.shape;
  const channels = shape[3] as number;
  const numClasses = model.outputs[0]!.shape[1] as number;
  if (data.channels !== channels) {
    throw new ResNetError(
      'E_RESNET_DATA',
      `data has ${data.channels} channel(s), the model expects ${channels}`,
    );
  }
  if (data.labels.length > numClasses) {
    throw new ResNetError(
      'E_RESNET_DATA',
      `data has ${data.labels.length} classes, the model outputs ${numClasses}`,
    );
  }
  const dropLast = data.length >= 2 * batchSize;
  const stepsPerEpoch = dropLast ? Math.floor(data.length / batchSize) : Math.ceil(data.length / batchSize);
  return {
    epochs,
    batchSize,
    momentum: options.momentum ?? preset.momentum,
    schedule: options.schedule ?? preset.schedule,
    labelSmoothing: options.labelSmoothing ?? preset.labelSmoothing,
    weightDecay: options.weightDecay ?? preset.weightDecay,
    augment: options.augment ?? preset.augment,
    seed: options.seed ?? 0,
    inputSize: shape[1] as number,
    channels,
    numClasses,
    dropLast,
    stepsPerEpoch,
    totalSteps: stepsPerEpoch * epochs,
    vars: model.trainableWeights.map((w) => w.read() as tf.Variable),
    decayVars: model.trainableWeights
      .filter((w) => /kernel$/.test(w.originalName))
      .map((w) => w.read() as tf.Variable),
    metadata: { labels: data.labels, ...options.metadata },
  };
}

/** Where a run stands: the epochs done (with their metrics) and the optimizer steps taken. */
interface TrainProgressState {
  history: EpochMetrics[];
  startEpoch: number;
  step: number;
}

/** A fresh start, or (with `resume`) the weights, optimizer state and history of the last checkpoint. */
async function restoreProgress(
  model: tfl.LayersModel,
  optimizer: tf.MomentumOptimizer,
  vars: tf.Variable[],
  options: TrainOptions,
): Promise<TrainProgressState> {
  const fresh = { history: [], startEpoch: 0, step: 0 };
  if (!(options.resume && options.checkpointDir)) return fresh;
  const restored = await readCheckpoint(options.checkpointDir, model);
  if (!restored) return fresh;
  const { state, accumulators } = restored;
  if (accumulators.length > 0) {
    if (accumulators.length !== vars.length) {
      throw new ResNetError('E_RESNET_CHECKPOINT', 'checkpoint optimizer state does not match the model', {
        file: options.checkpointDir,
      });
    }
    await optimizer.setWeights([
      { name: 'iter', tensor: tf.scalar(state.step, 'int32') },
      ...accumulators.map((a, i) => ({
        name: `${vars[i]!.name}/momentum`,
        tensor: tf.tensor(a, vars[i]!.shape),
      })),
    ]);
  }
  return { history: state.history, startEpoch: state.epoch, step: state.step };
}

/** What one epoch's steps add up to. */
interface EpochTotals {
  seen: number;
  lossSum: number;
  correct: number;
  lr: number;
  steps: number;
  aborted: boolean;
}

/** One pass over the shuffled, augmented data: a step per batch, with progress; `progress.step` advances. */
async function trainEpoch(
  model: tfl.LayersModel,
  optimizer: tf.MomentumOptimizer,
  data: DataSource,
  run: TrainRun,
  progress: TrainProgressState,
  epoch: number,
  started: number,
  options: TrainOptions,
): Promise<EpochTotals> {
  const epochStart = performance.now();
  const totals: EpochTotals = { seen: 0, lossSum: 0, correct: 0, lr: 0, steps: 0, aborted: false };
  for await (const batch of data.batches({
    batchSize: run.batchSize,
    inputSize: run.inputSize,
    shuffle: true,
    seed: run.seed * 1000 + epoch,
    augment: run.augment,
    dropLast: run.dropLast,
  })) {
    totals.lr = learningRateAt(run.schedule, progress.step, run.stepsPerEpoch, run.totalSteps);
    optimizer.setLearningRate(totals.lr);
    const { loss, hits } = await trainStep(model, optimizer, run, batch, totals.lr);
    if (!Number.isFinite(loss)) {
      throw new ResNetError(
        'E_RESNET_DATA',
        `training diverged at epoch ${epoch + 1}, step ${totals.steps + 1} (loss ${loss}); lower the learning rate`,
      );
    }
    totals.lossSum += loss * batch.size;
    totals.correct += hits;
    totals.seen += batch.size;
    progress.step++;
    totals.steps++;
    const elapsed = (performance.now() - epochStart) / 1000;
    const doneSteps = progress.step - progress.startEpoch * run.stepsPerEpoch;
    const rate = doneSteps / ((performance.now() - started) / 1000);
    options.onProgress?.({
      phase: 'train',
      epoch: epoch + 1,
      epochs: run.epochs,
      step: totals.steps,
      stepsPerEpoch: run.stepsPerEpoch,
      lr: totals.lr,
      loss: totals.lossSum / totals.seen,
      accuracy: totals.correct / totals.seen,
      imagesPerSecond: totals.seen / elapsed,
      etaSeconds: (run.totalSteps - progress.step) / Math.max(rate, 1e-9),
    });
    if (options.signal?.aborted) {
      totals.aborted = true;
      break;
    }
  }
  return totals;
}

/** One optimizer step on a batch (and weight decay): its mean loss and how many images it got right. */
async function trainStep(
  model: tfl.LayersModel,
  optimizer: tf.MomentumOptimizer,
  run: TrainRun,
  batch: { images: Float32Array; labels: Int32Array; size: number },
  lr: number,
): Promise<{ loss: number; hits: number }> {
  const n = batch.size;
  const x = tf.tensor4d(batch.images, [n, run.inputSize, run.inputSize, run.channels]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), run.numClasses));
  const labels = tf.tensor1d(batch.labels, 'int32');
  let hits: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
    return tf.losses.softmaxCrossEntropy(y, logits, undefined, run.labelSmoothing) as tf.Scalar;
  }, run.vars);
  optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
  if (run.weightDecay > 0) {
    const factor = 1 - lr * run.weightDecay;
    tf.tidy(() => {
      for (const v of run.decayVars) v.assign(tf.mul(v, factor));
    });
  }
  const loss = (await value.data())[0]!;
  const correct = (await hits!.data())[0]!;
  tf.dispose([x, y, labels, value, hits!, ...Object.values(grads)]);
  return { loss, hits: correct };
}

/** The epoch's training metrics, and the validation ones when there is validation data. */
async function epochMetrics(
  model: tfl.LayersModel,
  run: TrainRun,
  epoch: number,
  totals: EpochTotals,
  seconds: number,
  options: TrainOptions,
): Promise<EpochMetrics> {
  const metrics: EpochMetrics = {
    epoch: epoch + 1,
    lr: totals.lr,
    loss: totals.lossSum / Math.max(1, totals.seen),
    accuracy: totals.correct / Math.max(1, totals.seen),
    seconds,
    imagesPerSecond: totals.seen / seconds,
  };
  if (options.validation) {
    const v = await evaluate(model, options.validation, {
      batchSize: Math.max(run.batchSize, 32),
      topK: [1, 5],
    });
    metrics.valLoss = v.loss;
    metrics.valAccuracy = v.accuracy;
    metrics.valTop5 = v.topK[5] ?? 1;
  }
  return metrics;
}

/** Appends the epoch's metrics to `metricsFile` and writes the checkpoint (weights and optimizer state). */
async function saveEpoch(
  model: tfl.LayersModel,
  optimizer: tf.MomentumOptimizer,
  run: TrainRun,
  progress: TrainProgressState,
  epoch: number,
  metrics: EpochMetrics,
  options: TrainOptions,
): Promise<void> {
  if (options.metricsFile) {
    mkdirSync(dirname(options.metricsFile), { recursive: true });
    appendFileSync(options.metricsFile, `${JSON.stringify(metrics)}\n`);
  }
  if (!options.checkpointDir) return;
  mkdirSync(options.checkpointDir, { recursive: true });
  const weights = await optimizer.getWeights();
  const accumulators = weights.slice(1).map((w) => w.tensor);
  await writeCheckpoint(
    options.checkpointDir,
    model,
    accumulators,
    {
      version: 1,
      epoch: epoch + 1,
      step: progress.step,
      history: progress.history,
      weightCount: model.weights.length,
      optimizerShapes: accumulators.map((t) => t.shape),
    },
    run.metadata,
  );
  weights[0]?.tensor.dispose(); // the iteration count; the rest are the optimizer's live accumulators
}

/** One-line text progress bar for a terminal, e.g. `epoch 3/25 [#####.....] 120/240 loss 0.412 acc 0.871 …`. */
export function formatTrainProgress(p: TrainProgress, width = 20): string {
  const filled = Math.round((p.step / Math.max(1, p.stepsPerEpoch)) * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(Math.max(0, width - filled))}`;
  const eta = p.etaSeconds > 3600 ? `${(p.etaSeconds / 3600).toFixed(1)}h` : `${Math.round(p.etaSeconds)}s`;
  return `epoch ${p.epoch}/${p.epochs} [${bar}] ${p.step}/${p.stepsPerEpoch} loss ${p.loss.toFixed(3)} acc ${p.accuracy.toFixed(3)} lr ${p.lr.toExponential(2)} ${p.imagesPerSecond.toFixed(1)} img/s eta ${eta}`;
}

/**
 * @deprecated Use {@link formatTrainProgress} (renamed: `@sadp/dataset` has a `formatProgress` for generation).
 */
export const formatProgress: typeof formatTrainProgress = formatTrainProgress;
