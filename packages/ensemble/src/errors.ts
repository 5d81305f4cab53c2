/**
 * Error type of `@sadp/ensemble`.
 *
 * @packageDocumentation
 */

import { isSadpError, SadpError } from '@sadp/errors';

/**
 * Codes of the errors {@link EnsembleError} carries. Every code starts with `E_ENSEMBLE_`.
 *
 * - `E_ENSEMBLE_REGISTRY`: the label registry is malformed (duplicate label, a member whose space group or
 *   zone axis the registry does not list, unsupported `version`).
 * - `E_ENSEMBLE_UNKNOWN_LABEL`: a pattern names a label the registry does not have.
 * - `E_ENSEMBLE_UNKNOWN_ZONE`: a pattern (or an `exclude` entry) gives a zone axis that matches none of the
 *   registry's zones, even after symmetry-equivalent permutations.
 * - `E_ENSEMBLE_CONTRADICTION`: in `bayes` mode with `floor: 0`, the patterns leave no space group with a
 *   non-zero probability (raise the floor to tolerate a wrong pattern).
 */
export type EnsembleErrorCode =
  | 'E_ENSEMBLE_REGISTRY'
  | 'E_ENSEMBLE_UNKNOWN_LABEL'
  | 'E_ENSEMBLE_UNKNOWN_ZONE'
  | 'E_ENSEMBLE_CONTRADICTION';

/** Options of the {@link EnsembleError} constructor. */
export interface EnsembleErrorOptions {
  /** 0-based index of the pattern the problem belongs to, when there is one. */
  pattern?: number;
  /** Label name involved, when there is one. */
  label?: string;
  /** Underlying error. */
  cause?: unknown;
}

/** The error `@sadp/ensemble` throws for input it understands but cannot use. */
export class EnsembleError extends SadpError {
  override name = 'EnsembleError';
  /** Machine-readable error code, see {@link EnsembleErrorCode}. */
  declare readonly code: EnsembleErrorCode;
  /** 0-based index of the offending pattern, or `undefined`. */
  readonly pattern: number | undefined;
  /** Offending label name, or `undefined`. */
  readonly label: string | undefined;

  constructor(code: EnsembleErrorCode, message: string, options: EnsembleErrorOptions = {}) {
    super(code, options.pattern === undefined ? message : `pattern ${options.pattern}: ${message}`, options);
    this.pattern = options.pattern;
    this.label = options.label;
  }
}

/** `true` for an {@link EnsembleError}, also across realms or duplicated package copies (matched by name and code). */
export function isEnsembleError(value: unknown): value is EnsembleError {
  return isSadpError(value) && value.name === 'EnsembleError';
}
