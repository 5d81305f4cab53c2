import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { batchNormTraining } from '../src/batch-norm.js';
import { randomArray, relativeError, rng, runOn } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('batchNormTraining', () => {
  const shape: [number, number, number, number] = [3, 5, 4, 6];
  const x = randomArray(shape, rng(1)).map((v) => v * 3 + 1);
  const g = randomArray([6], rng(2));
  const b = randomArray([6], rng(3));
  const up = randomArray(shape, rng(4));
  // Reference: tfjs-core's generic batchNorm differentiated through moments.
  const reference = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) => {
    const { mean, variance } = tf.moments(xs, [0, 1, 2]);
    return tf.batchNorm(xs, mean, variance, bs as tf.Tensor1D, gs as tf.Tensor1D, 1e-5);
  };
  const fused = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) =>
    batchNormTraining(xs, gs as tf.Tensor1D, bs as tf.Tensor1D, 1e-5).y;
  const gradsOf = (f: typeof reference, which: number) => () => {
    const grads = tf.grads((xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) =>
      tf.sum(tf.mul(f(xs, gs, bs), tf.tensor(up, shape))),
    )([tf.tensor(x, shape), tf.tensor(g), tf.tensor(b)]);
    return grads[which]!;
  };

  it.each(['cpu', 'wasm'])('matches the generic batch-norm output and gradients on %s', async (backend) => {
    const yRef = await runOn('cpu', () => reference(tf.tensor(x, shape), tf.tensor(g), tf.tensor(b)));
    const y = await runOn(backend, () => fused(tf.tensor(x, shape), tf.tensor(g), tf.tensor(b)));
    expect(relativeError(y, yRef)).toBeLessThan(1e-5);
    for (const which of [0, 1, 2]) {
      const expected = await runOn('cpu', gradsOf(reference, which));
      const actual = await runOn(backend, gradsOf(fused, which));
      expect(relativeError(actual, expected), `input ${which}`).toBeLessThan(1e-4);
    }
  });
});
