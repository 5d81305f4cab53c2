/**
 * `parseCif`: CIF text or bytes → a {@link CifDocument} (CIF 1.1 in full, CIF 2.0 lists, tables and triple
 * quotes). The work is done by {@link DocumentBuilder} (builder.ts) on top of the tokenizer (lexer.ts).
 *
 * @packageDocumentation
 */

import { DocumentBuilder } from './builder';
import { decodeCifBytes } from './decode';
import type { CifDocument } from './document';
import { CifError, type CifWarning } from './errors';
import { isSpace } from './lexer';

export { decodeCifBytes } from './decode';
export { unfoldTextField } from './lexer';

/** Options of {@link parseCif}. */
export interface ParseCifOptions {
  /** File name used in errors, warnings and provenance. */
  file?: string;
  /**
   * `'strict'` rejects everything the CIF grammar rejects (for CIF 1.1 also: characters outside printable
   * ASCII/TAB/CR/LF, lines over 2048 characters, data names or block names over 75 characters, duplicate
   * data names or block names, a byte-order mark). `'lenient'` (default) accepts these common real-world
   * deviations and reports each as a warning; it also recovers from quotes that are not closed on their line.
   */
  mode?: 'strict' | 'lenient';
  /** What to do with a CIF 2.0 file (magic line `#\#CIF_2.0`): parse it (default) or throw `E_CIF_UNSUPPORTED`. */
  cif2?: 'parse' | 'reject';
  /** Called for every warning as it is found (warnings are also collected in `document.warnings`). */
  onWarning?: (warning: CifWarning) => void;
  /** Maximum nesting depth of CIF 2.0 lists and tables (default 10000); deeper input throws `E_CIF_LIMIT`. */
  maxDepth?: number;
  /**
   * Maximum rows of an `_atom_site_` loop (default `limits.maxAtoms`, 100000), counted while parsing: the
   * first row over the limit throws `E_CIF_LIMIT` with its file and line, so memory stays bounded.
   */
  maxAtoms?: number;
}

/**
 * Parses CIF text (or UTF-8 bytes) into blocks, save frames, items and loops.
 *
 * CIF 1.1 is parsed in full. A file starting with the magic line `#\#CIF_2.0` is parsed as CIF 2.0
 * (lists, tables, triple-quoted strings, text-field prefix and line-folding protocols, see
 * {@link unfoldTextField}) unless `options.cif2` is `'reject'`, which throws `E_CIF_UNSUPPORTED`. CIF 1.1
 * text fields are returned as written (the optional 1.1 folding convention is not applied).
 *
 * @throws {@link CifError} `E_CIF_SYNTAX`, `E_CIF_ENCODING`, `E_CIF_DUPLICATE`, `E_CIF_UNSUPPORTED`,
 *   `E_CIF_LIMIT` with file, line and column.
 * @example
 * ```ts
 * const doc = parseCif('data_x\n_cell_length_a 5.43(1)\n', { mode: 'strict' });
 * doc.blocks[0].items.get('_cell_length_a')?.values[0]; // '5.43(1)'
 * ```
 */
export function parseCif(input: string | Uint8Array, options: ParseCifOptions = {}): CifDocument {
  let encodingProblem: CifError | undefined;
  if (typeof input !== 'string') {
    if (!(input instanceof Uint8Array))
      throw new TypeError('parseCif: input must be a string or a Uint8Array');
    const bytes = input;
    try {
      input = decodeCifBytes(bytes, options.file);
    } catch (error) {
      // lenient: bytes that are not UTF-8 are read as Windows-1252 (common in old CIFs), with a warning
      if (options.mode === 'strict' || !(error instanceof CifError)) throw error;
      encodingProblem = error;
      input = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  const p = new DocumentBuilder(input, options);
  if (encodingProblem) {
    p.deviation(
      'E_CIF_ENCODING',
      'W_CIF_ENCODING',
      `${encodingProblem.reason}; the file was read as Windows-1252`,
      encodingProblem.line,
      encodingProblem.column,
    );
  }
  const t = input;
  let start = 0;
  const hasBom = t.charCodeAt(0) === 0xfeff;
  if (hasBom) start = 1;
  if (t.startsWith('#\\#CIF_2.0', start)) {
    const after = t.charCodeAt(start + 10);
    if (start + 10 >= t.length || isSpace(after)) {
      if (options.cif2 === 'reject') {
        throw new CifError('E_CIF_UNSUPPORTED', 'CIF 2.0 files are not accepted (options.cif2 is "reject")', {
          file: options.file,
          line: 1,
          column: start + 1,
        });
      }
      p.v2 = true;
    }
  }
  p.pos = start;
  p.lineStart = start;
  if (hasBom && !p.v2) {
    p.deviation('E_CIF_ENCODING', 'W_CIF_BOM', 'byte-order mark is not allowed in CIF 1.1', 1, 1);
  }
  return p.run();
}
