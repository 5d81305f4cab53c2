/**
 * `Identity` for the tfjs wasm backend that shares the input's memory (a reference count, as the cpu backend
 * does) instead of copying it. tfjs clones every tensor a kernel saves for the backward pass, so the backend's
 * copying `Identity` made about 430 full-size copies per ResNet18 training step. Tensors are immutable and
 * `Variable.assign` swaps data rather than writing into it, so sharing is safe.
 *
 * @packageDocumentation
 */
import { type KernelConfig, type KernelFunc, type TensorInfo, tensor } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-heap.js';

/** Kernel config registering the sharing `Identity` on wasm. */
export const identityConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }) => {
    const { x } = inputs as { x: TensorInfo };
    const wasm = backend as unknown as WasmBackendLike & { readSync(dataId: object): unknown };
    // strings do not live on the wasm heap: copy them as the backend's own kernel does
    if (x.dtype === 'string') return tensor(wasm.readSync(x.dataId) as string[], x.shape, x.dtype);
    wasm.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  }) as KernelFunc,
};
