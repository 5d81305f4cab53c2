import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cubicRegistry, labelLikelihood, latticeOfImage } from '@sadp/lattice-labels';
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
  /**
   * Calibrated label probabilities, `images.length × labels.length`, row-major. Each image's central square is
   * shrunk to the input size; with `cellPixels` (the pixels spanned by the reciprocal cell edge 1/a in each image,
   * or one value for all) the square is chosen so that 1/a lands at the middle of the training scale instead.
   * Unless `geometry: false`, each row is then weighted by the lattice measured from the image's own spots at
   * full resolution (see {@link ClassifyOptions.geometry}).
   */
  classify(images: readonly GreyImage[], options?: ClassifyOptions): Float32Array;
  /**
   * {@link PatternClassifier.classify} that also returns what the geometry measured: each image's shortest spot
   * spacing, for `@sadp/ensemble` evidence (`spacing`).
   */
  analyse(images: readonly GreyImage[], options?: ClassifyOptions): PatternAnalysis;
}

/** What {@link PatternClassifier.analyse} returns. */
export interface PatternAnalysis {
  /** As returned by {@link PatternClassifier.classify}. */
  probabilities: Float32Array;
  /**
   * |a| of the 2D lattice fitted to each image's spots (its shortest spot spacing), in that image's pixels;
   * `NaN` where no lattice fits or with `geometry: false`.
   */
  spacings: Float64Array;
}

/** Options of {@link PatternClassifier.classify}. */
export interface ClassifyOptions {
  /**
   * Pixels spanned by the reciprocal cell edge 1/a in each image (e.g. `1 / (a · calibration)` with the lattice
   * parameter a in Å and the calibration in Å⁻¹ per pixel), one value for all images or one per image
   * (`undefined` = use the whole image as is). Needs a model that records its training scale.
   */
  cellPixels?: number | readonly (number | undefined)[];
  /**
   * Combine the network with the lattice measured from each image's spots: `@sadp/lattice-labels`
   * `latticeOfImage` fits the 2D lattice at the image's full resolution and `labelLikelihood` weighs every
   * label by how well its lattice shape and absences agree; the network's probabilities are multiplied by it and
   * renormalised. Images where no lattice fits keep the network's probabilities. Default `true`.
   */
  geometry?: boolean;
}

/**
 * Multiplies each row of `probabilities` by the geometric likelihood of its image, when a lattice fits, and
 * renormalises; writes the fitted |a| of each image to `spacings`. `registryIndex[j]` is the cubic-registry
 * index of the classifier's label j, or -1 for a label missing from the registry (weight 1).
 */
function weighByGeometry(
  probabilities: Float32Array,
  spacings: Float64Array,
  images: readonly GreyImage[],
  registryIndex: readonly number[],
) {
  const n = registryIndex.length;
  images.forEach((image, i) => {
    const fit = latticeOfImage(image);
    if (!fit) return;
    if ('basis' in fit) spacings[i] = Math.hypot(fit.basis[0], fit.basis[1]);
    const likelihood = labelLikelihood(fit, cubicRegistry);
    const row = probabilities.subarray(i * n, (i + 1) * n);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const k = registryIndex[j]!;
      row[j]! *= k >= 0 ? likelihood[k]! : 1;
      sum += row[j]!;
    }
    if (sum > 0) for (let j = 0; j < n; j++) row[j]! /= sum;
  });
}

/** Pixels spanned by 1/a at the middle of a model's training scale range, or `null` when it records none. */
function trainingCellPixels(rendering: RenderingInfo | null): number | null {
  const range = rendering?.cellPixels;
  return range ? (range[0] + range[1]) / 2 : null;
}

/** Pixels spanned by 1/a in an image of lattice parameter `lattice` (Å) at `calibration` (Å⁻¹ per pixel). */
export function cellPixelsOf(lattice: number, calibration: number): number {
  if (!(lattice > 0 && calibration > 0)) {
    throw new RangeError(
      `lattice and calibration must be positive, got ${lattice} Å and ${calibration} Å⁻¹/px`,
    );
  }
  return 1 / (lattice * calibration);
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
  const registryIndex = labels.map((name) => cubicRegistry.labels.findIndex((e) => e.name === name));
  const analyse = (images: readonly GreyImage[], options: ClassifyOptions = {}): PatternAnalysis => {
    const pixels = inputSize * inputSize;
    const batch = new Float32Array(images.length * pixels);
    const { cellPixels } = options;
    const target = trainingCellPixels(rendering);
    if (cellPixels !== undefined && target === null) {
      throw new CliError(`${modelDir}: the model does not record the scale of its training images`, {
        code: 'E_CLI_INPUT',
      });
    }
    if (Array.isArray(cellPixels) && cellPixels.length !== images.length) {
      throw new RangeError(`${cellPixels.length} cellPixels values for ${images.length} images`);
    }
    for (let i = 0; i < images.length; i++) {
      const image = images[i]!;
      const own = typeof cellPixels === 'number' ? cellPixels : cellPixels?.[i];
      if (own !== undefined && !(own > 0)) throw new RangeError(`cellPixels must be positive, got ${own}`);
      // 1/a spans `own` image pixels; the model saw it at `target` of its `inputSize` pixels
      const side = own === undefined ? undefined : (own * inputSize) / target!;
      toModelInput(image, inputSize, batch.subarray(i * pixels, (i + 1) * pixels), side);
    }
    const probabilities = predict(model, batch, { temperature });
    const spacings = new Float64Array(images.length).fill(Number.NaN);
    if (options.geometry !== false) weighByGeometry(probabilities, spacings, images, registryIndex);
    return { probabilities, spacings };
  };
  return {
    labels,
    inputSize,
    temperature,
    rendering,
    modelDir,
    classify: (images, options) => analyse(images, options).probabilities,
    analyse,
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
  const cellPixels = trainingCellPixels(rendering);
  return {
    ...rendering.simulation,
    size: rendering.size,
    voltage: rendering.voltages[0] ?? 200e3,
    ...(cellPixels === null ? {} : { calibration: 1 / (Math.max(cell.a, cell.b, cell.c) * cellPixels) }),
  };
}
