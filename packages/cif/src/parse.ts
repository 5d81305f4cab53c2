/**
 * Single-pass CIF tokenizer and parser (CIF 1.1 in full, CIF 2.0 lists, tables and triple quotes).
 *
 * @packageDocumentation
 */

import type { CifBlock, CifDocument, CifItem, CifList, CifLoop, CifTable, CifValue } from './document';
import { ValueKind } from './document';
import { CifError, type CifErrorCode, type CifWarning } from './errors';
import { limits } from './limits';

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

const T_EOF = 0;
const T_TAG = 1;
const T_VALUE = 2;
const T_DATA = 3;
const T_SAVE_OPEN = 4;
const T_SAVE_CLOSE = 5;
const T_LOOP = 6;
const T_LIST_END = 7;
const T_TABLE_END = 8;

const MAX_LINE = 2048;
const MAX_NAME = 75;

enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  SingleQuote = 39,
  Colon = 58,
  Semicolon = 59,
  LeftBracket = 91,
  RightBracket = 93,
  Underscore = 95,
  LeftBrace = 123,
  RightBrace = 125,
  Del = 127,
}

/** Loop state of the parser. */
const L_NONE = 0;
const L_HEADER = 1;
const L_VALUES = 2;

const ARENA_MAX = 16384;

/**
 * Hands out `kinds`/`lines` views from shared chunks (256 slots, doubling up to 16384), so that items do
 * not each allocate two ArrayBuffers (which made garbage collection dominate parse time).
 */
class Arena {
  size = 256;
  kinds = new Uint8Array(this.size);
  lines = new Uint32Array(this.size);
  used = 0;
  k: Uint8Array = this.kinds;
  l: Uint32Array = this.lines;

  /** Reserves `n` slots; afterwards `this.k` and `this.l` are the views. */
  take(n: number): void {
    if (n > ARENA_MAX >> 2) {
      this.k = new Uint8Array(n);
      this.l = new Uint32Array(n);
      return;
    }
    if (this.used + n > this.size) {
      if (this.size < ARENA_MAX) this.size *= 2;
      while (this.size < n) this.size *= 2;
      this.kinds = new Uint8Array(this.size);
      this.lines = new Uint32Array(this.size);
      this.used = 0;
    }
    this.k = this.kinds.subarray(this.used, this.used + n);
    this.l = this.lines.subarray(this.used, this.used + n);
    this.used += n;
  }
}

/** `_atom_site_fract_x`, `_atom_site.label`, `_atom_site_aniso_label`, ...: loops with one row per atom site. */
function isAtomSiteTag(tag: string): boolean {
  const t = tag.toLowerCase();
  return t.startsWith('_atom_site_') || t.startsWith('_atom_site.');
}

function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr;
}

class Parser {
  readonly text: string;
  readonly n: number;
  readonly strict: boolean;
  readonly file: string | undefined;
  readonly onWarning: ((w: CifWarning) => void) | undefined;
  readonly maxDepth: number;
  readonly maxAtoms: number;
  /** Values allowed in the current loop before `E_CIF_LIMIT` (atom-site loops only; else ∞). */
  loopValueLimit = Number.POSITIVE_INFINITY;
  v2 = false;
  pos = 0;
  line = 1;
  lineStart = 0;
  warnings: CifWarning[] = [];
  warnedOnce = new Set<string>();

  // current token
  tokLine = 0;
  tokCol = 0;
  tokText = '';
  tokValue: CifValue = '';
  tokKind = 0;

  // document state
  blocks: CifBlock[] = [];
  blockNames = new Set<string>();
  block: CifBlock | null = null;
  scope: CifBlock | null = null;
  frameNames = new Set<string>();

  pendingTag: string | null = null;
  pendingLine = 0;
  pendingCol = 0;

  loopState = L_NONE;
  loopTags: string[] = [];
  loopTagLines: number[] = [];
  loopTagCols: number[] = [];
  /** Values of the loop being read, row-major; kinds and lines in growable scratch arrays reused by every loop. */
  loopValues: CifValue[] = [];
  loopKinds = new Uint8Array(64);
  loopLines = new Uint32Array(64);
  loopLine = 0;
  loopCol = 0;
  lastValueLine = 0;
  lastValueCol = 0;
  arena = new Arena();

  constructor(text: string, options: ParseCifOptions) {
    this.text = text;
    this.n = text.length;
    this.strict = options.mode === 'strict';
    this.file = options.file;
    this.onWarning = options.onWarning;
    this.maxDepth = options.maxDepth ?? limits.maxDepth;
    this.maxAtoms = options.maxAtoms ?? limits.maxAtoms;
    if (!(this.maxAtoms >= 0))
      throw new RangeError(`maxAtoms must be a non-negative number, got ${this.maxAtoms}`);
  }

  fail(code: CifErrorCode, reason: string, line = this.line, column = this.pos - this.lineStart + 1): never {
    throw new CifError(code, reason, { file: this.file, line, column, block: this.block?.name });
  }

  /** Throws in strict mode, records a warning in lenient mode. */
  deviation(
    code: CifErrorCode,
    warnCode: string,
    reason: string,
    line = this.line,
    column = this.pos - this.lineStart + 1,
    once = false,
  ): void {
    if (this.strict) this.fail(code, reason, line, column);
    if (once) {
      if (this.warnedOnce.has(warnCode)) return;
      this.warnedOnce.add(warnCode);
    }
    const warning: CifWarning = { code: warnCode, message: reason, file: this.file, line, column };
    if (this.block) warning.block = this.block.name;
    this.warnings.push(warning);
    this.onWarning?.(warning);
  }

  /** Handles the line terminator at `i` (CR, LF or CR LF); returns the index after it. */
  eol(i: number): number {
    const t = this.text;
    if (i - this.lineStart > MAX_LINE && !this.v2) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_LONG_LINE',
        `line is ${i - this.lineStart} characters long; CIF 1.1 allows at most ${MAX_LINE}`,
        this.line,
        MAX_LINE + 1,
        true,
      );
    }
    i += t.charCodeAt(i) === Ch.Cr && t.charCodeAt(i + 1) === Ch.Lf ? 2 : 1;
    this.line++;
    this.lineStart = i;
    return i;
  }

  /** Checks a character outside printable ASCII at `i` inside a token; returns how many code units it spans. */
  highChar(i: number, c: number): number {
    if (c === Ch.Del || c < 32) {
      this.pos = i;
      this.deviation(
        'E_CIF_ENCODING',
        'W_CIF_CONTROL_CHARACTER',
        `control character U+${hex(c)} is not allowed in CIF`,
        this.line,
        i - this.lineStart + 1,
        true,
      );
      return 1;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = this.text.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        if (!this.v2) this.nonAscii(i, (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
        return 2;
      }
      this.fail(
        'E_CIF_ENCODING',
        `unpaired surrogate U+${hex(c)} is not a Unicode character`,
        this.line,
        i - this.lineStart + 1,
      );
    }
    if (c === 0xfffe || c === 0xffff) {
      this.fail(
        'E_CIF_ENCODING',
        `U+${hex(c)} is not a Unicode character`,
        this.line,
        i - this.lineStart + 1,
      );
    }
    if (!this.v2) this.nonAscii(i, c);
    return 1;
  }

  nonAscii(i: number, cp: number): void {
    this.deviation(
      'E_CIF_ENCODING',
      'W_CIF_NON_ASCII',
      `non-ASCII character U+${hex(cp)} is not allowed in CIF 1.1`,
      this.line,
      i - this.lineStart + 1,
      true,
    );
  }

  /** Skips whitespace and comments. */
  skipSpace(): void {
    const t = this.text;
    const n = this.n;
    let i = this.pos;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === Ch.Space || c === Ch.Tab) {
        i++;
      } else if (c === Ch.Lf || c === Ch.Cr) {
        i = this.eol(i);
      } else if (c === Ch.Hash) {
        i++;
        while (i < n) {
          const d = t.charCodeAt(i);
          if (d === Ch.Lf || d === Ch.Cr) break;
          if (d >= 32 && d < 127) i++;
          else if (d === Ch.Tab) i++;
          else i += this.highChar(i, d);
        }
      } else if (c < 32 || c === Ch.Del) {
        // lenient: other control characters act as whitespace
        this.pos = i;
        this.highChar(i, c);
        i++;
      } else {
        break;
      }
    }
    this.pos = i;
  }

  /** Reads the next token; returns its type. */
  next(): number {
    this.skipSpace();
    const t = this.text;
    const i = this.pos;
    if (i >= this.n) {
      this.tokLine = this.line;
      this.tokCol = i - this.lineStart + 1;
      return T_EOF;
    }
    this.tokLine = this.line;
    this.tokCol = i - this.lineStart + 1;
    const c = t.charCodeAt(i);
    if (c === Ch.Underscore) {
      const end = this.scanBare(i);
      this.tokText = t.slice(i, end);
      this.pos = end;
      if (end - i === 1) {
        this.deviation(
          'E_CIF_SYNTAX',
          'W_CIF_EMPTY_NAME',
          'a data name needs characters after _',
          this.tokLine,
          this.tokCol,
        );
      }
      if (end - i > MAX_NAME && !this.v2) {
        this.deviation(
          'E_CIF_SYNTAX',
          'W_CIF_LONG_NAME',
          `data name is ${end - i} characters long; CIF 1.1 allows at most ${MAX_NAME}`,
          this.tokLine,
          this.tokCol,
        );
      }
      return T_TAG;
    }
    if (c === Ch.Semicolon && i === this.lineStart) return this.textField(i);
    if (c === Ch.SingleQuote || c === Ch.DoubleQuote) return this.quoted(i, c);
    if (this.v2) {
      if (c === Ch.LeftBracket || c === Ch.LeftBrace) return this.container(i);
      if (c === Ch.RightBracket) {
        this.pos = i + 1;
        return T_LIST_END;
      }
      if (c === Ch.RightBrace) {
        this.pos = i + 1;
        return T_TABLE_END;
      }
    } else if (c === Ch.LeftBracket || c === Ch.RightBracket) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_RESERVED_CHARACTER',
        `an unquoted value may not start with '${String.fromCharCode(c)}' (reserved in CIF 1.1); quote it`,
        this.tokLine,
        this.tokCol,
      );
    }
    if (c === Ch.Dollar) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_RESERVED_CHARACTER',
        "an unquoted value may not start with '$' (reserved for save-frame references); quote it",
        this.tokLine,
        this.tokCol,
      );
    }
    let end = this.scanBare(i, c > 126 ? this.highChar(i, c) : 1);
    if (this.v2 && end - i >= 5 && /^(data|save)_$/i.test(t.slice(i, i + 5))) {
      // CIF 2.0 block and frame names may contain brackets and braces
      while (end < this.n && !isSpace(t.charCodeAt(end))) end = this.scanBare(end, 1);
    }
    this.pos = end;
    const len = end - i;
    // reserved words (case-insensitive)
    const c0 = c | 0x20;
    if (len >= 5 && t.charCodeAt(i + 4) === Ch.Underscore) {
      const w = t.slice(i, i + 5).toLowerCase();
      if (w === 'data_') {
        this.tokText = t.slice(i + 5, end);
        return T_DATA;
      }
      if (w === 'save_') {
        this.tokText = t.slice(i + 5, end);
        return len === 5 ? T_SAVE_CLOSE : T_SAVE_OPEN;
      }
      // loop_ and stop_ are keywords only as whole tokens (loop_is_a_prefix is an ordinary value)
      if (w === 'loop_' && len === 5) return T_LOOP;
      if (w === 'stop_' && len === 5)
        this.fail('E_CIF_SYNTAX', 'the STAR keyword stop_ is not allowed in CIF', this.tokLine, this.tokCol);
    }
    if (c0 === 0x67 && len === 7 && t.slice(i, i + 7).toLowerCase() === 'global_') {
      if (this.strict)
        this.fail(
          'E_CIF_SYNTAX',
          'the STAR keyword global_ is not allowed in CIF',
          this.tokLine,
          this.tokCol,
        );
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_GLOBAL',
        'STAR global_ block read as a data block named "global_"',
        this.tokLine,
        this.tokCol,
      );
      this.tokText = 'global_';
      return T_DATA;
    }
    if (len === 1 && (c === 63 || c === 46)) {
      this.tokValue = c === 63 ? '?' : '.';
      this.tokKind = c === 63 ? ValueKind.Unknown : ValueKind.Inapplicable;
      return T_VALUE;
    }
    this.tokValue = t.slice(i, end);
    this.tokKind = ValueKind.Unquoted;
    return T_VALUE;
  }

  /** Returns the end of a run of non-blank characters starting at `i` (CIF 2.0: also stops at brackets). */
  scanBare(i: number, skip = 1): number {
    const t = this.text;
    const n = this.n;
    const v2 = this.v2;
    i += skip;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c > 32 && c < 127) {
        if (
          v2 &&
          (c === Ch.LeftBracket || c === Ch.RightBracket || c === Ch.LeftBrace || c === Ch.RightBrace)
        )
          break;
        i++;
      } else if (c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr) {
        break;
      } else if (c < 32 || c === Ch.Del) {
        this.highChar(i, c);
        break; // lenient: control character ends the token (then skipped as whitespace)
      } else {
        i += this.highChar(i, c);
      }
    }
    return i;
  }

  /** A `;` text field starting at `i` (column 1). */
  textField(i: number): number {
    const t = this.text;
    const n = this.n;
    const openLine = this.line;
    let j = i + 1;
    let hasCr = false;
    while (j < n) {
      const c = t.charCodeAt(j);
      if (c === Ch.Lf || c === Ch.Cr) {
        if (c === Ch.Cr) hasCr = true;
        const contentEnd = j;
        j = this.eol(j);
        if (t.charCodeAt(j) === Ch.Semicolon) {
          let value = t.slice(i + 1, contentEnd);
          if (hasCr) value = value.replace(/\r\n?/g, '\n');
          if (this.v2 && value.indexOf('\\') >= 0) value = unfoldTextField(value);
          this.pos = j + 1;
          const after = t.charCodeAt(j + 1);
          if (j + 1 < n && !isSpace(after)) {
            this.deviation(
              'E_CIF_SYNTAX',
              'W_CIF_TEXT_FIELD_END',
              'the closing ; of a text field must be followed by whitespace',
              this.line,
              2,
            );
          }
          this.tokValue = value;
          this.tokKind = ValueKind.TextField;
          return T_VALUE;
        }
      } else if ((c >= 32 && c < 127) || c === Ch.Tab) {
        j++;
      } else {
        j += this.highChar(j, c);
      }
    }
    this.fail(
      'E_CIF_SYNTAX',
      `text field opened at line ${openLine} is not closed by a line starting with ;`,
      openLine,
      1,
    );
  }

  /** A quoted value starting at `i` with quote character `q`. */
  quoted(i: number, q: number): number {
    const t = this.text;
    const n = this.n;
    if (this.v2 && t.charCodeAt(i + 1) === q && t.charCodeAt(i + 2) === q) return this.tripleQuoted(i, q);
    let j = i + 1;
    while (j < n) {
      const c = t.charCodeAt(j);
      if (c === q) {
        if (this.v2) break;
        const d = j + 1 < n ? t.charCodeAt(j + 1) : Ch.Space;
        if (isSpace(d)) break;
        j++;
      } else if (c === Ch.Lf || c === Ch.Cr) {
        return this.unterminatedQuote(i, q, j);
      } else if ((c >= 32 && c < 127) || c === Ch.Tab) {
        j++;
      } else {
        j += this.highChar(j, c);
      }
    }
    if (j >= n) return this.unterminatedQuote(i, q, j);
    this.tokValue = t.slice(i + 1, j);
    this.tokKind = q === Ch.SingleQuote ? ValueKind.SingleQuoted : ValueKind.DoubleQuoted;
    this.pos = j + 1;
    if (this.v2) {
      const d = t.charCodeAt(j + 1);
      if (j + 1 < n && !isSpace(d) && d !== Ch.RightBracket && d !== Ch.RightBrace && d !== Ch.Colon) {
        this.fail(
          'E_CIF_SYNTAX',
          'a quoted value must be followed by whitespace',
          this.line,
          j + 2 - this.lineStart,
        );
      }
    }
    return T_VALUE;
  }

  /**
   * A quote not closed on its line. Strict: error. Lenient: close at the last quote on the line (junk up to
   * the next whitespace is dropped) or, failing that, at a closing quote on a later line before the next
   * line that starts a data name, keyword or text field (looking at most 10 lines ahead).
   */
  unterminatedQuote(i: number, q: number, eolAt: number): number {
    const quote = String.fromCharCode(q);
    const reason = `quoted value is not closed (a closing ${quote} must be followed by whitespace, on the same line)`;
    if (this.strict || this.v2) this.fail('E_CIF_SYNTAX', reason, this.tokLine, this.tokCol);
    const t = this.text;
    const last = t.lastIndexOf(quote, eolAt - 1);
    if (last > i) {
      this.deviation('E_CIF_SYNTAX', 'W_CIF_BAD_QUOTE', reason, this.tokLine, this.tokCol);
      this.tokValue = t.slice(i + 1, last);
      this.tokKind = q === Ch.SingleQuote ? ValueKind.SingleQuoted : ValueKind.DoubleQuoted;
      let j = last + 1;
      while (j < eolAt && !isSpace(t.charCodeAt(j))) j++;
      this.pos = j;
      return T_VALUE;
    }
    // search later lines (at most 10, so that many broken quotes cannot make parsing quadratic)
    const startLine = this.line;
    const startLineStart = this.lineStart;
    let j = eolAt;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c === Ch.Lf || c === Ch.Cr) {
        if (this.line - startLine >= 10) break;
        j = this.eol(j);
        let k = j;
        while (k < this.n && (t.charCodeAt(k) === Ch.Space || t.charCodeAt(k) === Ch.Tab)) k++;
        const first = t.charCodeAt(k);
        if (
          first === Ch.Underscore ||
          (first === Ch.Semicolon && k === j) ||
          /^(loop_|data_|save_)/i.test(t.slice(k, k + 5))
        )
          break;
      } else if (c === q && (j + 1 >= this.n || isSpace(t.charCodeAt(j + 1)))) {
        this.deviation(
          'E_CIF_SYNTAX',
          'W_CIF_MULTILINE_QUOTE',
          `${reason}; it spans lines`,
          this.tokLine,
          this.tokCol,
        );
        this.tokValue = t.slice(i + 1, j).replace(/\r\n?/g, '\n');
        this.tokKind = q === Ch.SingleQuote ? ValueKind.SingleQuoted : ValueKind.DoubleQuoted;
        this.pos = j + 1;
        return T_VALUE;
      } else {
        j++;
      }
    }
    this.line = startLine;
    this.lineStart = startLineStart;
    this.fail('E_CIF_SYNTAX', reason, this.tokLine, this.tokCol);
  }

  /** CIF 2.0 `'''...'''` or `"""..."""`. */
  tripleQuoted(i: number, q: number): number {
    const t = this.text;
    const n = this.n;
    const openLine = this.line;
    const openCol = i - this.lineStart + 1;
    let j = i + 3;
    while (j < n) {
      const c = t.charCodeAt(j);
      if (c === q && t.charCodeAt(j + 1) === q && t.charCodeAt(j + 2) === q) {
        this.tokValue = t.slice(i + 3, j);
        this.tokKind = ValueKind.TripleQuoted;
        this.pos = j + 3;
        const d = t.charCodeAt(j + 3);
        if (j + 3 < n && !isSpace(d) && d !== Ch.RightBracket && d !== Ch.RightBrace && d !== Ch.Colon) {
          this.fail(
            'E_CIF_SYNTAX',
            'a quoted value must be followed by whitespace',
            this.line,
            j + 4 - this.lineStart,
          );
        }
        return T_VALUE;
      }
      if (c === Ch.Lf || c === Ch.Cr) j = this.eol(j);
      else if ((c >= 32 && c < 127) || c === Ch.Tab) j++;
      else j += this.highChar(j, c);
    }
    this.fail(
      'E_CIF_SYNTAX',
      `triple-quoted value opened at line ${openLine} is not closed`,
      openLine,
      openCol,
    );
  }

  /** A CIF 2.0 list `[...]` or table `{...}` starting at `i`, parsed with an explicit stack. */
  container(i: number): number {
    const t = this.text;
    const startLine = this.tokLine;
    const startCol = this.tokCol;
    type Frame = { list: CifValue[] | null; table: Record<string, CifValue> | null; key: string | null };
    const stack: Frame[] = [];
    const open = (c: number): void => {
      if (stack.length >= this.maxDepth) {
        this.fail('E_CIF_LIMIT', `lists and tables nested deeper than ${this.maxDepth}`);
      }
      stack.push(
        c === Ch.LeftBracket ? { list: [], table: null, key: null } : { list: null, table: {}, key: null },
      );
    };
    open(t.charCodeAt(i));
    this.pos = i + 1;
    for (;;) {
      const top = stack[stack.length - 1]!;
      // table key: a quoted string immediately followed by ':'
      if (top.table && top.key === null) {
        this.skipSpace();
        const c = t.charCodeAt(this.pos);
        if (c === Ch.RightBrace) {
          this.pos++;
          if (this.closeContainer(stack, top.table)) return T_VALUE;
          continue;
        }
        if (c !== Ch.SingleQuote && c !== Ch.DoubleQuote) {
          if (this.pos >= this.n)
            this.fail('E_CIF_SYNTAX', `table opened at line ${startLine} is not closed`, startLine, startCol);
          this.fail('E_CIF_SYNTAX', "expected a quoted table key followed by ':' or '}'");
        }
        this.tokLine = this.line;
        this.tokCol = this.pos - this.lineStart + 1;
        this.quoted(this.pos, c);
        if (t.charCodeAt(this.pos) !== Ch.Colon)
          this.fail('E_CIF_SYNTAX', "expected ':' right after the table key");
        this.pos++;
        top.key = this.tokValue as string;
        continue;
      }
      const c = t.charCodeAt(this.skipSpaceAt());
      if (c === Ch.LeftBracket || c === Ch.LeftBrace) {
        open(c);
        this.pos++;
        continue;
      }
      const tok = this.next();
      let value: CifValue;
      if (tok === T_LIST_END) {
        if (!top.list) this.fail('E_CIF_SYNTAX', "']' closes a table", this.tokLine, this.tokCol);
        if (top.key !== null)
          this.fail('E_CIF_SYNTAX', 'table key without a value', this.tokLine, this.tokCol);
        if (this.closeContainer(stack, top.list)) return T_VALUE;
        continue;
      }
      if (tok === T_TABLE_END) {
        if (!top.table || top.key !== null)
          this.fail(
            'E_CIF_SYNTAX',
            top.table ? 'table key without a value' : "'}' closes a list",
            this.tokLine,
            this.tokCol,
          );
        if (this.closeContainer(stack, top.table)) return T_VALUE;
        continue;
      }
      if (tok === T_VALUE) {
        value = this.tokValue;
      } else if (tok === T_EOF) {
        this.fail(
          'E_CIF_SYNTAX',
          `${stack[0]!.list ? 'list' : 'table'} opened at line ${startLine} is not closed`,
          startLine,
          startCol,
        );
      } else {
        this.fail('E_CIF_SYNTAX', 'expected a value inside a list or table', this.tokLine, this.tokCol);
      }
      this.addToContainer(top, value);
    }
  }

  skipSpaceAt(): number {
    this.skipSpace();
    return this.pos;
  }

  addToContainer(
    top: { list: CifValue[] | null; table: Record<string, CifValue> | null; key: string | null },
    value: CifValue,
  ): void {
    if (top.list) top.list.push(value);
    else {
      top.table![top.key!] = value;
      top.key = null;
    }
  }

  /** Pops the finished container; returns true when it was the outermost (then it is the token value). */
  closeContainer(
    stack: { list: CifValue[] | null; table: Record<string, CifValue> | null; key: string | null }[],
    value: CifList | CifTable,
  ): boolean {
    stack.pop();
    if (stack.length === 0) {
      this.tokValue = value;
      this.tokKind = Array.isArray(value) ? ValueKind.List : ValueKind.Table;
      const d = this.text.charCodeAt(this.pos);
      if (this.pos < this.n && !isSpace(d) && d !== Ch.Hash) {
        this.fail('E_CIF_SYNTAX', 'a list or table must be followed by whitespace');
      }
      return true;
    }
    this.addToContainer(stack[stack.length - 1]!, value);
    return false;
  }

  // ---------------------------------------------------------------- grammar

  /** Fails when a save frame is still open (at a new data block or the end of the file). */
  private checkSaveFrameClosed(): void {
    if (this.scope !== this.block && this.scope) {
      this.fail(
        'E_CIF_SYNTAX',
        `save frame save_${this.scope.name} is not closed by save_`,
        this.scope.line,
        this.scope.column,
      );
    }
  }

  run(): CifDocument {
    for (;;) {
      const tok = this.next();
      switch (tok) {
        case T_EOF:
          this.endLoop();
          this.checkPending('end of file');
          this.checkSaveFrameClosed();
          return {
            version: this.v2 ? '2.0' : '1.1',
            blocks: this.blocks,
            warnings: this.warnings,
            ...(this.file === undefined ? {} : { file: this.file }),
          };
        case T_DATA:
          this.endLoop();
          this.checkPending('data block header');
          this.checkSaveFrameClosed();
          this.openBlock();
          break;
        case T_SAVE_OPEN:
        case T_SAVE_CLOSE:
          this.endLoop();
          this.checkPending('save frame keyword');
          this.saveFrame(tok === T_SAVE_OPEN);
          break;
        case T_LOOP:
          this.endLoop();
          this.checkPending('loop_');
          this.requireBlock();
          this.loopState = L_HEADER;
          this.loopLine = this.tokLine;
          this.loopCol = this.tokCol;
          this.loopTags.length = 0;
          this.loopTagLines.length = 0;
          this.loopTagCols.length = 0;
          this.loopValues = [];
          break;
        case T_TAG:
          this.requireBlock();
          if (this.loopState === L_HEADER) {
            this.loopTags.push(this.tokText);
            this.loopTagLines.push(this.tokLine);
            this.loopTagCols.push(this.tokCol);
            break;
          }
          this.endLoop();
          this.checkPending(`data name ${this.tokText}`);
          this.pendingTag = this.tokText;
          this.pendingLine = this.tokLine;
          this.pendingCol = this.tokCol;
          break;
        case T_VALUE:
          this.value();
          break;
        default:
          this.fail(
            'E_CIF_SYNTAX',
            `unexpected '${tok === T_LIST_END ? ']' : '}'}'`,
            this.tokLine,
            this.tokCol,
          );
      }
    }
  }

  requireBlock(): void {
    if (!this.block)
      this.fail('E_CIF_SYNTAX', 'data before the first data_ block header', this.tokLine, this.tokCol);
  }

  checkPending(what: string): void {
    if (this.pendingTag !== null) {
      const reason = `data name ${this.pendingTag} has no value (found ${what})`;
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_MISSING_VALUE',
        `${reason}; read as ?`,
        this.pendingLine,
        this.pendingCol,
      );
      this.addItem({
        tag: this.pendingTag,
        values: ['?'],
        kinds: Uint8Array.of(ValueKind.Unknown),
        lines: Uint32Array.of(this.pendingLine), // rare (lenient only): no arena
        line: this.pendingLine,
        column: this.pendingCol,
        loop: -1,
      });
      this.pendingTag = null;
    }
  }

  openBlock(): void {
    const name = this.tokText;
    if (name.length === 0) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_EMPTY_BLOCK_NAME',
        'data_ needs a block name',
        this.tokLine,
        this.tokCol,
      );
    }
    if (name.length > MAX_NAME && !this.v2) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_LONG_NAME',
        `block name is ${name.length} characters long; CIF 1.1 allows at most ${MAX_NAME}`,
        this.tokLine,
        this.tokCol,
      );
    }
    const key = name.toLowerCase();
    if (this.blockNames.has(key)) {
      this.deviation(
        'E_CIF_DUPLICATE',
        'W_CIF_DUPLICATE_BLOCK',
        `duplicate data block name data_${name}`,
        this.tokLine,
        this.tokCol,
      );
    }
    this.blockNames.add(key);
    const block = newBlock(name, this.tokLine, this.tokCol);
    this.blocks.push(block);
    this.block = block;
    this.scope = block;
    this.frameNames = new Set();
  }

  saveFrame(open: boolean): void {
    this.requireBlock();
    const block = this.block!;
    if (open) {
      if (this.scope !== block) {
        this.fail(
          'E_CIF_SYNTAX',
          `save frames cannot be nested (save_${this.scope!.name} is still open)`,
          this.tokLine,
          this.tokCol,
        );
      }
      const key = this.tokText.toLowerCase();
      if (this.frameNames.has(key)) {
        this.deviation(
          'E_CIF_DUPLICATE',
          'W_CIF_DUPLICATE_FRAME',
          `duplicate save frame save_${this.tokText}`,
          this.tokLine,
          this.tokCol,
        );
      }
      this.frameNames.add(key);
      const frame = newBlock(this.tokText, this.tokLine, this.tokCol);
      block.frames.push(frame);
      this.scope = frame;
    } else {
      if (this.scope === block)
        this.fail('E_CIF_SYNTAX', 'save_ without an open save frame', this.tokLine, this.tokCol);
      this.scope = block;
    }
  }

  value(): void {
    if (this.pendingTag !== null) {
      const arena = this.arena;
      arena.take(1);
      const kinds = arena.k;
      kinds[0] = this.tokKind;
      const lines = arena.l;
      lines[0] = this.tokLine;
      this.addItem({
        tag: this.pendingTag,
        values: [this.tokValue],
        kinds,
        lines,
        line: this.pendingLine,
        column: this.pendingCol,
        loop: -1,
      });
      this.pendingTag = null;
      return;
    }
    if (this.loopState === L_HEADER) {
      if (this.loopTags.length === 0)
        this.fail('E_CIF_SYNTAX', 'loop_ must be followed by data names', this.loopLine, this.loopCol);
      this.loopState = L_VALUES;
      this.loopValueLimit = this.loopTags.some(isAtomSiteTag)
        ? this.maxAtoms * this.loopTags.length
        : Number.POSITIVE_INFINITY;
    }
    if (this.loopState === L_VALUES) {
      const k = this.loopValues.length;
      if (k >= this.loopValueLimit) {
        this.fail(
          'E_CIF_LIMIT',
          `more than ${this.maxAtoms} atom sites in the loop at line ${this.loopLine} (limit maxAtoms = ${this.maxAtoms})`,
          this.tokLine,
          this.tokCol,
        );
      }
      if (k === this.loopKinds.length) this.growLoopScratch();
      this.loopValues.push(this.tokValue);
      this.loopKinds[k] = this.tokKind;
      this.loopLines[k] = this.tokLine;
      this.lastValueLine = this.tokLine;
      this.lastValueCol = this.tokCol;
      return;
    }
    this.requireBlock();
    this.fail('E_CIF_SYNTAX', 'value without a data name', this.tokLine, this.tokCol);
  }

  growLoopScratch(): void {
    const k = new Uint8Array(this.loopKinds.length * 2);
    k.set(this.loopKinds);
    this.loopKinds = k;
    const l = new Uint32Array(this.loopLines.length * 2);
    l.set(this.loopLines);
    this.loopLines = l;
  }

  addItem(item: CifItem): void {
    const scope = this.scope!;
    const key = item.tag.toLowerCase();
    if (scope.items.has(key)) {
      this.deviation(
        'E_CIF_DUPLICATE',
        'W_CIF_DUPLICATE_TAG',
        `duplicate data name ${item.tag} (first at line ${scope.items.get(key)!.line}); the first is kept`,
        item.line,
        item.column,
      );
      return;
    }
    scope.items.set(key, item);
  }

  endLoop(): void {
    if (this.loopState === L_NONE) return;
    const tags = this.loopTags;
    if (this.loopState === L_HEADER) {
      if (tags.length === 0)
        this.fail('E_CIF_SYNTAX', 'loop_ without data names', this.loopLine, this.loopCol);
      this.fail('E_CIF_SYNTAX', 'loop_ without values', this.loopLine, this.loopCol);
    }
    this.loopState = L_NONE;
    const m = tags.length;
    const values = this.loopValues;
    if (values.length % m !== 0) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_LOOP_COUNT',
        `loop at line ${this.loopLine} has ${values.length} values, not a multiple of its ${m} data names`,
        this.lastValueLine,
        this.lastValueCol,
      );
      while (values.length % m !== 0) {
        if (values.length === this.loopKinds.length) this.growLoopScratch();
        this.loopKinds[values.length] = ValueKind.Unknown;
        this.loopLines[values.length] = this.lastValueLine;
        values.push('?');
      }
    }
    const rows = values.length / m;
    const kinds = this.loopKinds;
    const lines = this.loopLines;
    const scope = this.scope!;
    const loop: CifLoop = {
      tags: tags.map((s) => s.toLowerCase()),
      rows,
      line: this.loopLine,
      column: this.loopCol,
    };
    const loopIndex = scope.loops.length;
    scope.loops.push(loop);
    for (let col = 0; col < m; col++) {
      const colValues: CifValue[] = new Array(rows);
      this.arena.take(rows);
      const colKinds = this.arena.k;
      const colLines = this.arena.l;
      for (let r = 0, k = col; r < rows; r++, k += m) {
        colValues[r] = values[k]!;
        colKinds[r] = kinds[k]!;
        colLines[r] = lines[k]!;
      }
      this.addItem({
        tag: tags[col]!,
        values: colValues,
        kinds: colKinds,
        lines: colLines,
        line: this.loopTagLines[col]!,
        column: this.loopTagCols[col]!,
        loop: loopIndex,
      });
    }
  }
}

/**
 * CIF 2.0 text-field protocols. A first line `prefix\` (prefix not starting with `;`) removes the prefix from
 * every following line (all must carry it); `prefix\\` does that and also unfolds lines; a first line `\`
 * alone only unfolds. Unfolding joins a line ending in `\` (plus optional spaces or tabs) with the next one.
 * The first line is dropped in every case. Text that does not follow a protocol is returned unchanged.
 */
export function unfoldTextField(value: string): string {
  const nl = value.indexOf('\n');
  const first = nl < 0 ? value : value.slice(0, nl);
  const m = /^([^\\]*)(\\\\?)[ \t]*$/.exec(first);
  if (!m) return value;
  const prefix = m[1]!;
  const fold = m[2]!.length === 2 || prefix === '';
  if ((prefix === '' && m[2]!.length === 2) || prefix.startsWith(';')) return value;
  let lines = nl < 0 ? [] : value.slice(nl + 1).split('\n');
  if (prefix !== '') {
    if (!lines.every((l) => l.startsWith(prefix))) return value;
    lines = lines.map((l) => l.slice(prefix.length));
  }
  if (!fold) return lines.join('\n');
  let out = '';
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const f = /\\[ \t]*$/.exec(line);
    if (f) out += line.slice(0, f.index);
    else out += k < lines.length - 1 ? `${line}\n` : line;
  }
  return out;
}

function newBlock(name: string, line: number, column: number): CifBlock {
  return { name, items: new Map(), loops: [], frames: [], line, column };
}

function hex(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Decodes UTF-8 bytes, throwing `E_CIF_ENCODING` with the line and column of the first invalid sequence
 * (overlong forms, surrogates and code points above U+10FFFF are invalid).
 */
export function decodeCifBytes(bytes: Uint8Array, file?: string): string {
  const n = bytes.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 10) {
        line++;
        lineStart = i + 1;
      } else if (b === 13) {
        if (bytes[i + 1] !== 10) {
          line++;
          lineStart = i + 1;
        }
      }
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      need = -1;
    }
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      const cb = bytes[i + k];
      if (cb === undefined || (cb & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cb & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new CifError(
        'E_CIF_ENCODING',
        `invalid UTF-8 byte sequence (byte 0x${b.toString(16).toUpperCase()})`,
        {
          file,
          line,
          column: i - lineStart + 1,
        },
      );
    }
    i += need + 1;
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
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
  const p = new Parser(input, options);
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
