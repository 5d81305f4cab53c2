import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../src/augment.js';

/** Deterministic uniform random numbers in [0, 1) (the package's mulberry32). */
export const rng = seededRandom;

/** Random values in [-1, 1) of the given shape. */
export function randomArray(shape: readonly number[], random: () => number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = random() * 2 - 1;
  return out;
}

/** Runs `f` on the named backend and returns its result as a plain array (tensors disposed). */
export async function runOn(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const result = tf.tidy(f);
  const data = (await result.data()) as Float32Array;
  result.dispose();
  return Float32Array.from(data);
}

/** Largest absolute difference divided by the largest magnitude of `expected`. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}
