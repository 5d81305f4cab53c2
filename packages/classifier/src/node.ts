/**
 * The Node entry of `@sadp/classifier`: everything of the browser-safe core plus reading model folders, datasets
 * and image files from disk.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileErrorReason } from '@sadp/errors';
import { loadResNet, type ResNetMetadata, selectBackend } from '@sadp/resnet';
import { type CalibratedImage, decodeCalibratedImageAsync } from './calibrated-image';
import { type ClassifierModel, createClassifier, type PatternClassifier } from './classifier';
import { ClassifierError } from './errors';
import { type DecodeOptions, decodeImage, type GreyImage, MAX_PIXELS } from './image';
import { type ModelInfo, type RenderingInfo, readModelMetadata } from './model-format';

export {
  type CalibratedImage,
  decodeCalibratedImage,
  decodeCalibratedImageAsync,
  IMAGE_FORMATS,
  type ImageCalibration,
  PNG_CALIBRATION_KEY,
  pngTextChunks,
} from './calibrated-image';
export { decodeImage, imageSize, MAX_PIXELS } from './image';
export * from './index';
export { type OverlayContent, overlayPng, overlaySvg } from './overlay';

/** Folder of the model shipped with this package (`model/` next to `dist/`). */
export function defaultModelDir(): string {
  return fileURLToPath(new URL('../model', import.meta.url));
}

/** Reads a file, turning a missing or unreadable one into a one-line {@link ClassifierError}. */
function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ClassifierError(`${file}: ${fileErrorReason(error)}`, 'E_CLASSIFIER_INPUT', {
      file,
      cause: error,
    });
  }
}

/**
 * Reads a diffraction pattern image file as grey values in 0..1: PNG, JPEG, TIFF (8-bit, or 16/32-bit greyscale
 * at full depth) or NumPy `.npy` (2-D), recognised by content (`.npy` by extension). See {@link decodeImage}; a file
 * larger than any image within `maxPixels` could be is refused before it is read (`E_CLASSIFIER_LIMIT`).
 */
export function readImage(file: string, options: DecodeOptions = {}): GreyImage {
  checkFileSize(file, options);
  return decodeImage(readInput(file), file, options);
}

/** Refuses, before reading it, a file larger than any image within `maxPixels` could be (`E_CLASSIFIER_LIMIT`). */
function checkFileSize(file: string, options: DecodeOptions): void {
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  // no image of maxPixels needs more than 8 bytes a pixel (float64 .npy) and its header: refuse before reading
  const maxBytes = 8 * maxPixels + 2 ** 20;
  let bytes = 0;
  try {
    bytes = statSync(file).size;
  } catch {
    // readInput names the problem
  }
  if (bytes > maxBytes) {
    throw new ClassifierError(
      `${file}: ${(bytes / 2 ** 20).toFixed(0)} MB, more than an image within the limit of ${maxPixels} pixels needs (${(maxBytes / 2 ** 20).toFixed(0)} MB)`,
      'E_CLASSIFIER_LIMIT',
      { file },
    );
  }
}

/**
 * Reads a pattern file of any supported format (PNG, JPEG, TIFF, `.npy`, MRC, DM3/DM4, TIA SER, EMD) as grey
 * values in 0..1 with the reciprocal-space calibration the file carries (microscope metadata, or the PNG tEXt
 * entry `sadp simulate` writes). See {@link decodeCalibratedImageAsync}; `options.maxPixels` as in {@link readImage}.
 *
 * @example
 * const image = await readCalibratedImage('pattern.dm4');
 * image.calibration; // { reciprocalPerPixel: 0.0174, source: 'DM4 file' }
 */
export async function readCalibratedImage(
  file: string,
  options: DecodeOptions = {},
): Promise<CalibratedImage> {
  checkFileSize(file, options);
  return decodeCalibratedImageAsync(readInput(file), file, options);
}

/** Throws the one-line error for a folder without `model.json`. */
function requireModel(modelDir: string): void {
  if (!existsSync(join(modelDir, 'model.json'))) {
    throw new ClassifierError(
      `${modelDir}: no model.json (train one with sadp train, or pass --model <dir>)`,
      'E_CLASSIFIER_INPUT',
      { file: modelDir },
    );
  }
}

/**
 * The one reader of a model folder written by `sadp train`: the network (not yet on a chosen backend; call
 * `@sadp/resnet` `selectBackend` first) and its metadata, raw and as {@link ModelInfo}. Throws a
 * {@link ClassifierError} (`E_CLASSIFIER_INPUT`) when the folder holds no `model.json`.
 */
export async function readModelFolder(
  modelDir: string,
): Promise<{ model: ClassifierModel; metadata: ResNetMetadata; info: ModelInfo }> {
  requireModel(modelDir);
  const { model, metadata } = await loadResNet(modelDir);
  return { model, metadata, info: readModelMetadata(metadata, modelDir) };
}

/**
 * Loads a classifier saved by `sadp train` (default: the model shipped with this package) on the best available
 * backend (`tfjs-node-gpu` > `tfjs-node` > `wasm` > `cpu`, or `backend`).
 *
 * @example
 * const classifier = await loadClassifier();
 * const probabilities = classifier.classify([readImage('pattern.png')]);
 */
export async function loadClassifier(
  options: { modelDir?: string; backend?: string } = {},
): Promise<PatternClassifier> {
  const modelDir = options.modelDir ?? defaultModelDir();
  requireModel(modelDir); // before the (slow) backend selection
  await selectBackend(options.backend);
  const { model, metadata } = await readModelFolder(modelDir);
  return createClassifier(model, metadata, { source: modelDir });
}

/** Reads the rendering settings of a dataset written by `sadp dataset` (its `dataset.json`), if present. */
export function datasetRendering(datasetDir: string): RenderingInfo | null {
  const file = join(datasetDir, 'dataset.json');
  if (!existsSync(file)) return null;
  const { options } = JSON.parse(readFileSync(file, 'utf8')) as {
    options: {
      size: number;
      cellPixels?: [number, number] | null;
      simulation?: Record<string, unknown>;
      voltages: number[];
    };
  };
  return {
    size: options.size,
    cellPixels: options.cellPixels ?? null,
    simulation: options.simulation ?? {},
    voltages: options.voltages,
  };
}
