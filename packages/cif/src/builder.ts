/**
 * The CIF grammar on top of {@link CifLexer}: tokens → data blocks, save frames, items and loops (columns in
 * shared typed-array chunks), with the duplicate, missing-value and loop-count checks.
 *
 * @packageDocumentation
 */

import type { CifBlock, CifDocument, CifItem, CifLoop, CifValue } from './document';
import { ValueKind } from './document';
import {
  CifLexer,
  type LexerOptions,
  MAX_NAME,
  T_DATA,
  T_EOF,
  T_LIST_END,
  T_LOOP,
  T_SAVE_CLOSE,
  T_SAVE_OPEN,
  T_TAG,
  T_VALUE,
} from './lexer';
import { limits } from './limits';

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

/** Builds a {@link CifDocument} from the tokens of the text it reads (`run()`). */
export class DocumentBuilder extends CifLexer {
  readonly maxAtoms: number;
  /** Values allowed in the current loop before `E_CIF_LIMIT` (atom-site loops only; else ∞). */
  loopValueLimit = Number.POSITIVE_INFINITY;
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

  constructor(text: string, options: LexerOptions & { maxAtoms?: number }) {
    super(text, options);
    this.maxAtoms = options.maxAtoms ?? limits.maxAtoms;
    if (!(this.maxAtoms >= 0))
      throw new RangeError(`maxAtoms must be a non-negative number, got ${this.maxAtoms}`);
  }

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
    this.blockName = name;
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

function newBlock(name: string, line: number, column: number): CifBlock {
  return { name, items: new Map(), loops: [], frames: [], line, column };
}
