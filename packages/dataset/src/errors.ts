import { SadpError } from '@sadp/errors';

/** Expected error codes of `@sadp/dataset`. */
export type DatasetErrorCode =
  | 'E_DATASET_NO_INPUT'
  | 'E_DATASET_OUTPUT_EXISTS'
  | 'E_DATASET_RESUME_MISMATCH'
  | 'E_DATASET_WORKER'
  | 'E_DATASET_SYNTHETIC';

/**
 * An expected failure of dataset generation (bad inputs, an output folder in the way, a resume whose
 * options differ from the interrupted run). Per-CIF and per-image failures are not thrown: they are
 * reported as warnings in the summary.
 */
export class DatasetError extends SadpError {
  override name = 'DatasetError';
  /** Machine-readable reason, e.g. `"E_DATASET_RESUME_MISMATCH"`. */
  declare readonly code: DatasetErrorCode;

  constructor(code: DatasetErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
