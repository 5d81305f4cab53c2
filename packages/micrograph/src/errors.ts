/**
 * Error type of `@sadp/micrograph`.
 *
 * @packageDocumentation
 */

/**
 * Codes of the errors {@link MicrographError} carries. Every code starts with `E_MICROGRAPH_`.
 *
 * - `E_MICROGRAPH_FORMAT`: the bytes are not a file of the expected (or any supported) format: wrong magic
 *   number, unknown version, no image in the tag tree.
 * - `E_MICROGRAPH_TRUNCATED`: the file ends before a header field or the pixel data it announces.
 * - `E_MICROGRAPH_DIMENSIONS`: the header announces dimensions that are zero, negative or larger than the file
 *   can hold (checked before anything is allocated).
 * - `E_MICROGRAPH_UNSUPPORTED`: a valid file using a feature this package does not read (complex or RGB
 *   pixels, an unknown pixel mode).
 */
export type MicrographErrorCode =
  | 'E_MICROGRAPH_FORMAT'
  | 'E_MICROGRAPH_TRUNCATED'
  | 'E_MICROGRAPH_DIMENSIONS'
  | 'E_MICROGRAPH_UNSUPPORTED';

/** Options of the {@link MicrographError} constructor. */
export interface MicrographErrorOptions {
  /** File name the problem belongs to. */
  file?: string;
  /** Format being read (`"mrc"`, `"dm3"`, ...). */
  format?: string;
  /** Underlying error. */
  cause?: unknown;
}

/** The error `@sadp/micrograph` throws for bytes it cannot read as a micrograph. */
export class MicrographError extends Error {
  override name = 'MicrographError';
  /** Machine-readable error code, see {@link MicrographErrorCode}. */
  readonly code: MicrographErrorCode;
  /** File name given to the reader, or `undefined`. */
  readonly file: string | undefined;
  /** Format being read, or `undefined` when it could not be detected. */
  readonly format: string | undefined;

  constructor(code: MicrographErrorCode, message: string, options: MicrographErrorOptions = {}) {
    const where = [options.file, options.format?.toUpperCase()].filter(Boolean).join(' ');
    super(
      where ? `${where}: ${message}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.file = options.file;
    this.format = options.format;
  }
}

/** `true` for a {@link MicrographError}, also across realms or duplicated package copies (matched by name and code). */
export function isMicrographError(value: unknown): value is MicrographError {
  if (value instanceof MicrographError) return true;
  if (!(value instanceof Error) || value.name !== 'MicrographError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('E_MICROGRAPH_');
}
