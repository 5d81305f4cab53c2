import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { type CifWarning, readStructures, type Structure } from '@sadp/cif';
import { fileErrorReason } from '@sadp/errors';
import { formatZoneAxis, parseZoneAxis, type ZoneAxis } from '@sadp/lattice-labels';
import type { OptionValues } from './command';
import { CliError, describeFsError, ExitCode, usageError } from './errors';
import type { Io } from './output';

/** A zone axis [uvw] (`ZoneAxis` of `@sadp/lattice-labels`). */
export type Zone = ZoneAxis;

/**
 * Parses a zone axis as written on a command line (`@sadp/lattice-labels` `parseZoneAxis`: `001`, `1-10`,
 * `[1,-1,0]`, `1 -1 0`, …); a malformed one is a usage error.
 */
export function parseZone(text: string): Zone {
  try {
    return parseZoneAxis(text);
  } catch (error) {
    throw usageError((error as Error).message, error);
  }
}

/**
 * Reads a repeatable zone option: each value is a comma-separated list of zones (`001,011`) or of bracketed
 * zones (`[1,-1,0],[111]`, `[1 -1 0]`), so that the bracketed form with commas is one zone.
 */
export function zoneListOption(options: OptionValues, name: string): Zone[] | undefined {
  const value = options[name];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => {
    const text = v.trim();
    if (text.startsWith('[')) {
      const groups = text.match(/\[[^\]]*\]/g) ?? [];
      if (groups.join('').replace(/[\s,]/g, '') !== text.replace(/[\s,]/g, '')) {
        throw usageError(`zone axis "${v}": expected zones such as [1,-1,0] or [1,-1,0],[111]`);
      }
      return groups.map(parseZone);
    }
    return text
      .split(',')
      .filter((t) => t.length > 0)
      .map(parseZone);
  });
}

/** Formats a zone axis as `[uvw]`: `@sadp/lattice-labels` `formatZoneAxis`. */
export const formatZone = formatZoneAxis;

/** Reads a file, turning a missing or unreadable file into a one-line error. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`${file}: ${fileErrorReason(error)}`, {
      code: 'E_CLI_INPUT',
      exitCode: ExitCode.badInput,
      cause: error,
    });
  }
}

/** Largest CIF file read by the commands (the whole text is decoded before parsing). */
export const MAX_CIF_BYTES = 256 * 2 ** 20;

/**
 * Reads the crystal structures of a CIF file; CIF syntax errors keep their file, line and column.
 * With `block`, only the data block of that name.
 */
export function readCifFile(
  file: string,
  block?: string,
  limits: { maxAtoms?: number; maxCellEdge?: number } = {},
): Structure[] {
  let bytes = 0;
  try {
    bytes = statSync(file).size;
  } catch {
    // readInputFile names the problem
  }
  if (bytes > MAX_CIF_BYTES) {
    throw new CliError(
      `${file}: ${(bytes / 2 ** 20).toFixed(0)} MB, more than the ${MAX_CIF_BYTES / 2 ** 20} MB a CIF may have (a cell of 100000 atoms takes about 10 MB)`,
      { code: 'E_CLI_INPUT' },
    );
  }
  const structures = readStructures(readInputFile(file), { file, ...limits });
  if (structures.length === 0) {
    throw new CliError(`${file}: no data block with atom sites (expected _atom_site_fract_x/y/z in a loop)`, {
      code: 'E_CLI_INPUT',
    });
  }
  if (block === undefined) return structures;
  const chosen = structures.filter((s) => s.source.block === block);
  if (chosen.length === 0) {
    const names = structures.map((s) => s.source.block).join(', ');
    throw new CliError(`${file}: no data block "${block}" with atom sites; blocks: ${names}`, {
      code: 'E_CLI_INPUT',
    });
  }
  return chosen;
}

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

/**
 * Warnings of a command: printed on stderr as they come (`sadp: warning: ...`), listed in the `--json`
 * output, and with `--strict` turned into an error (exit 1).
 */
export class Warnings {
  readonly list: { code: string; message: string; file?: string; line?: number }[] = [];

  constructor(
    readonly io: Io,
    readonly strict: boolean,
  ) {}

  add(code: string, message: string, where: { file?: string; line?: number } = {}): void {
    const at = where.file === undefined ? '' : `${where.file}${where.line ? `:${where.line}` : ''}: `;
    if (this.strict) {
      throw new CliError(`${at}${message} [${code}] (an error under --strict)`, { code: 'E_CLI_STRICT' });
    }
    this.list.push({ code, message, ...where });
    this.io.err.write(`sadp: warning: ${at}${message} [${code}]\n`);
  }

  /** The CIF reader's warnings of `structures` that change what is simulated (symmetry fallbacks and the like). */
  addCif(structures: readonly Structure[]): void {
    for (const s of structures)
      for (const w of s.warnings ?? []) if (shown(w)) this.add(w.code, w.message, whereOf(w));
  }
}

/** CIF warnings worth showing: everything but the routine origin-choice note and lenient-syntax notes. */
function shown(w: CifWarning): boolean {
  return w.code !== 'W_CIF_ORIGIN_CHOICE';
}

function whereOf(w: CifWarning): { file?: string; line?: number } {
  return { ...(w.file === undefined ? {} : { file: w.file }), ...(w.line ? { line: w.line } : {}) };
}

/**
 * Creates the output folder (and its parents); a path that is a file, or a folder that cannot be created or
 * written, is a one-line error naming it (exit 1).
 */
export function ensureOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw new CliError(`${dir}: cannot use as output folder (${describeFsError(error)})`, {
      code: 'E_CLI_OUTPUT',
      cause: error,
    });
  }
}

/** True when `dir` exists and holds at least one entry. */
export function isNonEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

const SETTING_FLAGS: Record<string, string> = {
  voltage: '--kv',
  cameraLength: '--camera-length',
  pixelSize: '--pixel-size',
  size: '--size',
  rotation: '--rotation',
};

/**
 * Runs a settings check of a library (which throws `RangeError`/`TypeError` for bad values) and turns its
 * failure into a usage error naming the command-line option when there is one.
 */
export function checkSettings<T>(check: () => T, context = '--simulation'): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    const field = /^[A-Za-z.[\]0-9]+/.exec(error.message)?.[0] ?? '';
    const flag = SETTING_FLAGS[field] ?? context;
    throw usageError(`${flag}: ${error.message}`, error);
  }
}

/** A non-negative integer option such as `--max-atoms`; a usage error otherwise. */
export function countOption(options: OptionValues, name: string): number | undefined {
  const value = options[name];
  if (typeof value !== 'string') return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) {
    throw usageError(`--${name} expects a positive whole number, got "${value}"`);
  }
  return n;
}
