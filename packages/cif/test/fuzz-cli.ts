/**
 * `npm run fuzz [-- <cases> <seed>]`: 10^5 mutated CIFs by default, from the fixtures plus, when present, the
 * shared CIF corpus (`cifs/` of the shared folder: ../shared or SADP_SHARED, see vitest.shared.ts). Prints statistics as JSON; exits 1 when any input threw something other
 * than a CifError. Run with `node --expose-gc` (the npm script does) for a meaningful heap figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedCifs } from '../../../vitest.shared';
import { runFuzz } from './fuzz';

const here = fileURLToPath(new URL('.', import.meta.url));
const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const bases: string[] = [];
const fixtures = join(here, 'fixtures');
for (const f of readdirSync(fixtures)) bases.push(readFileSync(join(fixtures, f), 'utf8'));
const shared = sharedCifs.dir;
if (sharedCifs.available) {
  for (const d of ['cubic', 'odd', 'syntax']) {
    for (const f of readdirSync(join(shared, d))) {
      const text = readFileSync(join(shared, d, f), 'latin1');
      if (text.length < 200_000) bases.push(text);
    }
  }
}
const stats = runFuzz(bases, cases, seed);
const rss = process.memoryUsage().rss;
process.stdout.write(
  `${JSON.stringify({ bases: bases.length, seed, ...stats, failures: stats.failures.length, failureSamples: stats.failures.slice(0, 3), rssBytes: rss }, null, 2)}\n`,
);
process.exit(stats.failures.length === 0 ? 0 : 1);
