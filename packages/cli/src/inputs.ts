import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readStructures, type Structure } from '@sadp/cif';
import { fileErrorReason } from '@sadp/errors';
import { formatZoneAxis, parseZoneAxis, type ZoneAxis } from '@sadp/lattice-labels';
import { CliError, ExitCode, usageError } from './errors';

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
