import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readStructures, type Structure } from '@sadp/cif';
import { CliError, ExitCode, usageError } from './errors';

/** A zone axis [uvw]. */
export type Zone = [number, number, number];

/**
 * Parses a zone axis as written on a command line: `001`, `013` (one digit each), `1-10` (a minus sign before
 * a digit), `[1,-1,0]`, `1,-1,0` or `1 -1 0`.
 */
export function parseZone(text: string): Zone {
  const body = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .trim();
  const tokens = /[,\s]/.test(body)
    ? body.split(/[,\s]+/)
    : /^(-?\d){3}$/.test(body)
      ? body.match(/-?\d/g)!
      : [];
  const zone = tokens.map((t) => (/^-?\d+$/.test(t) ? Number(t) : Number.NaN));
  if (zone.length !== 3 || zone.some(Number.isNaN) || zone.every((n) => n === 0)) {
    throw usageError(
      `zone axis "${text}": expected three integers such as 001, 1-10 or [1,-1,0], not all zero`,
    );
  }
  return zone as Zone;
}

/** Formats a zone axis as `[uvw]` (`[1-10]` for negative indices). */
export function formatZone(zone: readonly number[]): string {
  return `[${zone.join(zone.every((n) => Math.abs(n) <= 9) ? '' : ',')}]`;
}

/** Reads a file, turning a missing or unreadable file into a one-line error. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`${file}: ${reason}`, {
      code: 'E_CLI_INPUT',
      exitCode: ExitCode.badInput,
      cause: error,
    });
  }
}

/**
 * Reads the crystal structures of a CIF file; CIF syntax errors keep their file, line and column.
 * With `block`, only the data block of that name.
 */
export function readCifFile(file: string, block?: string): Structure[] {
  const structures = readStructures(readInputFile(file), { file });
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
