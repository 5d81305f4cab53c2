import { isSadpError, SadpError } from '@sadp/errors';

/** Codes of the expected failures of `@sadp/diffraction-sim`. */
export type DiffractionSimErrorCode =
  | 'E_SIM_NO_SCATTERING_FACTOR'
  | 'E_SIM_BAD_STRUCTURE'
  | 'E_SIM_BAD_ZONE'
  | 'E_SIM_WORKER'
  | 'E_SIM_LIMIT';

/**
 * An expected failure of the simulator (unknown element, degenerate cell, zero zone axis, worker crash).
 * Plain bad arguments (negative sizes, NaN voltages) throw `RangeError`/`TypeError` instead.
 */
export class DiffractionSimError extends SadpError {
  override name = 'DiffractionSimError';
  /** Machine-readable code, e.g. `"E_SIM_NO_SCATTERING_FACTOR"`. */
  declare readonly code: DiffractionSimErrorCode;
  /** Atomic number involved, when the error is about an element. */
  readonly atomicNumber?: number;

  constructor(
    code: DiffractionSimErrorCode,
    message: string,
    options: { cause?: unknown; atomicNumber?: number; file?: string } = {},
  ) {
    super(code, message, options);
    if (options.atomicNumber !== undefined) this.atomicNumber = options.atomicNumber;
  }
}

/** True for a {@link DiffractionSimError}, also across realms/bundles (matched by name and code). */
export function isDiffractionSimError(value: unknown): value is DiffractionSimError {
  return isSadpError(value) && value.name === 'DiffractionSimError';
}
