// Checks what every publishable package would put on npm: `npm pack --dry-run` must list only built files
// (dist/), the README, the licence and package.json, every export target must exist, and publint must pass.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const allowed =
  /^(dist\/.+|README\.md|LICENSE|package\.json|bin\/[^/]+\.mjs|model\/(model\.json|weights\.bin|MODEL_CARD\.md|confusion\.png|model-card\.json))$/;

let problems = 0;
const fail = (pkg, message) => {
  problems++;
  process.stderr.write(`${pkg}: ${message}\n`);
};

for (const dir of readdirSync(packagesDir).sort()) {
  const cwd = join(packagesDir, dir);
  if (!existsSync(join(cwd, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd,
    encoding: 'utf8',
  });
  if (pack.status !== 0) {
    fail(manifest.name, `npm pack failed: ${pack.stderr.trim()}`);
    continue;
  }
  const [info] = JSON.parse(pack.stdout);
  const files = info.files.map((f) => f.path);
  for (const file of files)
    if (!allowed.test(file)) fail(manifest.name, `packs a file that is not built output: ${file}`);
  if (!files.some((f) => f.startsWith('dist/'))) fail(manifest.name, 'packs no dist/ files (was it built?)');
  for (const range of Object.values({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (String(range).startsWith('workspace:'))
      fail(manifest.name, `uses a workspace: range (${range}), which npm rejects`);
  }
  const lint = spawnSync('npx', ['--no-install', 'publint', '--strict', '--pack', 'npm'], {
    cwd,
    encoding: 'utf8',
  });
  if (lint.status !== 0) fail(manifest.name, `publint:\n${lint.stdout}${lint.stderr}`);
  else
    process.stdout.write(
      `${manifest.name}@${manifest.version}: ${files.length} files, ${info.unpackedSize} bytes\n`,
    );
}
process.stdout.write(problems === 0 ? 'packages: all pack cleanly\n' : `packages: ${problems} problem(s)\n`);
process.exit(problems === 0 ? 0 : 1);
