// Runs every example under examples/ (its package.json "start" script) against the built packages.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const examplesDir = join(root, 'examples');
const dirs = (existsSync(examplesDir) ? readdirSync(examplesDir, { withFileTypes: true }) : [])
  .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, 'package.json')))
  .map((d) => d.name)
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

let failed = 0;
for (const dir of dirs) {
  const cwd = join(examplesDir, dir);
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (!pkg.scripts?.start) continue;
  process.stdout.write(`\n--- example ${dir} ---\n`);
  const run = spawnSync('npm', ['run', '--silent', 'start'], { cwd, stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`example ${dir} failed with exit code ${run.status}\n`);
  }
}
process.stdout.write(`\nexamples: ${dirs.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
