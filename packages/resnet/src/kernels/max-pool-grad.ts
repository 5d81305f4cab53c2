/**
 * `MaxPoolGrad` for the tfjs wasm backend. The backend's own C++ kernel (4.22) seeds its running
 * maximum with `std::numeric_limits<float>::min()` — the smallest *positive* float — so any window
 * whose values are all ≤ 0 (common after ReLU, and in 'same' padding) sends its gradient to the wrong
 * pixel. This replacement recomputes each window's first maximum (as the cpu backend does) in a tight
 * typed-array loop on the wasm heap and scatters `dy` there.
 *
 * @packageDocumentation
 */
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { allocate, f32Offset, heapOf, type WasmBackendLike } from './wasm-heap.js';

/** Computes the gradient of an NHWC 2-D max pool on the wasm heap. */
export function maxPoolGradWasm(
  backend: WasmBackendLike,
  dy: TensorInfo,
  input: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: KH, effectiveFilterWidth: KW } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const dx = allocate(backend, [...input.shape]);
  const heap = heapOf(backend);
  const n = B * H * W * C;
  // views: index arithmetic without the heap offsets in the hot loop
  const x = heap.subarray(f32Offset(backend, input), f32Offset(backend, input) + n);
  const grad = heap.subarray(f32Offset(backend, dx), f32Offset(backend, dx) + n);
  const dyOff = f32Offset(backend, dy);
  const g = heap.subarray(dyOff, dyOff + B * OH * OW * C);
  grad.fill(0);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  let dyIndex = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - padTop;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - padLeft;
        let first = true;
        for (let kh = 0; kh < KH; kh += dh) {
          const ih = h0 + kh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw += dw) {
            const iw = w0 + kw;
            if (iw < 0 || iw >= W) continue;
            const base = ((b * H + ih) * W + iw) * C;
            if (first) {
              // the first tap in the window seeds the running maximum (ties keep the first, as cpu does)
              for (let c = 0; c < C; c++) {
                best[c] = x[base + c]!;
                where[c] = base + c;
              }
              first = false;
              continue;
            }
            for (let c = 0; c < C; c++) {
              const v = x[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        if (first) {
          dyIndex += C; // window entirely in the padding: no input receives its gradient
          continue;
        }
        for (let c = 0; c < C; c++, dyIndex++) grad[where[c]!]! += g[dyIndex]!;
      }
    }
  }
  return dx;
}

/** Kernel config registering {@link maxPoolGradWasm} as wasm's `MaxPoolGrad`. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    return maxPoolGradWasm(backend as unknown as WasmBackendLike, dy, input, attrs as NamedAttrMap);
  }) as KernelFunc,
};
