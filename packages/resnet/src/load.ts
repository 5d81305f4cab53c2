/**
 * Loading a saved model from a tfjs `IOHandler` or a URL, with no file system: the half of `io.ts` a browser
 * can run.
 *
 * @packageDocumentation
 */
import { type io, serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FusedBatchNormalization } from './batch-norm.js';
import { ResNetError } from './errors.js';

/** What `saveResNet` stores next to the weights (`userDefinedMetadata.sadp` in `model.json`). */
export interface ResNetMetadata {
  /** Class names, index = output unit. */
  labels?: readonly string[];
  /** Softmax temperature fitted on validation data (1 = uncalibrated). */
  temperature?: number;
  /** Anything else (preset, dataset, metrics). */
  [key: string]: unknown;
}

/** Options of {@link loadResNetFrom}. */
export interface LoadOptions {
  /** Called with the fraction (0..1) of the model's files fetched so far (URL sources). */
  onProgress?: (fraction: number) => void;
}

/**
 * Registers the custom layers a saved ResNet may contain (again: idempotent). `batch-norm.ts` registers them when
 * it loads, but a bundler that tree-shakes a page using only this module could drop that module.
 */
function registerCustomLayers(): void {
  serialization.registerClass(
    FusedBatchNormalization as unknown as serialization.SerializableConstructor<serialization.Serializable>,
  );
}

/**
 * Loads a model saved by `saveResNet` (or any tfjs layers model) with its metadata from a tfjs `IOHandler` or
 * a URL of its `model.json` (fetched with `fetch`, the weights from the same folder). Browser-safe.
 *
 * @example
 * const { model, metadata } = await loadResNetFrom(new URL('model/model.json', location.href).href);
 */
export async function loadResNetFrom(
  source: string | io.IOHandler,
  options: LoadOptions = {},
): Promise<{ model: tfl.LayersModel; metadata: ResNetMetadata }> {
  registerCustomLayers();
  const load = options.onProgress ? { onProgress: options.onProgress } : {};
  if (typeof source !== 'string') return withMetadata(await tfl.loadLayersModel(source, load));
  try {
    return withMetadata(await tfl.loadLayersModel(source, load));
  } catch (cause) {
    throw new ResNetError('E_RESNET_IO', `cannot load a model from ${source}: ${(cause as Error).message}`, {
      file: source,
      cause,
    });
  }
}

function withMetadata(model: tfl.LayersModel): { model: tfl.LayersModel; metadata: ResNetMetadata } {
  const meta = model.getUserDefinedMetadata() as { sadp?: ResNetMetadata } | undefined;
  return { model, metadata: meta?.sadp ?? {} };
}
