/** The shared CIF corpus as the scripts read it (third-party files, never copied into the repository). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStructures, type Structure } from '@sadp/cif';

/**
 * The first structure of a corpus file whose name starts with its space group (`"225_…cif"`), read leniently;
 * or why not: a read error, no structure, or another group than the name's.
 */
export function corpusStructure(dir: string, file: string): { structure: Structure } | { failure: string } {
  const group = Number(file.slice(0, 3));
  let s: Structure | undefined;
  try {
    s = readStructures(readFileSync(resolve(dir, file), 'utf8'), {
      file,
      mode: 'lenient',
      skipInvalid: true,
    })[0];
  } catch (e) {
    return { failure: `${file}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!s) return { failure: `${file}: no structure` };
  if (s.spaceGroup.number !== group) return { failure: `${file}: resolved as group ${s.spaceGroup.number}` };
  return { structure: s };
}
