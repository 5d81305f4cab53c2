/**
 * Registers the training kernels the tfjs wasm backend lacks (or has only as slow scalar loops).
 *
 * @packageDocumentation
 */
import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { batchNormTrainConfig, batchNormTrainGradConfig } from './batch-norm-train.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';

/** Kernels `registerWasmTrainingKernels` installs on the `wasm` backend (Identity: shares memory, no copy). */
export const wasmTrainingKernels: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  batchNormTrainConfig,
  batchNormTrainGradConfig,
  identityConfig,
];

/**
 * Installs {@link wasmTrainingKernels} on the `wasm` backend, replacing any existing registration
 * (idempotent). Called by `selectBackend` when it picks wasm.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernels) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing === config) continue;
    if (existing) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}
