import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { arrayDataSource } from '../src/data.js';
import { evaluate, predict } from '../src/evaluate.js';
import { loadResNet, saveResNet } from '../src/io.js';
import { createResNet } from '../src/model.js';
import { type EpochMetrics, type TrainProgress, train } from '../src/train.js';
import { SHAPE_CLASSES, shapesDataset } from './fixtures/shapes.js';

const SIZE = 32;
const tmp = mkdtempSync(join(tmpdir(), 'sadp-resnet-train-'));
const trainSet = shapesDataset(192, SIZE, 1);
const valSet = shapesDataset(64, SIZE, 2);
const source = () => arrayDataSource({ ...trainSet, imageSize: SIZE, channels: 1, labels: SHAPE_CLASSES });
const validation = () => arrayDataSource({ ...valSet, imageSize: SIZE, channels: 1, labels: SHAPE_CLASSES });
const tiny = (seed: number) =>
  createResNet({ depth: 18, inputSize: SIZE, inputChannels: 1, widthMultiplier: 0.125, numClasses: 4, seed });
const fast = {
  preset: 'cpu' as const,
  batchSize: 32,
  schedule: { kind: 'one-cycle' as const, maxLr: 0.05 },
  augment: { rotation: 10, scale: [0.95, 1.05] as const, crop: 0.05 },
};

beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('training on wasm', { timeout: 120_000 }, () => {
  it('a tiny ResNet learns four generated shape classes to high accuracy in a few epochs', async () => {
    const model = tiny(3);
    const progress: TrainProgress[] = [];
    const metricsFile = join(tmp, 'learn', 'metrics.jsonl');
    const result = await train(model, source(), {
      ...fast,
      epochs: 6,
      validation: validation(),
      metricsFile,
      onProgress: (p) => progress.push(p),
    });
    const last = result.history.at(-1)!;
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(result.history[0]!.loss).toBeGreaterThan(last.loss);
    const lines = readFileSync(metricsFile, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as EpochMetrics).epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.filter((p) => p.phase === 'train')).toHaveLength(6 * 6);
    expect(result.temperature).toBeGreaterThan(0);

    // No tensors leak from a training run or an evaluation.
    const before = tf.memory().numTensors;
    const extra = await train(model, source(), { ...fast, epochs: 1, validation: validation() });
    await evaluate(model, validation());
    expect(tf.memory().numTensors).toBe(before);

    const evaluation = await evaluate(model, validation(), { topK: [1, 2] });
    expect(evaluation.count).toBe(64);
    expect(evaluation.accuracy).toBeCloseTo(extra.history[0]!.valAccuracy!, 6);
    expect(evaluation.topK[2]).toBeGreaterThanOrEqual(evaluation.accuracy);
    expect(evaluation.confusion.reduce((a, b) => a + b, 0)).toBe(64);
    expect(evaluation.perClass.map((c) => c.count)).toEqual([16, 16, 16, 16]);

    // Save, load, and get the same probabilities.
    const dir = join(tmp, 'saved');
    await saveResNet(model, dir, { labels: SHAPE_CLASSES, temperature: result.temperature });
    const loaded = await loadResNet(dir);
    expect(loaded.metadata.labels).toEqual([...SHAPE_CLASSES]);
    const images = valSet.images.subarray(0, 8 * SIZE * SIZE);
    const a = predict(model, images);
    const b = predict(loaded.model, images);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    model.dispose();
    loaded.model.dispose();
  });

  it('checkpoints every epoch and resumes to the same result as an uninterrupted run', async () => {
    const dir = join(tmp, 'ckpt');
    const options = { ...fast, epochs: 3, augment: false as const, seed: 5 };
    const straight = tiny(11);
    await train(straight, source(), options);
    const expected = predict(straight, valSet.images.subarray(0, 4 * SIZE * SIZE));

    const first = tiny(11);
    const abort = new AbortController();
    const partial = await train(first, source(), {
      ...options,
      checkpointDir: dir,
      onProgress: (p) => {
        if (p.phase === 'epoch-end' && p.epoch === 2) abort.abort();
        if (p.phase === 'train' && p.epoch === 3) throw new Error('epoch 3 must not start');
      },
      signal: abort.signal,
    }).catch((e: unknown) => e);
    // Aborting at epoch-end of epoch 2 lets the loop finish epoch 2 and stop before epoch 3.
    expect(partial).not.toBeInstanceOf(Error);
    expect(existsSync(join(dir, 'latest', 'model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'latest', 'state.json'), 'utf8')).epoch).toBe(2);

    const resumed = tiny(99); // different initial weights: all state must come from the checkpoint
    const result = await train(resumed, source(), { ...options, checkpointDir: dir, resume: true });
    expect(result.resumedFromEpoch).toBe(2);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    const actual = predict(resumed, valSet.images.subarray(0, 4 * SIZE * SIZE));
    for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 3);
    tf.dispose([straight, first, resumed].flatMap((m) => m.weights.map((w) => w.read())));
  });
});
