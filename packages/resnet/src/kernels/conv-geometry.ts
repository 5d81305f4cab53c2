/**
 * Geometry of an NHWC 2-D convolution as the gradient kernels need it.
 *
 * @packageDocumentation
 */
import { backend_util, type NamedAttrMap } from '@tensorflow/tfjs-core';

/** Sizes, strides, dilations and padding of one NHWC convolution. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/** Computes the geometry from a kernel's attributes (tfjs `Conv2DBackprop*` attribute names). */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: NamedAttrMap,
): ConvGeometry {
  const dataFormat = backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW') ?? 'NHWC');
  if (dataFormat !== 'channelsLast') {
    throw new Error(`wasm training kernels support dataFormat NHWC only, got ${String(attrs.dataFormat)}`);
  }
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    dataFormat,
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** True for a 1×1, stride-1, unpadded convolution: the im2col matrix is the input itself. */
export function isPointwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0
  );
}

/**
 * Writes the transposed im2col matrix of output rows `[r0, r1)` (row index `b·OH + oh`) of the conv to
 * `out` at `outOff`, `K × M'` with `M' = (r1 − r0)·OW`: row `(kh·KW + kw)·C + c`, column
 * `(r − r0)·OW + ow` holds the input value filter tap `(kh, kw, c)` sees at output `(b, oh, ow)`, 0 in
 * the padding. `x` is NHWC at float offset `xOff` of `heap`.
 */
export function im2colTransposed(
  heap: Float32Array,
  xOff: number,
  g: ConvGeometry,
  r0: number,
  r1: number,
  outOff: number,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw, padTop, padLeft } = g;
  const M = (r1 - r0) * OW;
  // Loop order keeps the writes contiguous (one output row of one filter tap at a time) and the reads
  // within one input row (a few kB): strided writes across K rows of the M-wide matrix would miss the TLB.
  for (let r = r0; r < r1; r++) {
    const b = Math.floor(r / OH);
    const oh = r - b * OH;
    const mRow = outOff + (r - r0) * OW;
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - padTop + kh * dh;
      const rowValid = ih >= 0 && ih < H;
      const xRow = xOff + (b * H + ih) * W * C;
      for (let kw = 0; kw < KW; kw++) {
        const shift = kw * dw - padLeft;
        // Output columns whose input column iw = ow·sw + shift lies inside [0, W).
        const lo = Math.min(OW, Math.max(0, Math.ceil(-shift / sw)));
        const hi = Math.max(lo, Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1));
        const step = sw * C;
        let dst = mRow + (kh * KW + kw) * C * M;
        for (let c = 0; c < C; c++, dst += M) {
          if (!rowValid) {
            heap.fill(0, dst, dst + OW);
            continue;
          }
          for (let ow = 0; ow < lo; ow++) heap[dst + ow] = 0;
          let src = xRow + (lo * sw + shift) * C + c;
          for (let ow = lo; ow < hi; ow++, src += step) heap[dst + ow] = heap[src]!;
          for (let ow = hi; ow < OW; ow++) heap[dst + ow] = 0;
        }
      }
    }
  }
}

/** Transposes the row-major `rows × cols` matrix at `src` into `out` (`cols × rows`), blocked for cache. */
export function transpose2d(heap: Float32Array, src: number, rows: number, cols: number, dst: number): void {
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        let s = src + i * cols + j0;
        let d = dst + j0 * rows + i;
        for (let j = j0; j < j1; j++, s++, d += rows) heap[d] = heap[s]!;
      }
    }
  }
}

/**
 * Adds the im2col-shaped gradient `cols` (`M × KH·KW·C`, row per output position) back into the NHWC
 * input gradient at `dxOff` (which must be zeroed first): the adjoint of im2col.
 */
export function col2imAdd(heap: Float32Array, colsOff: number, g: ConvGeometry, dxOff: number): void {
  const { batch, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw, padTop, padLeft } = g;
  const K = KH * KW * C;
  let src = colsOff;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - padTop + kh * dh;
          if (ih < 0 || ih >= H) continue;
          const rowBase = dxOff + (b * H + ih) * W * C;
          const kBase = src + kh * KW * C;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw - padLeft + kw * dw;
            if (iw < 0 || iw >= W) continue;
            let d = rowBase + iw * C;
            let s = kBase + kw * C;
            for (let c = 0; c < C; c++) heap[d++]! += heap[s++]!;
          }
        }
        src += K;
      }
    }
  }
}
