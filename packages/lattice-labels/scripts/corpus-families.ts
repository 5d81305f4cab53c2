/**
 * Which absence family ("effective group") each structure of the shared CIF corpus falls into: for every CIF of
 * 213, 221, 225, 227 and 229 in ../shared/cifs/cubic, label the 16 zone axes with `labelOf` and group the
 * structures by their 16-label profile; report which registry variant each profile equals.
 *
 * Run from the repository root (needs the shared folder's cifs/, ../shared or SADP_SHARED; the CIF files are
 * third-party and never copied here):
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/corpus-families.ts \
 *     [--json] [--absent-below 1e-10]
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Structure } from '@sadp/cif';
import { sharedCifs } from '../../../vitest.shared';
import { labelOf } from '../src/label-of';
import { CUBIC_VARIANTS, representativeStructure } from '../src/representatives';
import { CUBIC_ZONES } from '../src/zones';
import { corpusStructure } from './corpus';

const dir = resolve(sharedCifs.dir, 'cubic');
if (!sharedCifs.available || !existsSync(dir)) {
  console.error(`skipped: ${sharedCifs.reason || `${dir} absent`}`);
  process.exit(0);
}

const argAbsent = process.argv.indexOf('--absent-below');
const absentBelow = argAbsent > 0 ? Number(process.argv[argAbsent + 1]) : undefined;
const profile = (s: Structure) =>
  CUBIC_ZONES.map((z) => {
    const l = labelOf(s, z, absentBelow === undefined ? {} : { absentBelow });
    return l.name ?? `?${l.key}`;
  }).join(' ');
const variantOf = new Map<string, string>();
for (const v of CUBIC_VARIANTS)
  variantOf.set(`${v.spaceGroup} ${profile(representativeStructure(v.id))}`, v.id);

interface Family {
  group: number;
  variant: string | null;
  profile: string;
  files: string[];
  formulas: string[];
}
const families = new Map<string, Family>();
const failures: string[] = [];
for (const file of readdirSync(dir).sort()) {
  const group = Number(file.slice(0, 3));
  if (![213, 221, 225, 227, 229].includes(group)) continue;
  const read = corpusStructure(dir, file);
  if ('failure' in read) {
    failures.push(read.failure);
    continue;
  }
  const s = read.structure;
  const p = profile(s);
  const key = `${group} ${p}`;
  let f = families.get(key);
  if (!f) {
    f = { group, variant: variantOf.get(key) ?? null, profile: p, files: [], formulas: [] };
    families.set(key, f);
  }
  f.files.push(file);
  f.formulas.push(s.formula);
}

const list = [...families.values()].sort((a, b) => a.group - b.group || b.files.length - a.files.length);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ families: list, failures }, null, 2));
} else {
  for (const f of list) {
    console.log(`\n${f.group} → ${f.variant ?? 'NEW'} (${f.files.length} structures)\n  ${f.profile}`);
    console.log(`  ${[...new Set(f.formulas)].join(', ')}`);
    console.log(`  ${f.files.join(' ')}`);
  }
  if (failures.length) console.log(`\nnot labelled (${failures.length}):\n  ${failures.join('\n  ')}`);
}
