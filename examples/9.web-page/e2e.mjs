// End-to-end test of the web page in a real headless browser (Debian's chromium through playwright-core, which
// downloads no browser): builds the page, serves dist/ as any static host would, runs the demo crystal and
// checks its verdict against the `sadp demo` crystal, then picks a simulated PNG and checks a verdict appears.
// Prints the time from page load to the first verdict and saves a screenshot (docs/web-page.png).
//
//   node e2e.mjs [--no-build] [--require-browser] [--no-screenshot]     CHROMIUM=/path/to/chromium to use another browser
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { readStructures } from '@sadp/cif';
import { matchingSimulation, readModelMetadata } from '@sadp/classifier';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import { writeMrc } from '@sadp/micrograph';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const args = new Set(process.argv.slice(2));
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(browserPath)) {
  const message = `e2e skipped: no browser at ${browserPath} (apt-get install -y chromium, or set CHROMIUM=/path)`;
  if (args.has('--require-browser')) throw new Error(message);
  console.log(message);
  process.exit(0);
}
const { chromium } = await import('playwright-core');

// The page simulates the demo crystal of `sadp demo` (@sadp/classifier DEMO_CIF); its space group is the expected verdict.
const demoCrystal = readFileSync(join(root, 'packages/classifier/src/demo-crystal.ts'), 'utf8');
const cifOf = (source) => /`(data_[\s\S]*?)`/.exec(source)?.[1];
const expected = Number(/_space_group_IT_number (\d+)/.exec(cifOf(demoCrystal))[1]);

if (!args.has('--no-build')) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: here, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`vite build failed (exit ${build.status})`);
}

// A tiny static server over dist/, as any static host.
const dist = join(here, 'dist');
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(
    /^(\.\.[/\\])+/,
    '',
  );
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

// A simulated pattern to pick: silicon along [011], rendered as the model's training images were.
const modelJson = JSON.parse(readFileSync(join(root, 'packages/classifier/model/model.json'), 'utf8'));
const { rendering } = readModelMetadata(modelJson.userDefinedMetadata?.sadp ?? {});
const [silicon] = readStructures(
  `data_Si
_cell_length_a 5.4307
_cell_length_b 5.4307
_cell_length_c 5.4307
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_space_group_IT_number 227
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Si1 0.125 0.125 0.125
`,
  { file: 'Si' },
);
const siliconAlong = (zone, rotation) =>
  simulate(silicon, { ...matchingSimulation(rendering, silicon.cell), zone, rotation });
const pattern001 = siliconAlong([0, 0, 1], 12);
const mrc = writeMrc({
  width: pattern001.size,
  height: pattern001.size,
  data: pattern001.image.map((v) => 1000 * v),
});
const png = encodePng(siliconAlong([0, 1, 1], 31));

const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} for ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console error: ${message.text()}`);
  });
  const finished =
    '#verdict:is([data-state="sure"], [data-state="not-sure"], [data-state="unsupported"], [data-state="error"])';

  const loaded = Date.now();
  await page.goto(url);
  await page.click('#demo');
  await page.waitForSelector(finished, { timeout: 180_000 });
  const firstVerdict = (Date.now() - loaded) / 1000;
  const demo = await page.$eval('#verdict', (el) => ({
    state: el.dataset.state,
    best: el.dataset.best,
    text: el.querySelector('h2')?.textContent ?? '',
  }));
  const status = await page.$eval('#status', (el) => el.textContent);
  console.log(`demo: ${demo.text} (state ${demo.state}; ${status})`);
  if (demo.state !== 'sure' || Number(demo.best) !== expected) {
    failures.push(`demo verdict: expected space group ${expected}, got ${demo.best || demo.state}`);
  }
  console.log(
    `time from page load to first verdict: ${firstVerdict.toFixed(1)} s (model load + 3 simulations + inference)`,
  );
  if (!args.has('--no-screenshot')) {
    await page.screenshot({ path: join(root, 'docs', 'web-page.png'), fullPage: true });
  }

  // a file picked by the user (the file input; dropping goes through the same path)
  await page.evaluate(() => {
    document.getElementById('verdict').dataset.state = 'waiting';
  });
  await page.setInputFiles('#files', { name: 'si-011.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await page.waitForSelector(finished, { timeout: 60_000 });
  const picked = await page.$eval('#verdict', (el) => ({
    state: el.dataset.state,
    text: el.querySelector('h2')?.textContent ?? '',
  }));
  const label = await page.$eval('#images .card .label', (el) => el.textContent);
  console.log(`si-011.png: ${label}; ${picked.text} (state ${picked.state})`);
  if (picked.state === 'error')
    failures.push(`picked PNG: ${await page.$eval('#status', (el) => el.textContent)}`);

  // two files at once, one of them a micrograph format (MRC, read by @sadp/micrograph)
  await page.evaluate(() => {
    document.getElementById('verdict').dataset.state = 'waiting';
  });
  await page.setInputFiles('#files', [
    { name: 'si-011.png', mimeType: 'image/png', buffer: Buffer.from(png) },
    { name: 'si-001.mrc', mimeType: 'application/octet-stream', buffer: Buffer.from(mrc) },
  ]);
  await page.waitForSelector(finished, { timeout: 60_000 });
  const both = await page.$eval('#verdict', (el) => ({
    state: el.dataset.state,
    text: el.querySelector('h2')?.textContent ?? '',
  }));
  const labels = await page.$$eval('#images .card .label', (els) => els.map((el) => el.textContent));
  console.log(`si-011.png + si-001.mrc: ${labels.join('; ')}; ${both.text} (state ${both.state})`);
  if (both.state === 'error' || labels.length !== 2) {
    failures.push(
      `PNG + MRC: ${labels.length} results, ${await page.$eval('#status', (el) => el.textContent)}`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length > 0) {
  console.error(`e2e failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('e2e: ok');
