/**
 * The classifier core: a loaded network × the lattice measured from each image's spots → label probabilities.
 * Browser-safe (no file system); `node.ts` loads model folders.
 *
 * @packageDocumentation
 */

import { compileRegistry } from '@sadp/ensemble';
import {
  cubicRegistry,
  type ImageLattice,
  labelLikelihood,
  latticeOfImage,
  type SpotLabelResult,
} from '@sadp/lattice-labels';
import { type InputMask, type InputNormalization, predict, type ResNetMetadata } from '@sadp/resnet/browser';
import { ClassifierError } from './errors';
import type { GreyImage } from './image';
import { checkImages, type ImageCheck } from './image-checks';
import { type RenderingInfo, readModelMetadata } from './model-format';
import { averageViews, type ViewRow, type ViewSettings, viewBatch, viewsPerRow } from './views';

/** A loaded tfjs layers model, as `@sadp/resnet` `loadResNet` or tfjs `loadLayersModel` returns it. */
export type ClassifierModel = Parameters<typeof predict>[0];

/** A trained pattern classifier: images in, label probabilities out. */
export interface PatternClassifier {
  /** Class names in output order (the label registry's order for the shipped model). */
  labels: readonly string[];
  /** Model input side in pixels. */
  inputSize: number;
  /** Softmax temperature fitted on validation data (applied by {@link PatternClassifier.classify}). */
  temperature: number;
  /**
   * Exponent 1/τ applied to each image's final probabilities (network × geometry), fitted on patterns of an
   * independent renderer (`evaluation/foreign`); 1 when the model records none.
   */
  confidenceTau: number;
  /**
   * The `@sadp/ensemble` `temperature` fitted for this model's evidence (1 when the model records none): pass it
   * to `ensemble(evidence, registry, { temperature })` so that several patterns are not over-counted.
   */
  ensembleTemperature: number;
  /** How the training images were rendered, when the model records it. */
  rendering: RenderingInfo | null;
  /** Folder (or URL, or name) the model was loaded from. */
  modelDir: string;
  /**
   * Calibrated label probabilities, `images.length × labels.length`, row-major, for crystals drawn evenly from
   * the registry's space groups (`@sadp/ensemble`'s default prior): the label frequencies of the model's training
   * set are divided out when it records them (`ModelInfo.trainingLabels`). Each image's central square is
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
  /**
   * Pixels spanned by 1/a that each image was zoomed by for the network: as given, or estimated from its spots
   * (see {@link ClassifyOptions.scaleFromSpots}); `NaN` where the whole image was used as is.
   */
  cellPixels: Float64Array;
  /**
   * How well the lattice fitted to each image's spots fits any registry label: the largest `labelLikelihood`
   * (1 for a shape the registry knows, down to its floor of 0.02 for one it does not); 1 where no lattice fits
   * or with `geometry: false`. `@sadp/ensemble` reads it as `PatternContext.fit` for its out-of-scope test.
   */
  fits: Float64Array;
  /** The direct beam found in each image ([x, y] pixels), that the network's view was centred on; `null` if none. */
  centres: ([number, number] | null)[];
  /**
   * The 2D lattice fitted to each image's spots (beam, basis vectors, spots, registry label), `null` where none
   * fits or with `geometry: false`; what `indexPattern` indexes.
   */
  lattices: (ImageLattice | null)[];
  /**
   * Whether each image can carry information (see `checkImages`): blank, empty, pure-noise and repeated images
   * are `usable: false` with a reason, and must contribute nothing to a verdict (`usableEvidence`).
   */
  checks: ImageCheck[];
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
  /**
   * For images without `cellPixels`: when the lattice fitted to the spots is finer than any training image of its
   * label showed it (the pattern recorded at a shorter camera length, a wider field of view), estimate 1/a from
   * it (the fitted spacing over the label's spacing in units of 1/a, `LabelMember.spacing`) and zoom in as
   * `cellPixels` would. Needs `geometry`. Default `true`.
   */
  scaleFromSpots?: boolean;
  /**
   * Centre the network's view on the direct beam that the lattice fit finds (the centre of Friedel symmetry of
   * the spots) instead of the image centre, for patterns recorded off-centre. Needs `geometry`. Default `true`.
   */
  centreOnBeam?: boolean;
  /**
   * Also read each image through its inscribed disc (corners dark) and average the two views. A network trained
   * on images turned to any angle saw their corners dark at some angles and not at others; the two views together
   * read every orientation alike (held-out crystals turned by 0°, 45°, 90°: 96, 71, 96 % with the square alone).
   * Default `true`; models trained on disc-masked inputs (`input.mask: 'disc'`) read the disc alone.
   */
  discView?: boolean;
  /**
   * Read each view also turned by quarter turns (`4`) and mirrored (`8`), and average the probabilities: a
   * pattern's 2-D lattice label does not depend on its orientation or handedness, so the network's own
   * orientation preferences average out. Exact on the pixel grid; costs that many network passes (64 px, tfjs
   * wasm on 2 cores: about 1.5 ms a pass, so 8 views add about 11 ms an image). Default `8` (the previous default model on the foreign set: single-pattern top-1
   * 60.7 → 63.9 %, [001]/[011]/[111] 59.1 → 65.9 %).
   */
  symmetryViews?: 1 | 4 | 8;
}

/** The fitted |a| (pixels), or NaN. */
function spacingOf(fit: SpotLabelResult | null): number {
  return fit ? Math.hypot(fit.basis[0], fit.basis[1]) : Number.NaN;
}

/** Smallest, largest and geometric-mean spacing (units of 1/a) of each registry label's members. */
const labelSpacings = new Map(
  cubicRegistry.labels.map((l) => {
    const c = l.members.map((m) => m.spacing ?? Number.NaN);
    return [
      l.name,
      {
        min: Math.min(...c),
        max: Math.max(...c),
        mean: Math.exp(c.reduce((s, x) => s + Math.log(x), 0) / c.length),
      },
    ];
  }),
);

/** A fit counts as finer than the training scale below this fraction of its smallest training spacing. */
const FINER = 0.8;
/** A fit counts as coarser than the training scale above this multiple of its largest training spacing. */
const COARSER = 1.2;

/**
 * 1/a in image pixels estimated from a fit, when the fit shows the pattern at a finer scale than the training
 * images of its label had (|a| at the model input below the label's smallest spacing × the training 1/a range's
 * low end), or at a coarser one (above its largest spacing × the range's high end, the view is then zoomed out);
 * `undefined` when it is within the training scale or nothing is known.
 */
function cellPixelsFromSpots(
  fit: SpotLabelResult | null,
  image: GreyImage,
  inputSize: number,
  range: readonly [number, number],
): number | undefined {
  const c = fit?.label ? labelSpacings.get(fit.label) : undefined;
  if (!c || !(c.min > 0)) return undefined;
  const side = Math.min(image.width, image.height);
  const spacing = spacingOf(fit);
  const atInput = (spacing * inputSize) / side;
  if (atInput > c.max * range[1] * COARSER) return spacing / c.mean;
  // Zooming into an image not much larger than the input would only upsample it.
  if (side < 2 * inputSize) return undefined;
  return atInput < c.min * range[0] * FINER ? spacing / c.mean : undefined;
}

/**
 * Multiplies each row of `probabilities` by the geometric likelihood of its image (`likelihoods[i]`, registry
 * order; `null` where no lattice fits: row unchanged) and renormalises. `registryIndex[j]` is the cubic-registry
 * index of the classifier's label j, or -1 for a label missing from the registry (weight 1).
 */
function weighByGeometry(
  probabilities: Float32Array,
  likelihoods: readonly (ArrayLike<number> | null)[],
  registryIndex: readonly number[],
) {
  const n = registryIndex.length;
  likelihoods.forEach((likelihood, i) => {
    if (!likelihood) return;
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

/** Raises each row of `rows` (width `n`) to `power` and renormalises it, in place. */
function sharpen(rows: Float32Array, n: number, power: number): void {
  for (let at = 0; at < rows.length; at += n) {
    let sum = 0;
    for (let k = at; k < at + n; k++) sum += rows[k] = rows[k]! ** power;
    if (sum > 0) for (let k = at; k < at + n; k++) rows[k]! /= sum;
  }
}

/**
 * The direct beam of a fitted pattern, when it lies inside the image: the lattice's centre (Friedel symmetry of
 * the spots, see `latticeOfImage`).
 */
function beamOf(fit: SpotLabelResult | null, image: GreyImage): [number, number] | null {
  if (!fit) return null;
  const [x, y] = fit.center;
  return x >= 0 && y >= 0 && x <= image.width - 1 && y <= image.height - 1 ? [x, y] : null;
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

/** Refuses `cellPixels` a model without a recorded training scale cannot use, or of the wrong length. */
function checkScaleOptions(
  cellPixels: ClassifyOptions['cellPixels'],
  count: number,
  target: number | null,
  modelDir: string,
): void {
  if (cellPixels !== undefined && target === null) {
    throw new ClassifierError(
      `${modelDir}: the model does not record the scale of its training images`,
      'E_CLASSIFIER_INPUT',
      { file: modelDir },
    );
  }
  if (Array.isArray(cellPixels) && cellPixels.length !== count) {
    throw new RangeError(`${cellPixels.length} cellPixels values for ${count} images`);
  }
}

/** The scale of each image: `used` (given, else NaN) and the zoomed views the spots suggest (`estimated`). */
interface Scales {
  used: Float64Array;
  estimated: { image: number; cellPixels: number }[];
}

/** Each image's 1/a in pixels as given, or estimated from its spots where they are finer than training. */
function resolveScales(
  images: readonly GreyImage[],
  fits: readonly (SpotLabelResult | null)[],
  options: ClassifyOptions,
  rendering: RenderingInfo | null,
  inputSize: number,
): Scales {
  const { cellPixels } = options;
  const used = new Float64Array(images.length).fill(Number.NaN);
  const estimated: Scales['estimated'] = [];
  const estimate = options.geometry !== false && options.scaleFromSpots !== false && rendering?.cellPixels;
  for (let i = 0; i < images.length; i++) {
    const own = typeof cellPixels === 'number' ? cellPixels : cellPixels?.[i];
    if (own !== undefined && !(own > 0)) throw new RangeError(`cellPixels must be positive, got ${own}`);
    if (own !== undefined) used[i] = own;
    else if (estimate) {
      const guess = cellPixelsFromSpots(fits[i]!, images[i]!, inputSize, rendering!.cellPixels!);
      if (guess !== undefined) estimated.push({ image: i, cellPixels: guess });
    }
  }
  return { used, estimated };
}

/** The views a model reads: a disc-trained model the disc alone, a square-trained one both; the symmetries asked. */
function viewSettings(
  mask: InputMask,
  options: ClassifyOptions,
  inputSize: number,
  normalize: InputNormalization,
): ViewSettings {
  const turns = options.symmetryViews ?? 8;
  if (turns !== 1 && turns !== 4 && turns !== 8)
    throw new RangeError(`symmetryViews must be 1, 4 or 8, got ${String(turns)}`);
  return { inputSize, normalize, mask, disc: mask === 'none' && options.discView !== false, turns };
}

/**
 * The zoomed view (rows after the first `count`) replaces its image's row where it is the more confident one (a
 * wrong, too fine fit makes it the less), and its scale becomes the image's.
 */
function keepConfidentZoom(all: Float32Array, n: number, count: number, scales: Scales): void {
  scales.estimated.forEach(({ image, cellPixels: own }, k) => {
    const zoomed = all.subarray((count + k) * n, (count + k + 1) * n);
    const whole = all.subarray(image * n, (image + 1) * n);
    if (Math.max(...zoomed) > Math.max(...whole)) {
      whole.set(zoomed);
      scales.used[image] = own;
    }
  });
}

/**
 * Per output label, its probability for crystals drawn evenly from the registry's space groups, each group's zones
 * and variants weighed as the registry weighs them: `@sadp/ensemble`'s default prior, and what a pattern that shows
 * nothing implies. Labels outside the cubic registry get 0.
 */
export function evenGroupPrior(labels: readonly string[]): Float32Array {
  const model = compileRegistry(cubicRegistry);
  const G = model.groups.length;
  const L = model.labels.length;
  return Float32Array.from(labels, (name) => {
    const l = model.labels.indexOf(name);
    let even = 0;
    if (l >= 0) for (let g = 0; g < G; g++) even += model.labelGivenGroup[g * L + l]! / G;
    return even;
  });
}

/**
 * Per output label, {@link evenGroupPrior} over its frequency in the training set: the weights that turn a network's
 * probabilities (which carry its training frequencies) into probabilities for crystals drawn evenly from the
 * registry's groups. `null` when the model does not record its training labels; labels the training set or the
 * registry lacks get 1.
 */
export function labelShift(
  labels: readonly string[],
  trainingLabels: Readonly<Record<string, number>> | null,
): Float32Array | null {
  if (!trainingLabels) return null;
  const total = Object.values(trainingLabels).reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const even = evenGroupPrior(labels);
  return Float32Array.from(labels, (name, k) => {
    const trained = (trainingLabels[name] ?? 0) / total;
    return trained > 0 && even[k]! > 0 ? even[k]! / trained : 1;
  });
}

/** Multiplies each row of `rows` (width `weights.length`) by `weights` and renormalises it, in place. */
function reweigh(rows: Float32Array, weights: Float32Array): void {
  const n = weights.length;
  for (let at = 0; at < rows.length; at += n) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += rows[at + k]! *= weights[k]!;
    if (sum > 0) for (let k = 0; k < n; k++) rows[at + k]! /= sum;
  }
}

/**
 * Weight of a label whose lattice shape the image's spots do not have (`labelLikelihood`'s `shapeFloor`, 0.02 by
 * default there). Measured on the foreign set with the shipped model (quick runs, clean / 50 counts): 0.02 gives
 * single-pattern 63.5 / 47.6 %, [001]/[011]/[111] 68.2 / 47.7 %, 16 zones 90.9 / 79.5 %; 0.005 gives 64.1 / 47.7 %,
 * 70.5 / 50.0 %, 93.2 / 81.8 %; 0.1 loses 3 points single; 0.0005 loses calibration (ECE 0.053).
 */
const SHAPE_FLOOR = 0.005;

/** How well the best label fits: the largest likelihood (floored at 1e-3), 1 where nothing was fitted. */
function bestLikelihood(likelihood: Float64Array | readonly number[] | null): number {
  return likelihood ? Math.min(1, Math.max(1e-3, Math.max(...likelihood))) : 1;
}

/** Options of {@link createClassifier}. */
export interface CreateClassifierOptions {
  /** Folder, URL or name of the model, for messages and {@link PatternClassifier.modelDir}. Default `"model"`. */
  source?: string;
}

/**
 * A classifier from an already loaded network and its metadata (as `sadp train` wrote it, see
 * {@link readModelMetadata}). Browser-safe: a page loads the model with tfjs (`loadLayersModel(url)`, the
 * metadata is `model.getUserDefinedMetadata().sadp`) and passes both here.
 *
 * @example
 * const { model, metadata } = await loadResNetFrom('/model/model.json'); // @sadp/resnet/browser
 * const classifier = createClassifier(model, metadata);
 * const probabilities = classifier.classify([{ width, height, data }]); // grey values in 0..1
 */
export function createClassifier(
  model: ClassifierModel,
  metadata: ResNetMetadata,
  options: CreateClassifierOptions = {},
): PatternClassifier {
  const modelDir = options.source ?? 'model';
  const info = readModelMetadata(metadata, modelDir);
  const { labels, temperature, rendering, confidenceTau, ensembleTemperature } = info;
  const shift = labelShift(labels, info.trainingLabels);
  const inputSize = model.inputs[0]!.shape[1] as number;
  // models before the 'spots' scaling recorded 'max' (or nothing, and were trained on max-scaled inputs)
  const normalize = info.normalize ?? 'max';
  const registryIndex = labels.map((name) => cubicRegistry.labels.findIndex((e) => e.name === name));
  const target = trainingCellPixels(rendering);
  // everything but the image checks, which only `analyse` reports (`classify` returns probabilities alone)
  const measure = (
    images: readonly GreyImage[],
    options: ClassifyOptions = {},
  ): Omit<PatternAnalysis, 'checks'> => {
    checkScaleOptions(options.cellPixels, images.length, target, modelDir);
    const geometry = options.geometry !== false;
    const fits = geometry ? images.map((image) => latticeOfImage(image)) : [];
    const scales = resolveScales(images, fits, options, rendering, inputSize);
    const centres = images.map((image, i) =>
      geometry && options.centreOnBeam !== false ? beamOf(fits[i] ?? null, image) : null,
    );
    // 1/a spans `own` image pixels; the model saw it at `target` of its `inputSize` pixels
    const row = (i: number, own: number): ViewRow => ({
      image: images[i]!,
      side: Number.isNaN(own) ? undefined : (own * inputSize) / target!,
      centre: centres[i] ?? null,
    });
    const rows = [
      ...images.map((_, i) => row(i, scales.used[i]!)),
      ...scales.estimated.map((e) => row(e.image, e.cellPixels)),
    ];
    const settings = viewSettings(info.mask, options, inputSize, normalize);
    const n = labels.length;
    const views = viewsPerRow(settings);
    const all = averageViews(
      predict(model, viewBatch(rows, settings), { temperature }),
      rows.length,
      n,
      views,
    );
    if (shift) reweigh(all, shift);
    const likelihoods = fits.map((fit) =>
      fit ? labelLikelihood(fit, cubicRegistry, { shapeFloor: SHAPE_FLOOR }) : null,
    );
    if (geometry) {
      const rowLikelihoods = [...likelihoods, ...scales.estimated.map((e) => likelihoods[e.image]!)];
      weighByGeometry(all, rowLikelihoods, registryIndex);
    }
    keepConfidentZoom(all, n, images.length, scales);
    const probabilities = all.slice(0, images.length * n);
    if (confidenceTau !== 1) sharpen(probabilities, n, 1 / confidenceTau);
    return {
      probabilities,
      spacings: Float64Array.from(images, (_, i) => spacingOf(fits[i] ?? null)),
      cellPixels: scales.used,
      fits: Float64Array.from(likelihoods, bestLikelihood),
      centres,
      lattices: images.map((_, i) => fits[i] ?? null),
    };
  };
  return {
    labels,
    inputSize,
    temperature,
    confidenceTau,
    ensembleTemperature,
    rendering,
    modelDir,
    classify: (images, options) => measure(images, options).probabilities,
    analyse: (images, options) => ({ ...measure(images, options), checks: checkImages(images) }),
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
