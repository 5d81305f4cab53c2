import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { setBackpropFilterChunk } from '../src/kernels/conv2d-backprop-filter.js';
import {
  type BackpropInputStrategy,
  setBackpropInputStrategy,
} from '../src/kernels/conv2d-backprop-input.js';
import { randomArray, relativeError, rng, runOn } from './helpers.js';

interface Case {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}

// Fixed corner cases plus random shapes (seeded): strides 1–3, both paddings, 1×1 and larger filters.
const fixed: Case[] = [
  { batch: 2, height: 8, width: 8, inChannels: 4, outChannels: 6, kernel: 3, stride: 1, pad: 'same' },
  { batch: 3, height: 9, width: 7, inChannels: 5, outChannels: 4, kernel: 3, stride: 2, pad: 'same' },
  { batch: 2, height: 9, width: 9, inChannels: 6, outChannels: 8, kernel: 1, stride: 1, pad: 'valid' },
  { batch: 2, height: 9, width: 10, inChannels: 6, outChannels: 8, kernel: 1, stride: 2, pad: 'valid' },
  { batch: 2, height: 13, width: 11, inChannels: 3, outChannels: 8, kernel: 7, stride: 2, pad: 'same' },
  { batch: 1, height: 6, width: 6, inChannels: 3, outChannels: 2, kernel: 3, stride: 1, pad: 'valid' },
  { batch: 2, height: 10, width: 10, inChannels: 4, outChannels: 4, kernel: 3, stride: 2, pad: 'valid' },
  { batch: 2, height: 8, width: 8, inChannels: 4, outChannels: 4, kernel: 4, stride: 1, pad: 'same' },
];
const random = rng(42);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const randomCases: Case[] = Array.from({ length: 12 }, () => ({
  batch: 1 + Math.floor(random() * 3),
  height: 5 + Math.floor(random() * 10),
  width: 5 + Math.floor(random() * 10),
  inChannels: 1 + Math.floor(random() * 9),
  outChannels: 1 + Math.floor(random() * 9),
  kernel: pick([1, 2, 3, 5]),
  stride: pick([1, 2, 3]),
  pad: pick(['same', 'valid'] as const),
}));
const cases = [...fixed, ...randomCases];
const label = (c: Case) =>
  `x ${c.batch}×${c.height}×${c.width}×${c.inChannels}, ${c.kernel}×${c.kernel}→${c.outChannels}, stride ${c.stride}, ${c.pad}`;

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('wasm Conv2DBackpropFilter matches cpu', () => {
  it.each(cases)('$batch×$height×$width×$inChannels k$kernel s$stride $pad', async (c) => {
    const r = rng(c.height * 131 + c.kernel);
    const xData = randomArray([c.batch, c.height, c.width, c.inChannels], r);
    const wShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
    const wData = randomArray(wShape, r);
    const grad = () => {
      const x = tf.tensor4d(xData, [c.batch, c.height, c.width, c.inChannels]);
      const w = tf.tensor4d(wData, wShape);
      // Weighted sum so that dy is not uniform.
      const f = (filter: tf.Tensor) => {
        const y = tf.conv2d(x, filter as tf.Tensor4D, c.stride, c.pad);
        const weights = tf.tensor(randomArray(y.shape, rng(7)), y.shape);
        return tf.sum(tf.mul(y, weights)) as tf.Scalar;
      };
      return tf.grad(f)(w);
    };
    const expected = await runOn('cpu', grad);
    for (const chunk of [2048, 7]) {
      setBackpropFilterChunk(chunk);
      const actual = await runOn('wasm', grad);
      expect(relativeError(actual, expected), `${label(c)}, chunk ${chunk}`).toBeLessThan(1e-5);
    }
    setBackpropFilterChunk(2048);
  });
});

describe('wasm Conv2DBackpropInput matches cpu', () => {
  it.each(cases)('$batch×$height×$width×$inChannels k$kernel s$stride $pad', async (c) => {
    const r = rng(c.width * 17 + c.stride);
    const xData = randomArray([c.batch, c.height, c.width, c.inChannels], r);
    const wShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
    const wData = randomArray(wShape, r);
    const grad = () => {
      const w = tf.tensor4d(wData, wShape);
      const f = (x: tf.Tensor) => {
        const y = tf.conv2d(x as tf.Tensor4D, w, c.stride, c.pad);
        const weights = tf.tensor(randomArray(y.shape, rng(9)), y.shape);
        return tf.sum(tf.mul(y, weights)) as tf.Scalar;
      };
      return tf.grad(f)(tf.tensor4d(xData, [c.batch, c.height, c.width, c.inChannels]));
    };
    const expected = await runOn('cpu', grad);
    for (const strategy of ['conv', 'gemm'] as BackpropInputStrategy[]) {
      setBackpropInputStrategy(strategy);
      const actual = await runOn('wasm', grad);
      expect(relativeError(actual, expected), `${label(c)}, ${strategy}`).toBeLessThan(1e-5);
    }
    setBackpropInputStrategy('auto');
  });
});

describe('other gradients ResNet training uses agree between wasm and cpu', () => {
  const shape: [number, number, number, number] = [2, 9, 8, 5];
  const data = randomArray(shape, rng(3));
  const upstream = (y: tf.Tensor) => tf.tensor(randomArray(y.shape, rng(11)), y.shape);
  const ops: [string, (x: tf.Tensor4D) => tf.Tensor][] = [
    ['maxPool 3×3/2 same', (x) => tf.maxPool(x, 3, 2, 'same')],
    [
      'maxPool 3×3/2 same after relu (all-zero windows)',
      (x) => tf.maxPool(tf.relu(tf.sub(x, 0.7)) as tf.Tensor4D, 3, 2, 'same'),
    ],
    [
      'maxPool 2×2/2 valid, negative inputs',
      (x) => tf.maxPool(tf.sub(tf.abs(x), 2) as tf.Tensor4D, 2, 2, 'valid'),
    ],
    ['maxPool 3×3/1 same', (x) => tf.maxPool(x, 3, 1, 'same')],
    ['avgPool 2×2/2 valid', (x) => tf.avgPool(x, 2, 2, 'valid')],
    ['relu', (x) => tf.relu(x)],
    ['global mean', (x) => tf.mean(x, [1, 2])],
    [
      'batch norm with batch statistics',
      (x) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        const gamma = tf.linspace(0.5, 1.5, 5);
        const beta = tf.linspace(-0.2, 0.2, 5);
        return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
      },
    ],
  ];
  it.each(ops)('%s', async (_name, op) => {
    const grad = () =>
      tf.grad(
        (x: tf.Tensor) => tf.sum(tf.mul(op(x as tf.Tensor4D), upstream(op(x as tf.Tensor4D)))) as tf.Scalar,
      )(tf.tensor4d(data, shape));
    const expected = await runOn('cpu', grad);
    const actual = await runOn('wasm', grad);
    expect(relativeError(actual, expected)).toBeLessThan(1e-4);
  });
});

describe('wasm Identity shares memory instead of copying', () => {
  it('clones onto the same buffer, keeps it alive until the last reference goes, and copies strings', async () => {
    await selectBackend('wasm');
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const backend = tf.backend() as unknown as { refCount(dataId: object): number };
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId); // the backend's own kernel copies into a new buffer
    expect(backend.refCount(x.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5, 6]); // still alive after the original is gone
    const z = tf.add(y, 1); // kernels reading a shared buffer see the same values
    expect(Array.from(await z.data())).toEqual([2, 3, 4, 5, 6, 7]);
    const tensorsBefore = tf.memory().numTensors;
    tf.dispose([y, z]);
    expect(tf.memory().numTensors).toBe(tensorsBefore - 2);
    const s = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
    expect(await s.data()).toEqual(['a', 'b']);
  });
});
