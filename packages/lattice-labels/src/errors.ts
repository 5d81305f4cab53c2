/**
 * Error type of `@sadp/lattice-labels`.
 *
 * @packageDocumentation
 */

import { isSadpError, SadpError } from '@sadp/errors';

/**
 * Codes of {@link LatticeLabelError}:
 * - `E_LABEL_ZONE`: the zone axis is zero or not integer.
 * - `E_LABEL_CELL`: the cell is degenerate (zero or negative volume).
 * - `E_LABEL_NO_LATTICE`: too few reflections or spots to define a 2D lattice.
 * - `E_LABEL_FIT`: the spot positions do not fit any 2D lattice within the tolerance.
 * - `E_LABEL_IMAGE`: an image's data does not match its width and height.
 */
export type LatticeLabelErrorCode =
  | 'E_LABEL_ZONE'
  | 'E_LABEL_CELL'
  | 'E_LABEL_NO_LATTICE'
  | 'E_LABEL_FIT'
  | 'E_LABEL_IMAGE';

/** An expected failure while labelling a pattern. Plain bad arguments throw `RangeError`/`TypeError`. */
export class LatticeLabelError extends SadpError {
  override name = 'LatticeLabelError';
  /** Machine-readable code, see {@link LatticeLabelErrorCode}. */
  declare readonly code: LatticeLabelErrorCode;

  constructor(code: LatticeLabelErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** `true` for a {@link LatticeLabelError}, also across realms or duplicated package copies. */
export function isLatticeLabelError(value: unknown): value is LatticeLabelError {
  return isSadpError(value) && value.name === 'LatticeLabelError';
}
