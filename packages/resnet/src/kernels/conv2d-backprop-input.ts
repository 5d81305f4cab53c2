/**
 * `Conv2DBackpropInput` for the tfjs wasm backend, replacing its scalar C++ loop.
 *
 * dx = col2im(dy (M × F) · Wᵀ (F × K)): the GEMM runs in XNNPACK (`BatchMatMul`, the small transposed
 * filter packed as weights), col2im is a tight typed-array loop on the wasm heap. A 1×1/stride-1 conv
 * needs no col2im: dx = dy · Wᵀ directly. Stride-1 convolutions with larger filters instead run as
 * the forward XNNPACK convolution of dy with the rotated, transposed filter (no im2col buffer at all).
 *
 * @packageDocumentation
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, col2imAdd, convGeometry, isPointwise, transpose2d } from './conv-geometry.js';
import {
  allocate,
  f32Offset,
  heapOf,
  matMul,
  release,
  runKernel,
  view,
  type WasmBackendLike,
} from './wasm-heap.js';

/** Strategy for the stride-1 case with a filter larger than 1×1. */
export type BackpropInputStrategy = 'auto' | 'gemm' | 'conv';

let strategy: BackpropInputStrategy = 'auto';

/** Chooses how stride-1 input gradients are computed (for benchmarks; `'auto'` picks the faster one). */
export function setBackpropInputStrategy(s: BackpropInputStrategy): void {
  strategy = s;
}

function viaConvolution(
  backend: WasmBackendLike,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  // dx[b, i, j, c] = Σ dy[b, i + pt − kh, j + pl − kw, f] · W[kh, kw, c, f]
  //               = conv(dy, W'[kh', kw', f, c] = W[KH−1−kh', KW−1−kw', c, f]) with padding KH−1−pt.
  const { filterHeight: KH, filterWidth: KW, inChannels: C, outChannels: F } = g;
  const rotated = allocate(backend, [KH, KW, F, C]);
  const heap = heapOf(backend);
  const src = f32Offset(backend, filter);
  const dst = f32Offset(backend, rotated);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const s = src + ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C * F;
      transpose2d(heap, s, C, F, dst + (kh * KW + kw) * F * C);
    }
  }
  const top = KH - 1 - g.padTop;
  const left = KW - 1 - g.padLeft;
  const bottom = g.inHeight + KH - 1 - g.outHeight - top;
  const right = g.inWidth + KW - 1 - g.outWidth - left;
  const dx = runKernel('Conv2D', backend, { x: dy, filter: rotated }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  } as unknown as NamedAttrMap);
  release(backend, rotated);
  return dx;
}

/** Computes the input gradient of an NHWC conv2d on the wasm heap. */
export function conv2dBackpropInputWasm(
  backend: WasmBackendLike,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: readonly number[],
  attrs: NamedAttrMap,
): TensorInfo {
  const g = convGeometry(inputShape, filter.shape, attrs);
  const M = g.batch * g.outHeight * g.outWidth;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const F = g.outChannels;
  const canConv =
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.padTop <= g.filterHeight - 1 &&
    g.padLeft <= g.filterWidth - 1;
  // The transposed convolution wins unless the output is tiny (XNNPACK's conv setup then dominates).
  const convWins = strategy === 'conv' || (strategy === 'auto' && g.outHeight * g.outWidth >= 16);
  if (!isPointwise(g) && canConv && convWins) {
    const dx = viaConvolution(backend, dy, filter, g);
    return { dataId: dx.dataId, shape: [...inputShape], dtype: 'float32' };
  }
  const wT = allocate(backend, [1, F, K]);
  transpose2d(heapOf(backend), f32Offset(backend, filter), K, F, f32Offset(backend, wT));
  const cols = matMul(backend, view(dy, [1, M, F]), wT);
  release(backend, wT);
  if (isPointwise(g)) return { dataId: cols.dataId, shape: [...inputShape], dtype: 'float32' };
  const dx = allocate(backend, [...inputShape]);
  const heap = heapOf(backend);
  const dxOff = f32Offset(backend, dx);
  heap.fill(0, dxOff, dxOff + g.batch * g.inHeight * g.inWidth * g.inChannels);
  col2imAdd(heap, f32Offset(backend, cols), g, dxOff);
  release(backend, cols);
  return dx;
}

/** Kernel config registering {@link conv2dBackpropInputWasm} as wasm's `Conv2DBackpropInput`. */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as NamedAttrMap;
    return conv2dBackpropInputWasm(
      backend as unknown as WasmBackendLike,
      dy,
      filter,
      a.inputShape as number[],
      a,
    );
  }) as KernelFunc,
};
