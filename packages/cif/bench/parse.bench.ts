/**
 * `npm run bench`: parse throughput (MB/s) on a large multi-block file built in memory, and the time to
 * parse and expand typical CIFs. Writes bench/results/cif.json at the repository root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchResult } from '../../../scripts/bench-report';
import { sharedCifs } from '../../../vitest.shared';
import { parseCif, readStructures } from '../src/index';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = join(here, '..', 'test', 'fixtures');
/** The shared CIF corpus, read only when available (never with SADP_SHARED=off). */
const shared = sharedCifs.dir;

/** True when every character is printable ASCII, TAB, LF or CR. */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 126 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) return false;
  }
  return true;
}

function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/** Median of `runs` timings (ms) of `fn`, after `warmup` calls. */
function time(
  fn: () => unknown,
  runs: number,
  warmup = Math.min(runs, 50),
): { medianMs: number; minMs: number } {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { medianMs: t[t.length >> 1]!, minMs: t[0]! };
}

// 1. large multi-block file: the CIF 1.1 fixtures, plus the shared cubic corpus when present, with unique block names
const sources: string[] = readdirSync(fixtures)
  .filter((f) => f.endsWith('.cif') && !f.startsWith('invalid') && !f.startsWith('cif2'))
  .map(fixture);
let corpusFiles = 0;
if (sharedCifs.available && existsSync(join(shared, 'cubic'))) {
  for (const f of readdirSync(join(shared, 'cubic'))) {
    const text = readFileSync(join(shared, 'cubic', f), 'latin1');
    if (text.startsWith('#\\#CIF_2.0') || !isPrintableAscii(text)) continue; // plain CIF 1.1 only
    sources.push(text);
    corpusFiles++;
  }
}
const parts: string[] = [];
let size = 0;
for (let rep = 0; size < 16e6; rep++) {
  for (let k = 0; k < sources.length && size < 16e6; k++) {
    const text = sources[k]!.replace(/^(\s*)data_(\S*)/gim, `$1data_r${rep}_${k}_$2`);
    parts.push(text);
    size += text.length;
  }
}
// flatten the rope that join() builds, so that the parser sees an ordinary sequential string
const big = Buffer.from(parts.join('\n'), 'utf8').toString('utf8');
const bytes = Buffer.byteLength(big, 'utf8');
let blocks = 0;
const parse = time(() => (blocks = parseCif(big, { mode: 'lenient' }).blocks.length), 5, 2);
const parseStrictBytes = new TextEncoder().encode(big);
const parseBytes = time(() => parseCif(parseStrictBytes, { mode: 'lenient' }), 5, 2);

// 2. typical files: parse + symmetry + expansion
const typical: Record<string, { medianUs: number; atoms: number; bytes: number }> = {};
for (const name of [
  'nacl.cif',
  'si-origin2.cif',
  'rutile-ops-only.cif',
  'corundum-hex.cif',
  'hall-only.cif',
]) {
  const text = fixture(name);
  let atoms = 0;
  const t = time(() => (atoms = readStructures(text)[0]!.atoms.count), 2000, 200);
  typical[name] = { medianUs: Math.round(t.medianMs * 1000 * 10) / 10, atoms, bytes: text.length };
}
// a real COD-style file with a 192-operator loop, when the corpus is present
const realName = 'cubic/225_httk_NaCl.cif';
if (sharedCifs.available && existsSync(join(shared, realName))) {
  const text = readFileSync(join(shared, realName), 'latin1');
  let atoms = 0;
  const t = time(() => (atoms = readStructures(text)[0]!.atoms.count), 1000, 100);
  typical[realName] = { medianUs: Math.round(t.medianMs * 1000 * 10) / 10, atoms, bytes: text.length };
}

// 3. whole cubic corpus, one file at a time (lenient), median per file
let corpus: Record<string, number> | undefined;
if (sharedCifs.available && existsSync(join(shared, 'cubic'))) {
  const texts = readdirSync(join(shared, 'cubic')).map((f) => readFileSync(join(shared, 'cubic', f)));
  const per: number[] = [];
  for (let round = 0; round < 3; round++) {
    per.length = 0;
    for (const t of texts) {
      const t0 = performance.now();
      try {
        readStructures(t);
      } catch {
        // counted in the reference test, not here
      }
      per.push(performance.now() - t0);
    }
  }
  per.sort((a, b) => a - b);
  corpus = {
    files: texts.length,
    medianMs: Math.round(per[per.length >> 1]! * 1000) / 1000,
    p90Ms: Math.round(per[Math.floor(per.length * 0.9)]! * 1000) / 1000,
    maxMs: Math.round(per[per.length - 1]! * 1000) / 1000,
  };
}

writeBenchResult('@sadp/cif', {
  note: 'measured on a machine shared with ~6 other jobs; numbers are indicative',
  multiBlock: {
    megabytes: Math.round(bytes / 1e4) / 100,
    blocks,
    sourceFiles: sources.length,
    corpusFiles,
    parseStringMBps: Math.round((bytes / 1e6 / (parse.medianMs / 1000)) * 10) / 10,
    parseBytesMBps: Math.round((bytes / 1e6 / (parseBytes.medianMs / 1000)) * 10) / 10,
    parseMedianMs: Math.round(parse.medianMs),
  },
  typicalParseAndExpand: typical,
  ...(corpus ? { cubicCorpusReadStructures: corpus } : {}),
});
