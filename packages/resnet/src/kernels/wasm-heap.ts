/**
 * Minimal typed view of the tfjs wasm backend internals the training kernels use: tensors live on
 * the wasm heap (`HEAPF32` at `memoryOffset`), outputs are allocated with `makeOutput`, and other wasm
 * kernels (BatchMatMul, Conv2D, which run in XNNPACK) can be called directly.
 *
 * @packageDocumentation
 */
import { getKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of `BackendWasm` (tfjs-backend-wasm 4.x) the kernels rely on. */
export interface WasmBackendLike {
  wasm: { HEAPF32: Float32Array; wasmMemory?: { buffer: ArrayBufferLike } };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/**
 * The current float view of the wasm heap. Take it after the last allocation: growing the heap
 * replaces the buffer (with threads the memory is shared and may have grown from another thread).
 */
export function heapOf(backend: WasmBackendLike): Float32Array {
  const heap = backend.wasm.HEAPF32;
  const buffer = backend.wasm.wasmMemory?.buffer;
  if (buffer && buffer.byteLength !== heap.buffer.byteLength) return new Float32Array(buffer);
  return heap;
}

/** Float offset of a tensor's data in `HEAPF32`. */
export function f32Offset(backend: WasmBackendLike, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset >>> 2;
}

/** Allocates a float32 tensor on the heap (contents undefined). Take `HEAPF32` views only after all allocations. */
export function allocate(backend: WasmBackendLike, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Frees a temporary tensor made by {@link allocate} or returned by {@link runKernel}. */
export function release(backend: WasmBackendLike, t: TensorInfo): void {
  backend.disposeData(t.dataId, true);
}

/** Runs another wasm kernel (e.g. XNNPACK-backed `BatchMatMul`) on heap tensors, returning its output. */
export function runKernel(
  name: string,
  backend: WasmBackendLike,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const config = getKernel(name, 'wasm');
  if (!config) throw new Error(`wasm kernel ${name} is not registered`);
  return (config.kernelFunc as KernelFunc)({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

/** Same data, new shape (no copy: the returned info shares the dataId; do not release it). */
export function view(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** XNNPACK matmul `out[m, n] = a[m, k] · b[k, n]` (b is packed as weights; a and b row-major). */
export function matMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}
