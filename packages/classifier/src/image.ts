/**
 * Decoding diffraction pattern images (browser-safe: bytes in, no file system).
 *
 * @packageDocumentation
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { ClassifierError } from './errors';

/** A greyscale image with values in 0..1, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

function badImage(file: string, expected: string, cause?: unknown): ClassifierError {
  return new ClassifierError(`${file}: ${expected}`, 'E_CLASSIFIER_IMAGE', {
    file,
    ...(cause ? { cause } : {}),
  });
}

/**
 * pngjs reads with Buffer methods: the bytes as a Buffer where the global exists (Node, or a page with a Buffer
 * polyfill as bundlers add for pngjs), else as they are.
 */
function asBuffer(bytes: Uint8Array): Buffer {
  const B = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  return B && !B.isBuffer(bytes)
    ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : (bytes as Buffer);
}

function fromPng(file: string, bytes: Uint8Array): GreyImage {
  let png: PNG;
  try {
    png = PNG.sync.read(asBuffer(bytes));
  } catch (cause) {
    throw badImage(file, `not a readable PNG (${(cause as Error).message})`, cause);
  }
  return fromRgba(png.width, png.height, png.data);
}

function fromRgba(width: number, height: number, rgba: Uint8Array): GreyImage {
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = (rgba[4 * p]! + rgba[4 * p + 1]! + rgba[4 * p + 2]!) / 765;
  return { width, height, data };
}

function fromJpeg(file: string, bytes: Uint8Array): GreyImage {
  try {
    const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return fromRgba(width, height, data);
  } catch (cause) {
    throw badImage(file, `not a readable JPEG (${(cause as Error).message})`, cause);
  }
}

/** The first image of a TIFF: 16/32-bit (integer or float) greyscale at full depth, anything else via RGBA8. */
function fromTiff(file: string, bytes: Uint8Array): GreyImage {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifd: UTIF.IFD;
  try {
    ifd = UTIF.decode(buffer)[0]!;
    UTIF.decodeImage(buffer, ifd);
  } catch (cause) {
    throw badImage(file, `not a readable TIFF (${(cause as Error).message})`, cause);
  }
  const { width, height } = ifd as unknown as { width: number; height: number };
  if (!(width > 0 && height > 0)) throw badImage(file, 'TIFF holds no image');
  const tag = (id: number) => (ifd[`t${id}`] as number[] | undefined)?.[0];
  const bits = tag(258) ?? 1;
  const samples = tag(277) ?? 1;
  const float = tag(339) === 3;
  if (samples === 1 && (bits === 16 || bits === 32)) {
    const raw = (ifd as unknown as { data: Uint8Array }).data;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const little = true; // utif2 hands 16/32-bit samples over little-endian whatever the file's byte order
    const data = new Float32Array(width * height);
    let max = 0;
    for (let i = 0; i < data.length; i++) {
      const v =
        bits === 16
          ? view.getUint16(2 * i, little)
          : float
            ? view.getFloat32(4 * i, little)
            : view.getUint32(4 * i, little);
      if (v > 0) data[i] = v;
      if (v > max) max = v;
    }
    if (max > 0) for (let i = 0; i < data.length; i++) data[i]! /= max;
    return { width, height, data };
  }
  return fromRgba(width, height, UTIF.toRGBA8(ifd));
}

const NPY_TYPES: Record<string, (view: DataView, offset: number) => number> = {
  '<f4': (v, o) => v.getFloat32(o, true),
  '<f8': (v, o) => v.getFloat64(o, true),
  '|u1': (v, o) => v.getUint8(o),
  '<u2': (v, o) => v.getUint16(o, true),
  '<i4': (v, o) => v.getInt32(o, true),
};
const NPY_SIZES: Record<string, number> = { '<f4': 4, '<f8': 8, '|u1': 1, '<u2': 2, '<i4': 4 };

/** Reads a 2-D NumPy `.npy` array (float32/64, uint8/16, int32, C order), scaled so its maximum is 1. */
function fromNpy(file: string, bytes: Uint8Array): GreyImage {
  if (bytes.length < 10 || latin1(bytes, 0, 6) !== '\x93NUMPY')
    throw badImage(file, 'not a .npy file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = latin1(bytes, major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
  if (/'fortran_order':\s*True/.test(header))
    throw badImage(file, 'expected a C-order array, got Fortran order');
  if (!descr || !NPY_TYPES[descr])
    throw badImage(file, `unsupported dtype ${descr ?? '?'} (expected float32/64, uint8/16 or int32)`);
  if (!shape) throw badImage(file, `expected a 2-D array (height, width), header says ${header.trim()}`);
  const height = Number(shape[1]);
  const width = Number(shape[2]);
  const size = NPY_SIZES[descr]!;
  if (bytes.length < start + width * height * size)
    throw badImage(file, 'truncated: fewer values than the shape says');
  const read = NPY_TYPES[descr]!;
  const data = new Float32Array(width * height);
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = read(view, start + i * size);
    if (v > 0) data[i] = v; // negatives and NaN stay 0
    if (v > max) max = v;
  }
  if (max > 0) for (let i = 0; i < data.length; i++) data[i]! /= max;
  return { width, height, data };
}

/** Bytes `start..end` as Latin-1 text. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes a diffraction pattern image into grey values in 0..1: PNG, JPEG, TIFF (8-bit, or 16/32-bit greyscale
 * at full depth) or NumPy `.npy` (2-D), recognised by content (a name ending in `.npy` also selects NumPy).
 * `name` (a file name or URL) only labels error messages. Throws a {@link ClassifierError} with code
 * `E_CLASSIFIER_IMAGE` for anything else. Browser-safe.
 */
export function decodeImage(bytes: Uint8Array, name = 'image'): GreyImage {
  if (name.toLowerCase().endsWith('.npy') || latin1(bytes, 0, 6) === '\x93NUMPY') return fromNpy(name, bytes);
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return fromPng(name, bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return fromJpeg(name, bytes);
  const head = latin1(bytes, 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return fromTiff(name, bytes);
  throw badImage(name, 'unsupported image format: expected PNG, JPEG, TIFF or .npy');
}
