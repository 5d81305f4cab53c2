/**
 * The CIF tokenizer: characters → tokens (data names, values, block and frame headers, `loop_`), with line and
 * column, the CIF 1.1 deviations a lenient read accepts as warnings, and CIF 2.0 lists and tables read whole.
 * `DocumentBuilder` (builder.ts) extends it with the grammar.
 *
 * @packageDocumentation
 */

import type { CifList, CifTable, CifValue } from './document';
import { ValueKind } from './document';
import { CifError, type CifErrorCode, type CifWarning } from './errors';
import { limits } from './limits';

/** What {@link CifLexer} needs of the parse options. */
export interface LexerOptions {
  file?: string;
  mode?: 'strict' | 'lenient';
  onWarning?: (warning: CifWarning) => void;
  maxDepth?: number;
}

export const T_EOF = 0;
export const T_TAG = 1;
export const T_VALUE = 2;
export const T_DATA = 3;
export const T_SAVE_OPEN = 4;
export const T_SAVE_CLOSE = 5;
export const T_LOOP = 6;
export const T_LIST_END = 7;
export const T_TABLE_END = 8;

export const MAX_LINE = 2048;
export const MAX_NAME = 75;

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

export function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr;
}

/** Reads tokens from CIF text; `next()` returns each token's type and leaves its text or value in `tok*`. */
export class CifLexer {
  readonly text: string;
  readonly n: number;
  readonly strict: boolean;
  readonly file: string | undefined;
  readonly onWarning: ((w: CifWarning) => void) | undefined;
  readonly maxDepth: number;
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
  /** Name of the data block being read, for errors and warnings. */
  blockName: string | undefined;

  constructor(text: string, options: LexerOptions) {
    this.text = text;
    this.n = text.length;
    this.strict = options.mode === 'strict';
    this.file = options.file;
    this.onWarning = options.onWarning;
    this.maxDepth = options.maxDepth ?? limits.maxDepth;
  }

  fail(code: CifErrorCode, reason: string, line = this.line, column = this.pos - this.lineStart + 1): never {
    throw new CifError(code, reason, { file: this.file, line, column, block: this.blockName });
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
    if (this.blockName !== undefined) warning.block = this.blockName;
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
      if (end - i === 1 || (end - i > MAX_NAME && !this.v2)) this.badName(end - i);
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
      this.reservedCharacter(c);
    }
    if (c === Ch.Dollar) this.reservedCharacter(c);
    let end = this.scanBare(i, c > 126 ? this.highChar(i, c) : 1);
    if (this.v2 && end - i >= 5 && /^(data|save)_$/i.test(t.slice(i, i + 5))) {
      // CIF 2.0 block and frame names may contain brackets and braces
      while (end < this.n && !isSpace(t.charCodeAt(end))) end = this.scanBare(end, 1);
    }
    this.pos = end;
    const len = end - i;
    // reserved words (case-insensitive): `xxxx_…` or `global_`
    if ((len >= 5 && t.charCodeAt(i + 4) === Ch.Underscore) || (len === 7 && (c | 0x20) === 0x67)) {
      const word = this.reservedWord(i, end);
      if (word !== T_VALUE) return word;
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

  /** Cold path of {@link CifLexer.next}: a data name that is empty or (CIF 1.1) too long, `length` with the `_`. */
  badName(length: number): void {
    if (length === 1) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_EMPTY_NAME',
        'a data name needs characters after _',
        this.tokLine,
        this.tokCol,
      );
    }
    if (length > MAX_NAME && !this.v2) {
      this.deviation(
        'E_CIF_SYNTAX',
        'W_CIF_LONG_NAME',
        `data name is ${length} characters long; CIF 1.1 allows at most ${MAX_NAME}`,
        this.tokLine,
        this.tokCol,
      );
    }
  }

  /** Cold path of {@link CifLexer.next}: an unquoted value starting with `[`, `]` (CIF 1.1) or `$`. */
  reservedCharacter(c: number): void {
    this.deviation(
      'E_CIF_SYNTAX',
      'W_CIF_RESERVED_CHARACTER',
      c === Ch.Dollar
        ? "an unquoted value may not start with '$' (reserved for save-frame references); quote it"
        : `an unquoted value may not start with '${String.fromCharCode(c)}' (reserved in CIF 1.1); quote it`,
      this.tokLine,
      this.tokCol,
    );
  }

  /**
   * Cold path of {@link CifLexer.next}: the bare word `t[i, end)` (whose 5th character is `_`, or 7 characters
   * starting with g) as a reserved word (`data_`, `save_`, `loop_`, `stop_`, `global_`; case-insensitive):
   * its token type, or T_VALUE when it is an ordinary value.
   */
  reservedWord(i: number, end: number): number {
    const t = this.text;
    const len = end - i;
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
    if ((t.charCodeAt(i) | 0x20) === 0x67 && len === 7 && t.slice(i, i + 7).toLowerCase() === 'global_') {
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

function hex(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}
