import { extname } from 'node:path';
import { PNG } from 'pngjs';
import { CliError } from './errors';
import { readInputFile } from './inputs';

/** A greyscale image with values in 0..1, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

function badImage(file: string, expected: string, cause?: unknown): CliError {
  return new CliError(`${file}: ${expected}`, { code: 'E_CLI_IMAGE', ...(cause ? { cause } : {}) });
}

function fromPng(file: string, bytes: Buffer): GreyImage {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (cause) {
    throw badImage(file, `not a readable PNG (${(cause as Error).message})`, cause);
  }
  const { width, height, data } = png;
  const out = new Float32Array(width * height);
  for (let p = 0; p < out.length; p++) out[p] = (data[4 * p]! + data[4 * p + 1]! + data[4 * p + 2]!) / 765;
  return { width, height, data: out };
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
function fromNpy(file: string, bytes: Buffer): GreyImage {
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY')
    throw badImage(file, 'not a .npy file (bad magic)');
  const major = bytes[6]!;
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = bytes.toString('latin1', major === 1 ? 10 : 12, start);
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
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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

/** Reads a diffraction pattern image: PNG (8/16-bit, grey or colour) or NumPy `.npy`. */
export function readImage(file: string): GreyImage {
  const bytes = readInputFile(file);
  const ext = extname(file).toLowerCase();
  if (ext === '.npy') return fromNpy(file, bytes);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return fromPng(file, bytes);
  throw badImage(file, 'unsupported image format: expected PNG or .npy (convert JPEG/TIFF to PNG first)');
}

/**
 * The model's view of a pattern: the central square, shrunk to `size` by averaging pixel blocks (so small
 * spots are not lost), then scaled so the brightest pixel is 1.
 */
export function toModelInput(
  image: GreyImage,
  size: number,
  out: Float32Array = new Float32Array(size * size),
): Float32Array {
  const side = Math.min(image.width, image.height);
  const x0 = (image.width - side) >> 1;
  const y0 = (image.height - side) >> 1;
  const scale = side / size;
  let max = 0;
  for (let oy = 0; oy < size; oy++) {
    const ya = y0 + oy * scale;
    const yb = ya + scale;
    for (let ox = 0; ox < size; ox++) {
      const xa = x0 + ox * scale;
      const xb = xa + scale;
      let sum = 0;
      let weight = 0;
      for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
          const w = wy * (Math.min(xb, x + 1) - Math.max(xa, x));
          sum += w * image.data[y * image.width + x]!;
          weight += w;
        }
      }
      const v = sum / weight;
      out[oy * size + ox] = v;
      if (v > max) max = v;
    }
  }
  if (max > 0) for (let i = 0; i < out.length; i++) out[i]! /= max;
  return out;
}
