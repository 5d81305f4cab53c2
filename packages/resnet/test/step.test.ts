import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { arrayDataSource } from '../src/data.js';
import { createResNet } from '../src/model.js';
import { train } from '../src/train.js';
import { shapesDataset } from './fixtures/shapes.js';
import { relativeError } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('one training step', { timeout: 60_000 }, () => {
  it('changes every weight the same way on wasm as on cpu', async () => {
    const size = 32;
    const { images, targets } = shapesDataset(8, size, 4);
    const data = arrayDataSource({ images, targets, imageSize: size, channels: 1 });
    // ResNet18 with both basic-block kinds, projections, the stem's 7×7/2 conv and 3×3/2 max pool.
    const model = createResNet({
      depth: 18,
      inputSize: size,
      inputChannels: 1,
      widthMultiplier: 0.125,
      numClasses: 4,
      seed: 8,
      zeroInitResidual: false,
    });
    const initial = model
      .getWeights()
      .map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync()) }));
    const stepOn = async (backend: string) => {
      await tf.setBackend(backend);
      model.setWeights(initial.map((w) => tf.tensor(w.values, w.shape)));
      await train(model, data, {
        epochs: 1,
        batchSize: 8,
        momentum: 0.9,
        schedule: { kind: 'constant', lr: 0.5 },
        labelSmoothing: 0.1,
        weightDecay: 1e-3,
        augment: false,
      });
      return model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    };
    const cpu = await stepOn('cpu');
    const wasm = await stepOn('wasm');
    let changed = 0;
    model.weights.forEach((w, i) => {
      const dCpu = cpu[i]!.map((v, j) => v - initial[i]!.values[j]!);
      const dWasm = wasm[i]!.map((v, j) => v - initial[i]!.values[j]!);
      if (dCpu.some((d) => d !== 0)) changed++;
      expect(relativeError(dWasm, dCpu), w.name).toBeLessThan(2e-3);
    });
    expect(changed).toBe(model.weights.length);
  });
});
