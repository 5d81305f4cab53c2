/**
 * Error and warning types of `@sadp/cif`.
 *
 * @packageDocumentation
 */

import { SadpError } from '@sadp/errors';

/**
 * Codes of the errors {@link CifError} carries. Every code starts with `E_CIF_`.
 *
 * - `E_CIF_SYNTAX`: the text breaks the CIF grammar (in strict mode also: what CIF 1.1 forbids).
 * - `E_CIF_ENCODING`: bytes that are not valid UTF-8, or characters CIF does not allow.
 * - `E_CIF_UNSUPPORTED`: a construct this reader does not handle (e.g. CIF 2.0 with `cif2: 'reject'`).
 * - `E_CIF_DUPLICATE`: a data name or block name given twice (strict mode).
 * - `E_CIF_LIMIT`: the input exceeds a safety limit (nesting depth, size).
 * - `E_CIF_SYMMETRY`: symmetry that cannot be resolved (bad operator, unknown symbol, inconsistent group).
 * - `E_CIF_STRUCTURE`: a data block lacks what a structure needs (cell, coordinates, element).
 * - `E_CIF_SPACE_GROUP`: an unknown space-group number, symbol or setting passed to `spaceGroup()`.
 */
export type CifErrorCode =
  | 'E_CIF_SYNTAX'
  | 'E_CIF_ENCODING'
  | 'E_CIF_UNSUPPORTED'
  | 'E_CIF_DUPLICATE'
  | 'E_CIF_LIMIT'
  | 'E_CIF_SYMMETRY'
  | 'E_CIF_STRUCTURE'
  | 'E_CIF_SPACE_GROUP';

/** Where in a file something happened: 1-based line and column (column counts UTF-16 code units). */
export interface CifLocation {
  /** File name as passed in `options.file`, when given. */
  file?: string;
  /** 1-based line number; 0 when the problem has no single position. */
  line: number;
  /** 1-based column; 0 when the problem has no single position. */
  column: number;
}

/** Options of the {@link CifError} constructor. */
export interface CifErrorOptions extends Partial<CifLocation> {
  /** Data block the problem belongs to, when known. */
  block?: string;
  /** Underlying error. */
  cause?: unknown;
}

/**
 * The one error type `@sadp/cif` throws for bad input: a `@sadp/errors` `SadpError` (so `isSadpError` matches
 * it) whose `message` starts with `file:line:column:` when a position is known.
 */
export class CifError extends SadpError {
  override name = 'CifError';
  /** Machine-readable error code, see {@link CifErrorCode}. */
  declare readonly code: CifErrorCode;
  /** 1-based line number, 0 when unknown. */
  declare readonly line: number;
  /** 1-based column number, 0 when unknown. */
  readonly column: number;
  /** Data block name, when known. */
  readonly block: string | undefined;
  /** The message without the position prefix. */
  readonly reason: string;

  constructor(code: CifErrorCode, reason: string, options: CifErrorOptions = {}) {
    super(code, formatMessage(reason, options), {
      file: options.file,
      line: options.line ?? 0,
      cause: options.cause,
    });
    this.reason = reason;
    this.column = options.column ?? 0;
    this.block = options.block;
  }
}

function formatMessage(reason: string, where: CifErrorOptions): string {
  const file = where.file ?? '<input>';
  if (where.line) return `${file}:${where.line}:${where.column ?? 0}: ${reason}`;
  if (where.block !== undefined) return `${file} [data_${where.block}]: ${reason}`;
  return where.file === undefined ? reason : `${file}: ${reason}`;
}

/** `true` for a {@link CifError}, also across realms or duplicated package copies (matched by name and code). */
export function isCifError(value: unknown): value is CifError {
  return (
    value instanceof CifError ||
    (value instanceof Error &&
      value.name === 'CifError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * A non-fatal problem: a lenient-mode syntax deviation, or a guess made while resolving a structure
 * (e.g. which origin choice). Codes start with `W_CIF_`.
 */
export interface CifWarning extends CifLocation {
  /** Machine-readable warning code, e.g. `"W_CIF_DUPLICATE_TAG"`, `"W_CIF_ORIGIN_CHOICE"`. */
  code: string;
  /** Human-readable description. */
  message: string;
  /** Data block, when the warning belongs to one. */
  block?: string;
}
