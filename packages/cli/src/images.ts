import { extname } from 'node:path';
import { type InputNormalization, normalizeInput } from '@sadp/resnet';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
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
  return fromRgba(png.width, png.height, png.data);
}

function fromRgba(width: number, height: number, rgba: Uint8Array): GreyImage {
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = (rgba[4 * p]! + rgba[4 * p + 1]! + rgba[4 * p + 2]!) / 765;
  return { width, height, data };
}

function fromJpeg(file: string, bytes: Buffer): GreyImage {
  try {
    const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return fromRgba(width, height, data);
  } catch (cause) {
    throw badImage(file, `not a readable JPEG (${(cause as Error).message})`, cause);
  }
}

/** The first image of a TIFF: 16/32-bit (integer or float) greyscale at full depth, anything else via RGBA8. */
function fromTiff(file: string, bytes: Buffer): GreyImage {
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

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads a diffraction pattern image as grey values in 0..1: PNG, JPEG, TIFF (8-bit, or 16/32-bit greyscale at
 * full depth) or NumPy `.npy` (2-D), recognised by content (`.npy` by extension).
 */
export function readImage(file: string): GreyImage {
  const bytes = readInputFile(file);
  if (extname(file).toLowerCase() === '.npy') return fromNpy(file, bytes);
  if (bytes.subarray(0, 8).equals(PNG_MAGIC)) return fromPng(file, bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return fromJpeg(file, bytes);
  const head = bytes.toString('latin1', 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return fromTiff(file, bytes);
  throw badImage(file, 'unsupported image format: expected PNG, JPEG, TIFF or .npy');
}

/**
 * The model's view of a pattern: the central square of side `side` image pixels (default: the largest that fits;
 * a larger one is padded with 0, a smaller one zooms in), shrunk or enlarged to `size` by averaging pixel areas
 * (so small spots are not lost), then scaled as the model's training inputs were (`normalize`, default `'max'`:
 * the brightest pixel is 1; see `@sadp/resnet` `normalizeInput`). `centre` moves the square onto the direct beam.
 */
export function toModelInput(
  image: GreyImage,
  size: number,
  out: Float32Array = new Float32Array(size * size),
  side: number = Math.min(image.width, image.height),
  normalize: InputNormalization = 'max',
  centre?: readonly [number, number],
): Float32Array {
  if (!(side > 0 && Number.isFinite(side))) throw new RangeError(`side must be positive, got ${side}`);
  const { width, height, data } = image;
  // the square's centre is the direct beam when known, otherwise the image centre
  const x0 = centre ? centre[0] + 0.5 - side / 2 : (width - side) / 2;
  const y0 = centre ? centre[1] + 0.5 - side / 2 : (height - side) / 2;
  const scale = side / size;
  for (let oy = 0; oy < size; oy++) {
    const ya = y0 + oy * scale;
    const yb = ya + scale;
    for (let ox = 0; ox < size; ox++) {
      const xa = x0 + ox * scale;
      const xb = xa + scale;
      let sum = 0;
      for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
        if (y < 0 || y >= height) continue;
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
          if (x < 0 || x >= width) continue;
          sum += wy * (Math.min(xb, x + 1) - Math.max(xa, x)) * data[y * width + x]!;
        }
      }
      out[oy * size + ox] = sum / (scale * scale);
    }
  }
  normalizeInput(out, size, normalize);
  return out;
}
