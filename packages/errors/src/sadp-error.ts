/**
 * The base error of every `@sadp/*` package (in the manner of `@changesets/errors`).
 *
 * @packageDocumentation
 */

/** Marks sadp errors across realms and duplicated copies of this package (`Symbol.for` is shared by both). */
const BRAND = Symbol.for('sadp.error');

/** Options of the {@link SadpError} constructor. */
export interface SadpErrorOptions {
  /** File or folder the error is about, when there is one. */
  file?: string;
  /** 1-based line in `file`, when there is one. */
  line?: number;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * An expected failure (bad input, missing file, unusable data) of a sadp package: a string `code` such as
 * `"E_SIM_BAD_ZONE"` (every code starts with `E_` and the package's prefix), and where it happened when known.
 * Each package subclasses it (`DiffractionSimError`, `ResNetError`, …) with its own `name`, codes and fields.
 * Plain bad arguments throw the built-in `RangeError`/`TypeError` instead.
 */
export class SadpError extends Error {
  override name = 'SadpError';
  /** Machine-readable code, e.g. `"E_RESNET_IO"`. */
  readonly code: string;
  /** File or folder the error is about, when known. */
  readonly file: string | undefined;
  /** 1-based line in {@link SadpError.file}, when known. */
  readonly line: number | undefined;
  /** Brand for {@link isSadpError}. */
  readonly [BRAND] = true;

  constructor(code: string, message: string, options: SadpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.line = options.line;
  }
}

/**
 * `true` for a {@link SadpError} of any sadp package, also from another realm or another copy of this package;
 * with `code`, only for that code.
 *
 * @example
 * try { simulate(structure, { zone: [0, 0, 0] }) } catch (e) { if (isSadpError(e, 'E_SIM_BAD_ZONE')) … }
 */
export function isSadpError(value: unknown, code?: string): value is SadpError {
  const branded =
    value instanceof SadpError ||
    (value instanceof Error && (value as Error & { [BRAND]?: unknown })[BRAND] === true);
  return branded && (code === undefined || (value as SadpError).code === code);
}

/** The message of a thrown value: an `Error`'s `message`, anything else as a string (`throw 'x'` gives `"x"`). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A few words for why a file could not be read, from a Node file-system error: `"no such file"`,
 * `"is a directory"`, else the error's message. For one-line messages such as `` `${file}: ${reason}` ``.
 */
export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  return errorMessage(error);
}
