import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerBackend, registeredBackends, resolveBackendOptions, selectBackend } from '../src/backend.js';
import { isResNetError, ResNetError } from '../src/errors.js';

const installed = (name: string) => {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
};
const hasNode = installed('@tensorflow/tfjs-node');
const hasNodeGpu = installed('@tensorflow/tfjs-node-gpu');

describe('backend registry', () => {
  it('orders the built-in backends tfjs-node-gpu > tfjs-node > wasm > cpu', () => {
    const names = registeredBackends().map((b) => b.name);
    expect(names.filter((n) => ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'].includes(n))).toEqual([
      'tfjs-node-gpu',
      'tfjs-node',
      'wasm',
      'cpu',
    ]);
  });

  it('reads SADP_BACKEND / SADP_WASM_THREADS / SADP_WASM_SIMD, options win over the environment', () => {
    const env = { SADP_BACKEND: 'cpu', SADP_WASM_THREADS: '3', SADP_WASM_SIMD: '0' };
    expect(resolveBackendOptions({ env })).toEqual({ backend: 'cpu', threads: 3, simd: false });
    expect(resolveBackendOptions({ env, backend: 'wasm', threads: 1, simd: true })).toEqual({
      backend: 'wasm',
      threads: 1,
      simd: true,
    });
    expect(resolveBackendOptions({ env: {} }).backend).toBe('auto');
    expect(() => resolveBackendOptions({ env: {}, threads: 0 })).toThrow(RangeError);
  });

  it('rejects an unknown backend name with E_RESNET_BACKEND', async () => {
    const error = await selectBackend('tpu').catch((e: unknown) => e);
    expect(isResNetError(error)).toBe(true);
    expect((error as ResNetError).code).toBe('E_RESNET_BACKEND');
    expect((error as ResNetError).message).toContain('wasm');
  });

  it.skipIf(hasNode)('explains how to get tfjs-node when it is asked for but not installed', async () => {
    const error = await selectBackend({ backend: 'tfjs-node', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResNetError);
    expect((error as ResNetError).message).toMatch(/npm i @tensorflow\/tfjs-node.*SADP_BACKEND=wasm/s);
  });

  it.skipIf(hasNode || hasNodeGpu)(
    'auto-selects wasm here, listing the node backends it skipped',
    async () => {
      const info = await selectBackend({ env: {} });
      expect(info.name).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(info.skipped.map((s) => s.name)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
      expect(info.threads).toBeGreaterThanOrEqual(1);
    },
  );

  it('selects cpu by name and can switch back to wasm', async () => {
    expect((await selectBackend({ backend: 'cpu', env: {} })).tfBackend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ backend: 'wasm', env: {} })).tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('tries a higher-priority custom backend first and falls through when it fails', async () => {
    registerBackend(
      'broken-test-backend',
      async () => {
        throw new Error('no device');
      },
      100,
    );
    const info = await selectBackend({ env: {} });
    expect(info.skipped[0]).toEqual({ name: 'broken-test-backend', reason: 'no device' });
  });
});
