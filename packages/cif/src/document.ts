/**
 * The parsed form of a CIF file: blocks, save frames, items and loops. Plain data.
 *
 * @packageDocumentation
 */

import type { CifWarning } from './errors';

/**
 * A CIF value: a string (CIF 1.1 and 2.0), or, in CIF 2.0 only, a list or a table of values.
 * Whether a string was quoted, `?` or `.` is recorded in {@link CifItem.kinds}.
 */
export type CifValue = string | CifList | CifTable;

/** A CIF 2.0 list value `[a b c]`. */
export type CifList = readonly CifValue[];

/** A CIF 2.0 table value `{'key':value}`; keys are the exact (case-sensitive) key strings. */
export interface CifTable {
  readonly [key: string]: CifValue;
}

/**
 * How a value was written. `Unknown` and `Inapplicable` are the unquoted `?` and `.`; a quoted `'?'`
 * is an ordinary string.
 */
export const ValueKind = {
  /** Unquoted string (numbers are unquoted strings too). */
  Unquoted: 0,
  /** Unquoted `?`: value unknown. */
  Unknown: 1,
  /** Unquoted `.`: value inapplicable. */
  Inapplicable: 2,
  /** `'single quoted'`. */
  SingleQuoted: 3,
  /** `"double quoted"`. */
  DoubleQuoted: 4,
  /** `;` text field. */
  TextField: 5,
  /** CIF 2.0 `'''triple quoted'''` or `"""triple quoted"""`. */
  TripleQuoted: 6,
  /** CIF 2.0 list. */
  List: 7,
  /** CIF 2.0 table. */
  Table: 8,
} as const;

/** One of the {@link ValueKind} numbers. */
export type ValueKind = (typeof ValueKind)[keyof typeof ValueKind];

/**
 * One data item: a data name with its value, or, for a looped data name, its column of values.
 * `values[i]`, `kinds[i]` and `lines[i]` describe the same value.
 */
export interface CifItem {
  /** The data name as written, with its leading underscore, e.g. `"_cell_length_a"`. */
  tag: string;
  /** Values: one for an unlooped item, one per loop row for a looped one. */
  values: CifValue[];
  /** How each value was written ({@link ValueKind}). */
  kinds: Uint8Array;
  /** 1-based line of each value. */
  lines: Uint32Array;
  /** 1-based line of the data name. */
  line: number;
  /** 1-based column of the data name. */
  column: number;
  /** Index into {@link CifBlock.loops}, or -1 for an unlooped item. */
  loop: number;
}

/** One `loop_`: its data names (lower case) and row count. */
export interface CifLoop {
  /** Data names in the order written, lower-cased. */
  tags: string[];
  /** Number of rows (packets). */
  rows: number;
  /** 1-based line of the `loop_` keyword. */
  line: number;
  /** 1-based column of the `loop_` keyword. */
  column: number;
}

/** A data block (`data_name`) or a save frame (`save_name`). */
export interface CifBlock {
  /** Name without the `data_`/`save_` prefix, as written. */
  name: string;
  /** Items by lower-cased data name (CIF data names are case-insensitive). In lenient mode the first of duplicates wins. */
  items: Map<string, CifItem>;
  /** The loops of this block, in file order. */
  loops: CifLoop[];
  /** Save frames of this block (empty for frames themselves). */
  frames: CifBlock[];
  /** 1-based line of the header. */
  line: number;
  /** 1-based column of the header. */
  column: number;
}

/** A parsed CIF file. */
export interface CifDocument {
  /** CIF version: `"2.0"` when the file starts with the `#\#CIF_2.0` magic line, else `"1.1"`. */
  version: '1.1' | '2.0';
  /** Data blocks in file order. */
  blocks: CifBlock[];
  /** Deviations accepted in lenient mode (empty in strict mode). */
  warnings: CifWarning[];
  /** File name from the options, when given. */
  file?: string;
}

/** Looks up the first of several data names present in a block (case-insensitive). */
export function findItem(block: CifBlock, ...tags: string[]): CifItem | undefined {
  for (const tag of tags) {
    const item = block.items.get(tag.toLowerCase());
    if (item !== undefined) return item;
  }
  return undefined;
}

/**
 * The first value of the first present data name, as a string; `undefined` when absent, `?`, `.`,
 * or not a string (CIF 2.0 list or table).
 */
export function findString(block: CifBlock, ...tags: string[]): string | undefined {
  for (const tag of tags) {
    const item = block.items.get(tag.toLowerCase());
    if (item === undefined || item.values.length === 0) continue;
    const kind = item.kinds[0];
    const value = item.values[0];
    if (kind === ValueKind.Unknown || kind === ValueKind.Inapplicable || typeof value !== 'string') continue;
    return value;
  }
  return undefined;
}
