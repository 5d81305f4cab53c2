/**
 * Paper-size benchmark: ≈80,000 PNGs (256 px) from the cubic CIFs of the shared corpus for space groups
 * 213/221/225/227/229, balanced with synthetic crystals, 16 zone axes × 3 voltages (100/200/300 kV) × 4 camera lengths (400–800 mm, 0.1 mm pixels).
 * Reports wall time, images/s and peak RSS (main thread + workers: worker_threads share the process).
 * Output goes to a temporary folder that is deleted afterwards.
 *
 *   npm run bench                 # full set
 *   BENCH_ZONES=4 npm run bench   # first 4 zones only (quick look)
 *   BENCH_MAX_ATOMS=1000 npm run bench   # without the 13 frameworks of more than 1000 atoms
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchResult } from '../../../scripts/bench-report';
import { sharedCifDir, sharedCifs } from '../../../vitest.shared';
import { type DatasetOptions, DEFAULT_ZONES, generateDataset } from '../src/index';

const cubic = join(sharedCifDir, 'cubic');
if (!sharedCifs.available || !existsSync(cubic)) {
  process.stderr.write(`skipped: ${sharedCifs.reason || `${cubic} absent`}\n`);
  process.exit(0);
}
const zoneCount = Number(process.env.BENCH_ZONES ?? DEFAULT_ZONES.length);
const maxAtoms = process.env.BENCH_MAX_ATOMS ? Number(process.env.BENCH_MAX_ATOMS) : undefined;
const outDir = mkdtempSync(join(tmpdir(), 'sadp-dataset-bench-'));
const options: DatasetOptions = {
  inputs: [cubic],
  outDir,
  spaceGroups: [213, 221, 225, 227, 229],
  zones: DEFAULT_ZONES.slice(0, zoneCount),
  voltages: [100e3, 200e3, 300e3],
  cameraLengths: [400, 500, 600, 800],
  size: 256,
  seed: 2021,
  maxAtoms,
  synthetic: { perGroup: 65 },
};

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const load = loadavg();
const started = performance.now();
let lastLine = 0;
try {
  const summary = await generateDataset(options, {
    onProgress: (p) => {
      const now = performance.now();
      if (now - lastLine < 2000 && p.done < p.total) return;
      lastLine = now;
      process.stderr.write(
        `${p.done}/${p.total} images, ${p.rate.toFixed(0)}/s, ETA ${Number.isFinite(p.etaSeconds) ? p.etaSeconds.toFixed(0) : '?'} s\n`,
      );
    },
  });
  const wall = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const maxRssKb = process.resourceUsage().maxRSS;
  peakRss = Math.max(peakRss, maxRssKb * 1024);
  const codes: Record<string, number> = {};
  for (const w of summary.warnings) codes[w.code] = (codes[w.code] ?? 0) + 1;
  writeBenchResult('@sadp/dataset', {
    note: 'shared 2-core machine (other helpers running); wall time includes CIF parsing, planning, synthetic crystals',
    loadAverageAtStart: load.map((v) => Number(v.toFixed(2))),
    options: { ...options, inputs: ['../shared/cifs/cubic'], outDir: '<tmp>' },
    images: summary.images,
    train: summary.train,
    val: summary.val,
    failed: summary.failed,
    crystals: summary.perSpaceGroup,
    warningsByCode: codes,
    wallSeconds: Number(wall.toFixed(1)),
    imagesPerSecond: Number((summary.images / wall).toFixed(1)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    goal: { wallSeconds: 180, peakRssMiB: 1024 },
  });
} finally {
  clearInterval(sampler);
  rmSync(outDir, { recursive: true, force: true });
}
