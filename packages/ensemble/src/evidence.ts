/**
 * Reading {@link PatternEvidence} into a normalised label distribution and a zone index.
 *
 * @packageDocumentation
 */
import { EnsembleError } from './errors';
import type { RegistryModel } from './registry-model';
import type { LabelProbabilities, PatternEvidence } from './types';
import { findZone } from './zone-match';

/** One pattern's evidence in array form. */
export interface ReadEvidence {
  /** P(label | image) over the registry's labels, summing to 1. */
  q: Float64Array;
  /** Index into `model.zones`, or -1 when the zone is unknown. */
  zone: number;
  /** ln of the pattern's spot spacing, or NaN when not given. */
  logSpacing: number;
  /** `PatternContext.fit`, 1 when not given. */
  fit: number;
}

function isArrayLike(value: LabelProbabilities): value is Readonly<ArrayLike<number>> {
  return typeof (value as { length?: unknown }).length === 'number';
}

/**
 * A {@link LabelProbabilities} value as a normalised `Float64Array` over the registry's labels.
 *
 * @param what - Names the value in error messages.
 * @throws RangeError for a wrong length, a negative or non-finite value, or an all-zero vector;
 *   {@link EnsembleError} `E_ENSEMBLE_UNKNOWN_LABEL` for a record key that is not a label name.
 */
export function readLabelProbabilities(
  value: LabelProbabilities,
  model: RegistryModel,
  what: string,
  pattern?: number,
): Float64Array {
  const L = model.labels.length;
  const q = new Float64Array(L);
  if (value === null || typeof value !== 'object')
    throw new TypeError(`${what} must be an array or a record`);
  if (isArrayLike(value)) {
    if (value.length !== L) {
      throw new RangeError(`${what} has ${value.length} entries, the registry has ${L} labels`);
    }
    for (let l = 0; l < L; l++) q[l] = value[l]!;
  } else {
    for (const [name, p] of Object.entries(value)) {
      const l = model.labelIndex.get(name);
      if (l === undefined) {
        throw new EnsembleError(
          'E_ENSEMBLE_UNKNOWN_LABEL',
          `${what}: unknown label ${JSON.stringify(name)}`,
          {
            label: name,
            ...(pattern === undefined ? {} : { pattern }),
          },
        );
      }
      q[l] = p;
    }
  }
  let sum = 0;
  for (let l = 0; l < L; l++) {
    const p = q[l]!;
    if (!Number.isFinite(p) || p < 0)
      throw new RangeError(`${what}: probability ${p} is not a finite value ≥ 0`);
    sum += p;
  }
  if (!(sum > 0)) throw new RangeError(`${what}: probabilities are all zero`);
  for (let l = 0; l < L; l++) q[l]! /= sum;
  return q;
}

/**
 * Read one pattern.
 *
 * @throws TypeError when the pattern has neither or both of `label` and `probabilities`;
 *   {@link EnsembleError} `E_ENSEMBLE_UNKNOWN_LABEL` / `E_ENSEMBLE_UNKNOWN_ZONE`; RangeError as in
 *   {@link readLabelProbabilities}, or for a spacing that is not a positive number.
 */
export function readEvidence(pattern: PatternEvidence, model: RegistryModel, index: number): ReadEvidence {
  if (pattern === null || typeof pattern !== 'object')
    throw new TypeError(`pattern ${index} is not an object`);
  const hasLabel = pattern.label !== undefined;
  const hasProbabilities = pattern.probabilities !== undefined;
  if (hasLabel === hasProbabilities) {
    throw new TypeError(`pattern ${index} must give exactly one of \`label\` and \`probabilities\``);
  }
  let q: Float64Array;
  if (hasLabel) {
    const l = model.labelIndex.get(pattern.label!);
    if (l === undefined) {
      throw new EnsembleError('E_ENSEMBLE_UNKNOWN_LABEL', `unknown label ${JSON.stringify(pattern.label)}`, {
        pattern: index,
        label: String(pattern.label),
      });
    }
    q = new Float64Array(model.labels.length);
    q[l] = 1;
  } else {
    q = readLabelProbabilities(pattern.probabilities!, model, `pattern ${index} probabilities`, index);
  }
  let zone = -1;
  if (pattern.zone !== undefined) {
    zone = findZone(pattern.zone, model.zones, model.equivalence);
    if (zone < 0) {
      throw new EnsembleError(
        'E_ENSEMBLE_UNKNOWN_ZONE',
        `zone axis ${JSON.stringify(pattern.zone)} is not among the registry's zones`,
        { pattern: index },
      );
    }
  }
  let logSpacing = Number.NaN;
  if (pattern.spacing !== undefined) {
    const spacing = pattern.spacing;
    if (!(typeof spacing === 'number' && Number.isFinite(spacing) && spacing > 0)) {
      throw new RangeError(`pattern ${index}: spacing must be a positive number, got ${String(spacing)}`);
    }
    logSpacing = Math.log(spacing);
  }
  let fit = 1;
  if (pattern.fit !== undefined) {
    fit = pattern.fit;
    if (!(typeof fit === 'number' && fit > 0 && fit <= 1)) {
      throw new RangeError(`pattern ${index}: fit must be a number in (0, 1], got ${String(fit)}`);
    }
  }
  return { q, zone, logSpacing, fit };
}
