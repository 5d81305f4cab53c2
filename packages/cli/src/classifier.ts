import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadResNet, predict, selectBackend } from '@sadp/resnet';
import { CliError } from './errors';
import { type GreyImage, toModelInput } from './images';
import { defaultModelDir } from './model-files';

/** How the training images of a model were rendered, so that callers can simulate matching patterns. */
export interface RenderingInfo {
  /** Image side in pixels. */
  size: number;
  /** Range of pixels spanned by the reciprocal cell edge 1/a (see `@sadp/dataset` `cellPixels`), if used. */
  cellPixels: [number, number] | null;
  /** Extra simulator settings (spot sigma, gamma, direct beam, …). */
  simulation: Record<string, unknown>;
  /** Acceleration voltages in volts. */
  voltages: number[];
}

/** A trained pattern classifier: images in, label probabilities out. */
export interface PatternClassifier {
  /** Class names in output order (the label registry's order for the shipped model). */
  labels: readonly string[];
  /** Model input side in pixels. */
  inputSize: number;
  /** Softmax temperature fitted on validation data (applied by {@link PatternClassifier.classify}). */
  temperature: number;
  /** How the training images were rendered, when the model records it. */
  rendering: RenderingInfo | null;
  /** Folder the model was loaded from. */
  modelDir: string;
  /** Calibrated label probabilities, `images.length × labels.length`, row-major. */
  classify(images: readonly GreyImage[]): Float32Array;
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

/**
 * Loads a classifier saved by `sadp train` (default: the model shipped with `@sadp/cli`) on the best available
 * backend (`tfjs-node-gpu` > `tfjs-node` > `wasm` > `cpu`, or `backend`).
 *
 * @example
 * const classifier = await loadClassifier();
 * const probabilities = classifier.classify([{ width: 64, height: 64, data: image }]);
 */
export async function loadClassifier(
  options: { modelDir?: string; backend?: string } = {},
): Promise<PatternClassifier> {
  const modelDir = options.modelDir ?? defaultModelDir();
  if (!existsSync(join(modelDir, 'model.json'))) {
    throw new CliError(`${modelDir}: no model.json (train one with sadp train, or pass --model <dir>)`, {
      code: 'E_CLI_INPUT',
    });
  }
  await selectBackend(options.backend);
  const { model, metadata } = await loadResNet(modelDir);
  const labels = metadata.labels ?? [];
  const inputSize = model.inputs[0]!.shape[1] as number;
  const temperature = metadata.temperature ?? 1;
  const rendering = (metadata.rendering as RenderingInfo | undefined) ?? null;
  return {
    labels,
    inputSize,
    temperature,
    rendering,
    modelDir,
    classify(images) {
      const pixels = inputSize * inputSize;
      const batch = new Float32Array(images.length * pixels);
      for (let i = 0; i < images.length; i++) {
        toModelInput(images[i]!, inputSize, batch.subarray(i * pixels, (i + 1) * pixels));
      }
      return predict(model, batch, { temperature });
    },
  };
}

/** Index of the largest value of a probability row. */
export function argmax(row: Readonly<ArrayLike<number>>): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
  return best;
}

/** One output row as `{ label: probability }`, the form `@sadp/ensemble` takes as evidence. */
export function labelProbabilities(
  labels: readonly string[],
  row: Readonly<ArrayLike<number>>,
): Record<string, number> {
  return Object.fromEntries(labels.map((label, k) => [label, row[k]!]));
}

/**
 * Simulator settings that render a crystal the way a model's training images were rendered, at the middle of the
 * training scale range (`1/a` spanning the mean of `cellPixels`) and the first training voltage.
 */
export function matchingSimulation(rendering: RenderingInfo, cell: { a: number; b: number; c: number }) {
  const { cellPixels } = rendering;
  return {
    ...rendering.simulation,
    size: rendering.size,
    voltage: rendering.voltages[0] ?? 200e3,
    ...(cellPixels
      ? { calibration: 1 / (Math.max(cell.a, cell.b, cell.c) * ((cellPixels[0] + cellPixels[1]) / 2)) }
      : {}),
  };
}
