/**
 * Batch-norm training kernels for the wasm backend: the forward pass (batch statistics + normalise)
 * and its closed-form gradient, each as two tight typed-array passes over the NHWC activations on the
 * wasm heap. (tfjs-backend-wasm reduces over non-innermost axes by transposing the whole tensor first,
 * which made per-channel `mean`/`sum` the most expensive part of batch norm.)
 *
 * @packageDocumentation
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32Offset, heapOf, type WasmBackendLike } from './wasm-heap.js';

/** Kernel name of the forward pass: inputs `x, gamma, beta`; attr `epsilon`; outputs `y, mean, variance, invStd`. */
export const BATCH_NORM_TRAIN = 'SadpBatchNormTrain';
/** Kernel name of the gradient: inputs `dy, x, mean, invStd, gamma`; outputs `dx, dGamma, dBeta`. */
export const BATCH_NORM_TRAIN_GRAD = 'SadpBatchNormTrainGrad';

function forward(
  backend: WasmBackendLike,
  x: TensorInfo,
  gamma: TensorInfo,
  beta: TensorInfo,
  epsilon: number,
): TensorInfo[] {
  const C = x.shape[x.shape.length - 1]!;
  const n = x.shape.reduce((a, b) => a * b, 1);
  const M = n / C;
  const y = allocate(backend, [...x.shape]);
  const mean = allocate(backend, [C]);
  const variance = allocate(backend, [C]);
  const invStd = allocate(backend, [C]);
  const heap = heapOf(backend);
  const xo = f32Offset(backend, x);
  const yo = f32Offset(backend, y);
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  for (let i = 0, p = xo; i < M; i++) {
    for (let c = 0; c < C; c++, p++) {
      const v = heap[p]!;
      sum[c]! += v;
      sq[c]! += v * v;
    }
  }
  const scale = new Float32Array(C);
  const shift = new Float32Array(C);
  const mo = f32Offset(backend, mean);
  const vo = f32Offset(backend, variance);
  const io = f32Offset(backend, invStd);
  const go = f32Offset(backend, gamma);
  const bo = f32Offset(backend, beta);
  for (let c = 0; c < C; c++) {
    const m = sum[c]! / M;
    const v = Math.max(0, sq[c]! / M - m * m);
    const s = 1 / Math.sqrt(v + epsilon);
    heap[mo + c] = m;
    heap[vo + c] = v;
    heap[io + c] = s;
    scale[c] = heap[go + c]! * s;
    shift[c] = heap[bo + c]! - m * scale[c]!;
  }
  for (let i = 0, p = 0; i < M; i++) {
    for (let c = 0; c < C; c++, p++) heap[yo + p] = heap[xo + p]! * scale[c]! + shift[c]!;
  }
  return [y, mean, variance, invStd];
}

function gradient(
  backend: WasmBackendLike,
  dy: TensorInfo,
  x: TensorInfo,
  mean: TensorInfo,
  invStd: TensorInfo,
  gamma: TensorInfo,
): TensorInfo[] {
  const C = x.shape[x.shape.length - 1]!;
  const n = x.shape.reduce((a, b) => a * b, 1);
  const M = n / C;
  const dx = allocate(backend, [...x.shape]);
  const dGamma = allocate(backend, [C]);
  const dBeta = allocate(backend, [C]);
  const heap = heapOf(backend);
  const xo = f32Offset(backend, x);
  const dyo = f32Offset(backend, dy);
  const dxo = f32Offset(backend, dx);
  const mo = f32Offset(backend, mean);
  const io = f32Offset(backend, invStd);
  const go = f32Offset(backend, gamma);
  const mu = new Float32Array(C);
  for (let c = 0; c < C; c++) mu[c] = heap[mo + c]!;
  const sumDy = new Float64Array(C);
  const sumDyXc = new Float64Array(C);
  for (let i = 0, p = 0; i < M; i++) {
    for (let c = 0; c < C; c++, p++) {
      const g = heap[dyo + p]!;
      sumDy[c]! += g;
      sumDyXc[c]! += g * (heap[xo + p]! - mu[c]!);
    }
  }
  // dx = γσ⁻¹ · (dy − Σdy/M − (x − μ)·σ⁻²·Σdy(x − μ)/M)
  const a = new Float32Array(C);
  const b = new Float32Array(C);
  const k = new Float32Array(C);
  const dgo = f32Offset(backend, dGamma);
  const dbo = f32Offset(backend, dBeta);
  for (let c = 0; c < C; c++) {
    const s = heap[io + c]!;
    a[c] = heap[go + c]! * s;
    b[c] = sumDy[c]! / M;
    k[c] = (s * s * sumDyXc[c]!) / M;
    heap[dgo + c] = sumDyXc[c]! * s;
    heap[dbo + c] = sumDy[c]!;
  }
  for (let i = 0, p = 0; i < M; i++) {
    for (let c = 0; c < C; c++, p++) {
      heap[dxo + p] = a[c]! * (heap[dyo + p]! - b[c]! - (heap[xo + p]! - mu[c]!) * k[c]!);
    }
  }
  return [dx, dGamma, dBeta];
}

/** Kernel config of the fused batch-norm training forward pass on wasm. */
export const batchNormTrainConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAIN,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
    return forward(
      backend as unknown as WasmBackendLike,
      x,
      gamma,
      beta,
      (attrs as NamedAttrMap).epsilon as number,
    );
  }) as KernelFunc,
};

/** Kernel config of the fused batch-norm training gradient on wasm. */
export const batchNormTrainGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAIN_GRAD,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }) => {
    const { dy, x, mean, invStd, gamma } = inputs as Record<string, TensorInfo>;
    return gradient(backend as unknown as WasmBackendLike, dy!, x!, mean!, invStd!, gamma!);
  }) as KernelFunc,
};
