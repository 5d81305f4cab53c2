/**
 * The model folder contract: what `sadp train` records in a model's metadata (`model.json`, `sadp` user
 * metadata) and how readers interpret it, versioned by `format`. Browser-safe.
 *
 * @packageDocumentation
 */
import type { InputMask, InputNormalization, ResNetMetadata } from '@sadp/resnet/browser';
import { ClassifierError } from './errors';

/** Version of the model metadata written by {@link modelMetadata}; readers accept this and older. */
export const MODEL_FORMAT = 1;

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

/** What a trainer records about a model (the writer's input, {@link modelMetadata}). */
export interface ModelRecord {
  /** Class names, index = output unit. */
  labels: readonly string[];
  /** How the training images were rendered, when known. */
  rendering: RenderingInfo | null;
  /** How each input image was scaled before the network saw it. */
  input: { normalize: InputNormalization; mask?: InputMask };
  /** Softmax temperature fitted on validation data, once known. */
  temperature?: number;
  /** Images per label in the training split (see {@link ModelInfo.trainingLabels}). */
  trainingLabels?: Record<string, number>;
  /** Anything else worth keeping (architecture, preset, dataset, history, initialisedFrom, …). */
  [key: string]: unknown;
}

/** A model's metadata as read by {@link readModelMetadata}, with the defaults of older formats filled in. */
export interface ModelInfo {
  /** Format the metadata was written in: {@link MODEL_FORMAT}, or 0 for models saved before it was recorded. */
  format: number;
  /** Class names, index = output unit. */
  labels: readonly string[];
  /** Softmax temperature (1 when none was fitted). */
  temperature: number;
  /** How the training images were rendered, or `null`. */
  rendering: RenderingInfo | null;
  /**
   * How the training inputs were scaled, or `null` when the model does not say (format 0 models trained before
   * the `spots` scaling: their images were max-scaled by `toModelInput` and read unscaled from folders).
   */
  normalize: InputNormalization | null;
  /** Which input pixels the network saw (`'none'` for models that do not say). */
  mask: InputMask;
  /** Exponent τ applied to the final probabilities (`confidence.tau`; 1 when none was fitted). */
  confidenceTau: number;
  /**
   * `@sadp/ensemble` `temperature` for this model's evidence (`confidence.ensembleTemperature`; 1 when none was
   * fitted): above 1 when patterns of one crystal are less independent than a product of likelihoods assumes.
   */
  ensembleTemperature: number;
  /**
   * Images per label in the training split, or `null` when the model does not say. A network's probabilities carry
   * the label frequencies it was trained on: a dataset that renders three 227 variants for every other group's one
   * favours 227 labels threefold. `@sadp/classifier` divides them out (see `PatternClassifier.classify`).
   */
  trainingLabels: Readonly<Record<string, number>> | null;
}

/** The one writer of model metadata: `record` stamped with the current {@link MODEL_FORMAT}. */
export function modelMetadata(record: ModelRecord): ResNetMetadata & ModelRecord & { format: number } {
  return { format: MODEL_FORMAT, ...record };
}

/**
 * The one reader of model metadata (`@sadp/resnet` `loadResNet(dir).metadata`, or the `sadp` user metadata of a
 * `model.json` fetched by a page). `source` names the model in errors. Throws a {@link ClassifierError}
 * (`E_CLASSIFIER_MODEL`) for a format newer than {@link MODEL_FORMAT}.
 */
export function readModelMetadata(metadata: ResNetMetadata, source = 'model'): ModelInfo {
  const format = typeof metadata.format === 'number' ? metadata.format : 0;
  if (format > MODEL_FORMAT) {
    throw new ClassifierError(
      `${source}: model format ${format} is newer than this @sadp/classifier reads (${MODEL_FORMAT}); update it`,
      'E_CLASSIFIER_MODEL',
      { file: source },
    );
  }
  const input = metadata.input as { normalize?: InputNormalization; mask?: InputMask } | undefined;
  const confidence = metadata.confidence as { tau?: number; ensembleTemperature?: number } | undefined;
  return {
    format,
    labels: metadata.labels ?? [],
    temperature: metadata.temperature ?? 1,
    rendering: (metadata.rendering as RenderingInfo | undefined) ?? null,
    normalize: input?.normalize ?? null,
    mask: input?.mask ?? 'none',
    confidenceTau: confidence?.tau ?? 1,
    ensembleTemperature: confidence?.ensembleTemperature ?? 1,
    trainingLabels: readCounts(metadata.trainingLabels),
  };
}

/** A record of non-negative finite counts, or `null` for anything else (older models, hand-edited metadata). */
function readCounts(value: unknown): Record<string, number> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  const valid = entries.every(([, n]) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
  return valid && entries.length > 0 ? Object.fromEntries(entries as [string, number][]) : null;
}
