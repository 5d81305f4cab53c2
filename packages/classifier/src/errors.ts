import { isSadpError, SadpError } from '@sadp/errors';

/** Machine-readable codes of {@link ClassifierError}. */
export type ClassifierErrorCode =
  /** A missing or unreadable input (model folder, image file) or an option the model cannot honour. */
  | 'E_CLASSIFIER_INPUT'
  /** Bytes that are not a readable PNG, JPEG, TIFF or `.npy` image. */
  | 'E_CLASSIFIER_IMAGE'
  /** A model folder written in a newer format than this version reads. */
  | 'E_CLASSIFIER_MODEL'
  /** An image larger than the pixel limit (`maxPixels`), found from its header before decoding. */
  | 'E_CLASSIFIER_LIMIT';

/** Options of {@link ClassifierError}. */
export interface ClassifierErrorOptions {
  /** File or folder the error is about, when there is one. */
  file?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * An expected failure of the classifier (missing model, unreadable image, …). Its message is one line that
 * names the file; `code` tells the kinds apart.
 */
export class ClassifierError extends SadpError {
  override name = 'ClassifierError';
  /** Machine-readable code, see {@link ClassifierErrorCode}. */
  declare readonly code: ClassifierErrorCode;

  constructor(message: string, code: ClassifierErrorCode, options: ClassifierErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True for a {@link ClassifierError} (also one from another copy of the package, matched by name), optionally of one code. */
export function isClassifierError(error: unknown, code?: ClassifierErrorCode): error is ClassifierError {
  return isSadpError(error, code) && error.name === 'ClassifierError';
}
