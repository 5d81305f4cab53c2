import { MicrographError } from './errors';

/** Bounds-checked little/big-endian reads over a byte array; every read past the end throws `E_MICROGRAPH_TRUNCATED`. */
export class ByteReader {
  readonly view: DataView;
  readonly length: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    readonly format: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  fail(
    code:
      | 'E_MICROGRAPH_FORMAT'
      | 'E_MICROGRAPH_TRUNCATED'
      | 'E_MICROGRAPH_DIMENSIONS'
      | 'E_MICROGRAPH_UNSUPPORTED',
    message: string,
  ): MicrographError {
    return new MicrographError(code, message, { file: this.file, format: this.format });
  }

  need(offset: number, size: number, what: string): void {
    if (!Number.isFinite(offset) || offset < 0 || size < 0 || offset + size > this.length)
      throw this.fail(
        'E_MICROGRAPH_TRUNCATED',
        `file ends before ${what} (needs bytes ${offset}..${offset + size}, file has ${this.length})`,
      );
  }

  u8(o: number, what = 'a header field'): number {
    this.need(o, 1, what);
    return this.view.getUint8(o);
  }
  u16(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 2, what);
    return this.view.getUint16(o, le);
  }
  i16(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 2, what);
    return this.view.getInt16(o, le);
  }
  i32(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 4, what);
    return this.view.getInt32(o, le);
  }
  u32(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 4, what);
    return this.view.getUint32(o, le);
  }
  /** Unsigned 64-bit value as a number; throws when it exceeds `Number.MAX_SAFE_INTEGER`. */
  u64(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 8, what);
    const v = this.view.getBigUint64(o, le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw this.fail('E_MICROGRAPH_FORMAT', `${what} is absurdly large (${v})`);
    return Number(v);
  }
  i64(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 8, what);
    return Number(this.view.getBigInt64(o, le));
  }
  f32(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 4, what);
    return this.view.getFloat32(o, le);
  }
  f64(o: number, le: boolean, what = 'a header field'): number {
    this.need(o, 8, what);
    return this.view.getFloat64(o, le);
  }
  ascii(o: number, n: number): string {
    this.need(o, n, 'a text field');
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.view.getUint8(o + i));
    return s;
  }
}

/** Numeric pixel types the readers convert to `Float32Array`. */
export type PixelType =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'float16'
  | 'float32'
  | 'float64'
  | 'int64'
  | 'uint64';

/** Bytes per element of each {@link PixelType}. */
export const PIXEL_BYTES: Record<PixelType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float16: 2,
  float32: 4,
  float64: 8,
  int64: 8,
  uint64: 8,
};

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/**
 * Checks that `width × height` pixels of `type` fit in the file at `offset` (before allocating), then converts
 * them to a `Float32Array`. With `flipY`, stored row 0 becomes the bottom row.
 */
export function readPixels(
  r: ByteReader,
  offset: number,
  width: number,
  height: number,
  type: PixelType,
  le: boolean,
  flipY = false,
): Float32Array {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0)
    throw r.fail('E_MICROGRAPH_DIMENSIONS', `image dimensions ${width}×${height} are not positive integers`);
  const size = PIXEL_BYTES[type];
  const bytes = width * height * size;
  if (offset + bytes > r.length)
    throw r.fail(
      'E_MICROGRAPH_DIMENSIONS',
      `header announces ${width}×${height} ${type} pixels (${bytes} bytes at offset ${offset}) but the file has ${r.length} bytes`,
    );
  const out = new Float32Array(width * height);
  const v = r.view;
  for (let y = 0; y < height; y++) {
    const row = flipY ? height - 1 - y : y;
    let o = offset + y * width * size;
    const base = row * width;
    for (let x = 0; x < width; x++, o += size) {
      let value: number;
      switch (type) {
        case 'int8':
          value = v.getInt8(o);
          break;
        case 'uint8':
          value = v.getUint8(o);
          break;
        case 'int16':
          value = v.getInt16(o, le);
          break;
        case 'uint16':
          value = v.getUint16(o, le);
          break;
        case 'int32':
          value = v.getInt32(o, le);
          break;
        case 'uint32':
          value = v.getUint32(o, le);
          break;
        case 'float16':
          value = halfToFloat(v.getUint16(o, le));
          break;
        case 'float32':
          value = v.getFloat32(o, le);
          break;
        case 'float64':
          value = v.getFloat64(o, le);
          break;
        case 'int64':
          value = Number(v.getBigInt64(o, le));
          break;
        case 'uint64':
          value = Number(v.getBigUint64(o, le));
          break;
      }
      out[base + x] = value;
    }
  }
  return out;
}
