/**
 * Error type of `@sadp/resnet`.
 *
 * @packageDocumentation
 */

import { isSadpError, SadpError } from '@sadp/errors';

/**
 * Codes of the errors {@link ResNetError} carries. Every code starts with `E_RESNET_`.
 *
 * - `E_RESNET_BACKEND`: no usable tfjs backend, or the one asked for cannot be loaded.
 * - `E_RESNET_DATA`: a data source delivered images or labels that do not fit the model.
 * - `E_RESNET_IO`: a model or checkpoint could not be read or written.
 * - `E_RESNET_CHECKPOINT`: a checkpoint does not match the model or training run being resumed.
 * - `E_RESNET_CORRUPT`: saved weights that do not match their recorded SHA-256, or that hold NaN or ±Inf.
 */
export type ResNetErrorCode =
  | 'E_RESNET_BACKEND'
  | 'E_RESNET_DATA'
  | 'E_RESNET_IO'
  | 'E_RESNET_CHECKPOINT'
  | 'E_RESNET_CORRUPT';

/** Options of the {@link ResNetError} constructor. */
export interface ResNetErrorOptions {
  /** File or directory involved, when there is one. */
  file?: string;
  /** Backend involved, when there is one. */
  backend?: string;
  /** Underlying error. */
  cause?: unknown;
}

/** The error `@sadp/resnet` throws for expected failures (missing backend, bad data, unreadable model). */
export class ResNetError extends SadpError {
  override name = 'ResNetError';
  /** Machine-readable error code, see {@link ResNetErrorCode}. */
  declare readonly code: ResNetErrorCode;
  /** Backend involved, when there is one. */
  readonly backend: string | undefined;

  constructor(code: ResNetErrorCode, message: string, options: ResNetErrorOptions = {}) {
    super(code, message, options);
    this.backend = options.backend;
  }
}

/** True if `value` is a {@link ResNetError} (also matches by name, across copies of this package). */
export function isResNetError(value: unknown): value is ResNetError {
  return isSadpError(value) && value.name === 'ResNetError';
}
