/**
 * `Conv2DBackpropFilter` for the tfjs wasm backend (which has none in 4.x).
 *
 * dW[kh, kw, c, f] = Σ_{b, oh, ow} x[b, oh·s + kh − p, ow·s + kw − p, c] · dy[b, oh, ow, f], i.e.
 * dW (K × F) = im2colᵀ(x) (K × M) · dy (M × F) with K = KH·KW·C and M = B·OH·OW. The sum over M runs in
 * chunks of whole output rows: per chunk a tight typed-array loop writes the transposed im2col block
 * straight onto the wasm heap and the backend's own XNNPACK GEMM (`BatchMatMul`, which packs the `dy`
 * block as its weight matrix and uses the thread pool) multiplies it; chunking keeps the GEMM's inner
 * dimension cache-sized (XNNPACK's fully-connected kernel does not block it) and the scratch memory
 * small. The result is already in the HWIO filter layout.
 *
 * @packageDocumentation
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, im2colTransposed, isPointwise, transpose2d } from './conv-geometry.js';
import { allocate, f32Offset, heapOf, matMul, release, type WasmBackendLike } from './wasm-heap.js';

let chunkTarget = 2048;

/** Sets the target number of output positions per GEMM chunk (benchmark knob; default 2048). */
export function setBackpropFilterChunk(positions: number): void {
  if (!Number.isInteger(positions) || positions < 1) throw new RangeError('chunk must be a positive integer');
  chunkTarget = positions;
}

/** Computes the filter gradient of an NHWC conv2d on the wasm heap. */
export function conv2dBackpropFilterWasm(
  backend: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: readonly number[],
  attrs: NamedAttrMap,
): TensorInfo {
  const g = convGeometry(x.shape, filterShape, attrs);
  const OW = g.outWidth;
  const F = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const totalRows = g.batch * g.outHeight;
  const rowsPerChunk = Math.max(1, Math.min(totalRows, Math.floor(chunkTarget / OW)));
  const pointwise = isPointwise(g);
  const full = allocate(backend, [1, K, rowsPerChunk * OW]);
  let acc: TensorInfo | undefined;
  for (let r0 = 0; r0 < totalRows; r0 += rowsPerChunk) {
    const r1 = Math.min(totalRows, r0 + rowsPerChunk);
    const mc = (r1 - r0) * OW;
    const cols = r1 - r0 === rowsPerChunk ? full : allocate(backend, [1, K, mc]);
    const dyChunk = allocate(backend, [1, mc, F]);
    let heap = heapOf(backend);
    const colsOff = f32Offset(backend, cols);
    if (pointwise) transpose2d(heap, f32Offset(backend, x) + r0 * OW * K, mc, K, colsOff);
    else im2colTransposed(heap, f32Offset(backend, x), g, r0, r1, colsOff);
    const dyOff = f32Offset(backend, dy) + r0 * OW * F;
    heap.copyWithin(f32Offset(backend, dyChunk), dyOff, dyOff + mc * F);
    const product = matMul(backend, { ...cols, shape: [1, K, mc] }, dyChunk);
    release(backend, dyChunk);
    if (cols !== full) release(backend, cols);
    if (acc === undefined) {
      acc = product;
    } else {
      heap = heapOf(backend);
      const a = f32Offset(backend, acc);
      const p = f32Offset(backend, product);
      for (let i = 0, n = K * F; i < n; i++) heap[a + i]! += heap[p + i]!;
      release(backend, product);
    }
  }
  release(backend, full);
  return { dataId: acc!.dataId, shape: [...filterShape], dtype: 'float32' };
}

/** Kernel config registering {@link conv2dBackpropFilterWasm} as wasm's `Conv2DBackpropFilter`. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as NamedAttrMap;
    return conv2dBackpropFilterWasm(
      backend as unknown as WasmBackendLike,
      x,
      dy,
      a.filterShape as number[],
      a,
    );
  }) as KernelFunc,
};
