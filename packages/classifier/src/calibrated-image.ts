/**
 * Pattern images with the reciprocal-space calibration their file carries: microscope files through
 * `@sadp/micrograph` (MRC, DM3/DM4, TIA SER, EMD), the image formats of {@link decodeImage}, and the calibration
 * `sadp simulate` writes into its PNG tEXt chunks. Browser-safe: bytes in, no file system.
 *
 * @packageDocumentation
 */
import { detectFormat, type Micrograph, readMicrograph, readMicrographAsync } from '@sadp/micrograph';
import { ClassifierError, isClassifierError } from './errors';
import { type DecodeOptions, decodeImage, type GreyImage, type ImageWarning, MAX_PIXELS } from './image';

/** Every input format of {@link decodeCalibratedImage}, as shown to users. */
export const IMAGE_FORMATS = [
  'PNG',
  'JPEG',
  'TIFF',
  'NumPy .npy',
  'MRC',
  'DM3',
  'DM4',
  'TIA SER',
  'EMD',
] as const;

/** The reciprocal-space scale of an image and where it was read. */
export interface ImageCalibration {
  /** Reciprocal-space size of one pixel in Å⁻¹. */
  reciprocalPerPixel: number;
  /** Where the value comes from, for messages: `"DM4 file"`, `"PNG tEXt"`, … */
  source: string;
}

/** A grey image (values 0..1) with the calibration its file carries. */
export interface CalibratedImage extends GreyImage {
  /** `png`, `jpeg`, `tiff`, `npy`, `mrc`, `dm3`, `dm4`, `ser` or `emd`. */
  format: string;
  /** The file's reciprocal-space calibration, or `null` when it carries none. */
  calibration: ImageCalibration | null;
  /** What the reader noticed (a real-space calibration, extra frames, pages skipped, …). */
  warnings: ImageWarning[];
}

/** The PNG tEXt key under which `sadp simulate` (`@sadp/diffraction-sim` `encodePng`) writes Å⁻¹ per pixel. */
export const PNG_CALIBRATION_KEY = 'Calibration 1/A per px';

/** The tEXt entries (key → Latin-1 value) of a PNG, read up to its first IDAT chunk; `{}` for other bytes. */
export function pngTextChunks(bytes: Uint8Array): Record<string, string> {
  const text: Record<string, string> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT' || type === 'IEND' || at + 12 + length > bytes.length) break;
    if (type === 'tEXt') {
      const body = bytes.subarray(at + 8, at + 8 + length);
      const zero = body.indexOf(0);
      if (zero > 0) {
        text[String.fromCharCode(...body.subarray(0, zero))] = String.fromCharCode(
          ...body.subarray(zero + 1),
        );
      }
    }
    at += 12 + length;
  }
  return text;
}

/** A micrograph's stored values as grey values 0..1: negatives and NaN to 0, divided by the maximum. */
function greyOf(m: Micrograph): GreyImage {
  const data = new Float32Array(m.width * m.height);
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = m.data[i]!;
    if (v > 0) data[i] = v;
    if (v > max) max = v;
  }
  if (max > 0) for (let i = 0; i < data.length; i++) data[i]! /= max;
  return { width: m.width, height: m.height, data };
}

function fromMicrograph(m: Micrograph, name: string, options: DecodeOptions): CalibratedImage {
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  if (m.width * m.height > maxPixels) {
    throw new ClassifierError(
      `${name}: image is ${m.width}×${m.height} pixels, more than the limit of ${maxPixels}`,
      'E_CLASSIFIER_LIMIT',
      { file: name },
    );
  }
  const perPixel = m.calibration?.reciprocalPerPixel;
  // no stored scale but a detector pixel: derived from camera length, voltage and detector pixel by the reader
  const derived = !m.calibration?.raw && m.calibration?.detectorPixel !== undefined;
  const source = `${m.format.toUpperCase()} file${derived ? ': camera length, voltage, detector pixel' : ''}`;
  // DM, SER and EMD store their unit; an MRC cell is often a default, not a statement about the image
  const realSpace = perPixel === undefined && m.calibration?.pixelSize !== undefined && m.format !== 'mrc';
  return {
    ...greyOf(m),
    // a file calibrated in real space is a micrograph (an image of the specimen), not a diffraction pattern
    ...(realSpace
      ? {
          defect: `a real-space image (${m.calibration!.pixelSize!.toPrecision(3)} Å per pixel), not a diffraction pattern`,
        }
      : {}),
    format: m.format,
    calibration: perPixel !== undefined && perPixel > 0 ? { reciprocalPerPixel: perPixel, source } : null,
    warnings: m.warnings.map((message) => ({ code: 'W_MICROGRAPH', message })),
  };
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format name of an image {@link decodeImage} reads. */
function imageFormat(bytes: Uint8Array, name: string): string {
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (name.toLowerCase().endsWith('.npy') || bytes[0] === 0x93) return 'npy';
  return 'tiff';
}

/** {@link decodeImage} with the error for an unknown format listing every format read here. */
function decodeOther(bytes: Uint8Array, name: string, options: DecodeOptions): CalibratedImage {
  let image: GreyImage;
  try {
    image = decodeImage(bytes, name, options);
  } catch (error) {
    if (isClassifierError(error, 'E_CLASSIFIER_IMAGE') && /unsupported image format/.test(error.message)) {
      throw new ClassifierError(
        `${name}: unsupported image format: expected ${IMAGE_FORMATS.join(', ')}`,
        'E_CLASSIFIER_IMAGE',
        { file: name, cause: error },
      );
    }
    throw error;
  }
  const format = imageFormat(bytes, name);
  let calibration: ImageCalibration | null = null;
  if (format === 'png') {
    const value = Number(pngTextChunks(bytes)[PNG_CALIBRATION_KEY]);
    if (value > 0) calibration = { reciprocalPerPixel: value, source: 'PNG tEXt' };
  }
  return { ...image, format, calibration, warnings: image.warnings ?? [] };
}

/**
 * Decodes a pattern of any supported format ({@link IMAGE_FORMATS}) into grey values 0..1 with the calibration
 * its file carries: microscope files by magic number (then extension) through `@sadp/micrograph` (DM
 * `Calibrations`, or camera length × voltage × detector pixel; SER `CalibrationDeltaX`, EMD metadata; MRC
 * carries none), PNG by the tEXt entry `sadp simulate`
 * writes ({@link PNG_CALIBRATION_KEY}). Synchronous for everything but EMD (see
 * {@link decodeCalibratedImageAsync}). `name` labels errors and selects `.npy` and extension-only formats;
 * `options.maxPixels` bounds the image size as in {@link decodeImage}.
 *
 * @throws {@link ClassifierError} `E_CLASSIFIER_IMAGE` for unknown formats; `MicrographError` for unreadable
 *   microscope files (both name the file and what was expected).
 */
export function decodeCalibratedImage(
  bytes: Uint8Array,
  name = 'image',
  options: DecodeOptions = {},
): CalibratedImage {
  return detectFormat(bytes, name)
    ? fromMicrograph(readMicrograph(bytes, name), name, options)
    : decodeOther(bytes, name, options);
}

/** {@link decodeCalibratedImage} that also reads EMD (HDF5) files, loading h5wasm on the first one. */
export async function decodeCalibratedImageAsync(
  bytes: Uint8Array,
  name = 'image',
  options: DecodeOptions = {},
): Promise<CalibratedImage> {
  return detectFormat(bytes, name)
    ? fromMicrograph(await readMicrographAsync(bytes, name), name, options)
    : decodeOther(bytes, name, options);
}
