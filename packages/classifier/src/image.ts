/**
 * Decoding diffraction pattern images (browser-safe: bytes in, no file system).
 *
 * @packageDocumentation
 */
import type { GreyImage as RasterImage } from '@sadp/raster';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { ClassifierError } from './errors';

/**
 * A greyscale image with values in 0..1, row-major: `@sadp/raster`'s `GreyImage` of a `Float32Array`, with what
 * the decoder noticed.
 */
export interface GreyImage extends RasterImage<Float32Array> {
  /**
   * Set by the decoder when the file holds no usable value at all (every value NaN/±Inf, or none above 0):
   * why, in a few words. `checkImages` then marks the image unusable.
   */
  defect?: string;
  /** What the decoder could not read as the file meant it (pages skipped, values read as 0, …). */
  warnings?: ImageWarning[];
}

/** Something a decoder read differently from what the file meant, or skipped; see {@link GreyImage.warnings}. */
export interface ImageWarning {
  /** `W_IMAGE_PAGES`, `W_IMAGE_NON_FINITE`, `W_IMAGE_ORIENTATION`, … */
  code: string;
  /** One sentence, without the file name. */
  message: string;
}

/** Largest image decoded by default, in pixels: 64 MP (8192 × 8192). See {@link DecodeOptions.maxPixels}. */
export const MAX_PIXELS = 64 * 2 ** 20;

/** Options of {@link decodeImage}. */
export interface DecodeOptions {
  /**
   * Largest image decoded, in pixels (width × height), checked from the file's header before any pixel is
   * decoded, so memory stays bounded whatever the file claims. Default {@link MAX_PIXELS} (64 MP).
   */
  maxPixels?: number;
}

/** What a file's header says, read without decoding any pixel (see {@link imageSize}). */
export interface ImageSize {
  format: 'png' | 'jpeg' | 'tiff' | 'npy';
  width: number;
  height: number;
  /** TIFF: images (pages) in the file. */
  pages?: number;
  /** PNG: bits per sample. */
  bitDepth?: number;
  /** JPEG: the EXIF orientation (1–8), when the file records one. */
  orientation?: number;
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

/** A PNG; 16-bit ones at their full depth (pngjs would cut them to 8 bits). */
function fromPng(file: string, bytes: Uint8Array, size: ImageSize): GreyImage {
  const wide = size.bitDepth === 16;
  let png: PNG;
  try {
    png = PNG.sync.read(asBuffer(bytes), wide ? { skipRescale: true } : {});
  } catch (cause) {
    throw badImage(file, `not a readable PNG (${(cause as Error).message})`, cause);
  }
  return fromRgba(png.width, png.height, png.data as unknown as ArrayLike<number>, wide ? 65535 : 255);
}

function fromRgba(width: number, height: number, rgba: ArrayLike<number>, max = 255): GreyImage {
  const data = new Float32Array(width * height);
  const scale = 1 / (3 * max);
  for (let p = 0; p < data.length; p++)
    data[p] = (rgba[4 * p]! + rgba[4 * p + 1]! + rgba[4 * p + 2]!) * scale;
  return { width, height, data };
}

function fromJpeg(file: string, bytes: Uint8Array, size: ImageSize, maxPixels: number): GreyImage {
  let image: GreyImage;
  try {
    const { width, height, data } = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: Math.ceil(maxPixels / 1e6),
    });
    image = fromRgba(width, height, data);
  } catch (cause) {
    throw badImage(file, `not a readable JPEG (${(cause as Error).message})`, cause);
  }
  const orientation = size.orientation ?? 1;
  if (orientation === 1) return image;
  return {
    ...orient(image, orientation),
    warnings: [
      {
        code: 'W_IMAGE_ORIENTATION',
        message: `EXIF orientation ${orientation} (${ORIENTATIONS[orientation]}) applied`,
      },
    ],
  };
}

/** What each EXIF orientation asks for to show the image upright. */
const ORIENTATIONS: Record<number, string> = {
  2: 'mirrored left–right',
  3: 'turned 180°',
  4: 'mirrored top–bottom',
  5: 'mirrored about the main diagonal',
  6: 'turned 90° clockwise',
  7: 'mirrored about the anti-diagonal',
  8: 'turned 90° anticlockwise',
};

/** The image as an EXIF `orientation` (2–8) asks it to be displayed. */
function orient(image: GreyImage, orientation: number): GreyImage {
  const { width: w, height: h, data } = image;
  const swap = orientation >= 5;
  const width = swap ? h : w;
  const height = swap ? w : h;
  const out = new Float32Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // the source pixel (sx, sy) shown at (x, y)
      let sx = x;
      let sy = y;
      if (orientation === 2) sx = w - 1 - x;
      else if (orientation === 3) [sx, sy] = [w - 1 - x, h - 1 - y];
      else if (orientation === 4) sy = h - 1 - y;
      else if (orientation === 5) [sx, sy] = [y, x];
      else if (orientation === 6) [sx, sy] = [y, h - 1 - x];
      else if (orientation === 7) [sx, sy] = [w - 1 - y, h - 1 - x];
      else if (orientation === 8) [sx, sy] = [w - 1 - y, x];
      out[y * width + x] = data[sy * w + sx]!;
    }
  }
  return { width, height, data: out };
}

/** The first image of a TIFF: 16/32-bit (integer or float) greyscale at full depth, anything else via RGBA8. */
function fromTiff(file: string, bytes: Uint8Array, size: ImageSize): GreyImage {
  const image = fromTiffPage(file, bytes);
  const pages = size.pages ?? 1;
  if (pages <= 1) return image;
  const warning = { code: 'W_IMAGE_PAGES', message: `${pages} pages; only the first is read` };
  return { ...image, warnings: [...(image.warnings ?? []), warning] };
}

function fromTiffPage(file: string, bytes: Uint8Array): GreyImage {
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
    const read =
      bits === 16
        ? (i: number) => view.getUint16(2 * i, little)
        : float
          ? (i: number) => view.getFloat32(4 * i, little)
          : (i: number) => view.getUint32(4 * i, little);
    return scaledValues(width, height, read);
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
  return scaledValues(width, height, (i) => read(view, start + i * size));
}

/**
 * Raw values → grey values scaled so that the largest is 1; negatives, NaN and ±Inf read as 0. Values that
 * could not be read as meant are reported: some NaN/±Inf as a warning, none usable at all as the image's
 * {@link GreyImage.defect}.
 */
function scaledValues(width: number, height: number, read: (i: number) => number): GreyImage {
  const data = new Float32Array(width * height);
  let max = 0;
  let nonFinite = 0;
  let positive = 0;
  for (let i = 0; i < data.length; i++) {
    const v = read(i);
    if (!Number.isFinite(v)) nonFinite++;
    else if (v > 0) {
      data[i] = v;
      positive++;
      if (v > max) max = v;
    }
  }
  if (max > 0) for (let i = 0; i < data.length; i++) data[i]! /= max;
  const image: GreyImage = { width, height, data };
  const n = data.length;
  if (nonFinite === n) image.defect = `every value (${n}) is NaN or ±Inf`;
  else if (positive === 0)
    image.defect = `no value above 0 (${n - nonFinite} zero or negative${nonFinite > 0 ? `, ${nonFinite} NaN or ±Inf` : ''})`;
  else if (nonFinite > 0)
    image.warnings = [
      { code: 'W_IMAGE_NON_FINITE', message: `${nonFinite} of ${n} values are NaN or ±Inf; read as 0` },
    ];
  return image;
}

/** Bytes `start..end` as Latin-1 text. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of `bytes` by content (`.npy` also by name), or `null`. */
function formatOf(bytes: Uint8Array, name: string): ImageSize['format'] | null {
  if (name.toLowerCase().endsWith('.npy') || latin1(bytes, 0, 6) === '\x93NUMPY') return 'npy';
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  const head = latin1(bytes, 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return 'tiff';
  return null;
}

/**
 * The size of an image (and, where it matters, its pages, bit depth and EXIF orientation) from its header alone,
 * without decoding any pixel: PNG IHDR, JPEG SOF, the TIFF's first IFD, the `.npy` header. Throws a
 * {@link ClassifierError} (`E_CLASSIFIER_IMAGE`) for an unknown format or a header that cannot be read.
 */
export function imageSize(bytes: Uint8Array, name = 'image'): ImageSize {
  const format = formatOf(bytes, name);
  if (format === null) throw badImage(name, 'unsupported image format: expected PNG, JPEG, TIFF or .npy');
  const size =
    format === 'png'
      ? pngSize(bytes)
      : format === 'jpeg'
        ? jpegSize(bytes)
        : format === 'tiff'
          ? tiffSize(bytes)
          : npySize(bytes);
  if (!size)
    throw badImage(
      name,
      `not a readable ${format === 'npy' ? '.npy file' : format.toUpperCase()} (no image size in its header)`,
    );
  return { format, ...size };
}

type HeaderSize = Omit<ImageSize, 'format'>;

function pngSize(bytes: Uint8Array): HeaderSize | null {
  if (bytes.length < 26 || latin1(bytes, 12, 16) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24]! };
}

/** JPEG markers up to the first SOF: its size, and the EXIF orientation of an APP1 segment before it. */
function jpegSize(bytes: Uint8Array): HeaderSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let orientation: number | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = view.getUint16(at + 2);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof && at + 9 <= bytes.length) {
      return {
        height: view.getUint16(at + 5),
        width: view.getUint16(at + 7),
        ...(orientation === undefined ? {} : { orientation }),
      };
    }
    if (marker === 0xe1 && latin1(bytes, at + 4, at + 10) === 'Exif\0\0')
      orientation = exifOrientation(view, at + 10, Math.min(bytes.length, at + 2 + length));
    at += 2 + length;
  }
  return null;
}

/** Tag 0x0112 (orientation) of IFD0 of the EXIF TIFF block at `start..end`, if present and 1–8. */
function exifOrientation(view: DataView, start: number, end: number): number | undefined {
  if (start + 8 > end) return undefined;
  const little = view.getUint16(start) === 0x4949;
  const ifd = start + view.getUint32(start + 4, little);
  if (ifd + 2 > end) return undefined;
  const count = view.getUint16(ifd, little);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > end) return undefined;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** Width and height (tags 256, 257) of the first IFD, and the number of IFDs (pages) in the chain. */
function tiffSize(bytes: Uint8Array): HeaderSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  let offset = bytes.length >= 8 ? view.getUint32(4, little) : 0;
  let width = 0;
  let height = 0;
  let pages = 0;
  const visited = new Set<number>();
  while (offset > 0 && offset + 2 <= bytes.length && !visited.has(offset) && pages < 100_000) {
    visited.add(offset);
    const count = view.getUint16(offset, little);
    if (offset + 2 + 12 * count + 4 > bytes.length) break;
    if (pages === 0) {
      for (let k = 0; k < count; k++) {
        const entry = offset + 2 + 12 * k;
        const tag = view.getUint16(entry, little);
        const type = view.getUint16(entry + 2, little);
        const value = type === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little);
        if (tag === 256) width = value;
        if (tag === 257) height = value;
      }
    }
    pages++;
    offset = view.getUint32(offset + 2 + 12 * count, little);
  }
  return width > 0 && height > 0 ? { width, height, pages } : null;
}

function npySize(bytes: Uint8Array): HeaderSize | null {
  if (bytes.length < 12 || latin1(bytes, 0, 6) !== '\x93NUMPY') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = latin1(
    bytes,
    major === 1 ? 10 : 12,
    (major === 1 ? 10 : 12) + Math.min(headerLength, 65536),
  );
  const shape = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
  // a shape other than 2-D is reported by the decoder, with the header
  return shape ? { height: Number(shape[1]), width: Number(shape[2]) } : { width: 0, height: 0 };
}

/** `n` pixels in words: `"400 MP"`, `"1.5 MP"`. */
function megapixels(n: number): string {
  return `${Number((n / 2 ** 20).toPrecision(3))} MP`;
}

/**
 * Throws a {@link ClassifierError} (`E_CLASSIFIER_LIMIT`) naming the file, its size and the limit when an image
 * of `size` has more than `maxPixels` pixels.
 */
function checkPixels(name: string, size: ImageSize, maxPixels: number): void {
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    throw new ClassifierError(
      `${name}: ${size.width}×${size.height} pixels (${megapixels(pixels)}), more than the limit of ${megapixels(maxPixels)} (maxPixels = ${maxPixels})`,
      'E_CLASSIFIER_LIMIT',
      { file: name },
    );
  }
}

/**
 * Decodes a diffraction pattern image into grey values in 0..1: PNG (16-bit at full depth), JPEG (turned as its
 * EXIF orientation asks), TIFF (the first page; 8-bit, or 16/32-bit greyscale at full depth) or NumPy `.npy`
 * (2-D), recognised by content (a name ending in `.npy` also selects NumPy). The size is checked from the header
 * before any pixel is decoded ({@link DecodeOptions.maxPixels}). What was read differently from what the file
 * meant is in the image's `warnings`, a file with no usable value at all in its `defect`. `name` (a file name
 * or URL) only labels error messages. Throws a {@link ClassifierError} with code `E_CLASSIFIER_IMAGE` for
 * anything else, `E_CLASSIFIER_LIMIT` for too many pixels. Browser-safe.
 */
export function decodeImage(bytes: Uint8Array, name = 'image', options: DecodeOptions = {}): GreyImage {
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  if (!(maxPixels > 0)) throw new RangeError(`maxPixels must be a positive number, got ${maxPixels}`);
  const size = imageSize(bytes, name);
  checkPixels(name, size, maxPixels);
  if (size.format === 'npy') return fromNpy(name, bytes);
  if (size.format === 'png') return fromPng(name, bytes, size);
  if (size.format === 'jpeg') return fromJpeg(name, bytes, size, maxPixels);
  return fromTiff(name, bytes, size);
}
