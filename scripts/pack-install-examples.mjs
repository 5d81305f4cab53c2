// Packs every publishable package with `npm pack`, installs the tarballs into an empty folder (dependencies
// from the registry, as a user gets them) and runs every example there against the installed packages. The
// command-line package is left out: the examples show the libraries on their own (a program that embeds the
// classifier, example 7, needs @sadp/classifier, not @sadp/cli).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'sadp-pack-'));
const run = (cmd, args, cwd) => {
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
  return result.stdout;
};

let failed = 0;
try {
  const tarballs = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const cwd = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    if (manifest.private || manifest.name === '@sadp/cli') continue;
    const [info] = JSON.parse(
      run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], cwd),
    );
    tarballs.push(join(work, info.filename));
  }
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "sadp-user", "private": true, "type": "module" }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], app);
  if (existsSync(join(app, 'node_modules', '@sadp', 'cli'))) {
    throw new Error('@sadp/cli was installed as a dependency of a library package');
  }
  process.stdout.write(`installed ${tarballs.length} tarballs (all but @sadp/cli) into an empty project\n`);

  const examples = readdirSync(join(root, 'examples')).filter((d) => {
    if (existsSync(join(root, 'examples', d, 'index.mjs'))) return true;
    if (existsSync(join(root, 'examples', d, 'package.json'))) {
      process.stdout.write(
        `example ${d}: skipped (no index.mjs; a page checked by npm run examples and its e2e)\n`,
      );
    }
    return false;
  });
  for (const name of examples.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const dest = join(app, 'examples', name);
    cpSync(join(root, 'examples', name), dest, {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const result = spawnSync('node', ['index.mjs'], {
      cwd: dest,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status === 0) process.stdout.write(`example ${name}: ok\n`);
    else {
      failed++;
      process.stderr.write(`example ${name} failed against the packed packages:\n${result.stderr}\n`);
    }
  }
  process.stdout.write(`packed examples: ${examples.length - failed} passed, ${failed} failed\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
