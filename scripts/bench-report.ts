import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every package's benchmark writes its JSON: `bench/results/<package>.json` at the repository root. */
export const benchResultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results');

/**
 * Writes one package's benchmark results as JSON (atomically: temp file, then rename), with the
 * machine they were measured on, and prints them.
 */
export function writeBenchResult(pkg: string, results: Record<string, unknown>): string {
  mkdirSync(benchResultsDir, { recursive: true });
  const file = join(benchResultsDir, `${pkg.replace(/^@sadp\//, '')}.json`);
  const body = {
    package: pkg,
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
    },
    results,
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`${JSON.stringify(body.results, null, 2)}\nwritten to ${file}\n`);
  return file;
}
