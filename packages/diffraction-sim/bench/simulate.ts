/**
 * Throughput of @sadp/diffraction-sim on the seven reference crystals × 16 zone axes.
 * Run: `npm run bench` (in packages/diffraction-sim). BENCH_FULL=1 also generates the paper's full
 * 79,680-image set (PNG) on the worker pool; otherwise a 10,000-image sample is timed and extrapolated.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Structure } from '@sadp/cif';
import { writeBenchResult } from '../../../scripts/bench-report';
import { encodePng, SimulationPool, type SimulationSettings, simulate, spotList } from '../src/index';
import { REFERENCE_NAMES, referenceStructure, ZONES } from '../test/fixtures/reference';

const PYTHON_SPOT_LISTS_PER_S = 17; // pymatgen TEMCalculator on this kind of machine (fixtures/pymatgen-tem/README.md)
const PAPER_IMAGES = 79_680;

const base = REFERENCE_NAMES.map((n) => referenceStructure(n));
/** Fresh copies so that the per-structure cache starts empty (cold runs). */
const fresh = (): Structure[] => base.map((s) => structuredClone(s));

/** Augmentation-like variety: voltage, camera length, in-plane rotation. */
function variant(i: number, zone: [number, number, number]): SimulationSettings {
  return {
    zone,
    voltage: [100e3, 200e3, 300e3][i % 3]!,
    cameraLength: 250 + 25 * (i % 5),
    pixelSize: 0.1,
    rotation: (i * 7.3) % 30,
  };
}

function timeLoop(
  label: string,
  minMs: number,
  body: (round: number) => number,
): { perSecond: number; n: number; ms: number } {
  body(-1); // warm-up (JIT)
  let n = 0;
  let round = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    n += body(round++);
    t = performance.now();
  }
  const ms = t - t0;
  const perSecond = (n / ms) * 1000;
  console.log(`${label}: ${perSecond.toFixed(0)} patterns/s (${n} in ${ms.toFixed(0)} ms)`);
  return { perSecond, n, ms };
}

const results: Record<string, unknown> = {
  loadAverageAtStart: loadavg(),
  workload:
    '7 reference crystals (Si, NaCl, Cu, W, CsCl, MgAl2O4, beta-Mn) x 16 zone axes = 112 patterns per round',
};

// 1. Spot list, cold: every structure/zone computed from scratch (reflection enumeration + structure factors).
results.spotListCold = timeLoop('spot list (cold, no cache)', 3000, () => {
  const structures = fresh();
  let n = 0;
  for (const s of structures) for (const zone of ZONES) n += spotList(s, { zone }).count > 0 ? 1 : 0;
  return n;
});

// 2. Spot list, warm: the per-structure/per-zone plan reused, geometry varied (dataset situation).
const warm = fresh();
results.spotListWarm = timeLoop('spot list (warm: cached |F|², new geometry)', 3000, (round) => {
  let n = 0;
  for (const s of warm)
    for (const zone of ZONES) n += spotList(s, variant(round + n, zone)).count > 0 ? 1 : 0;
  return n;
});

// 3. 256×256 render without PNG (image buffer reused).
const image = new Float32Array(256 * 256);
results.render256 = timeLoop('spot list + 256x256 render (warm)', 3000, (round) => {
  let n = 0;
  for (const s of warm)
    for (const zone of ZONES) n += simulate(s, variant(round + n, zone), { image }).size > 0 ? 1 : 0;
  return n;
});

// 4. With 8-bit PNG.
let pngBytes = 0;
results.render256Png = timeLoop('spot list + render + 8-bit PNG (warm)', 3000, (round) => {
  let n = 0;
  for (const s of warm)
    for (const zone of ZONES) {
      pngBytes += encodePng(simulate(s, variant(round + n, zone), { image })).length;
      n++;
    }
  return n;
});

// 5. Cold pipeline incl. PNG (first pattern of each structure/zone).
results.render256PngCold = timeLoop('spot list + render + PNG (cold)', 3000, () => {
  const structures = fresh();
  let n = 0;
  for (const s of structures)
    for (const zone of ZONES) {
      encodePng(simulate(s, { zone }, { image }));
      n++;
    }
  return n;
});

// 6. Worker pool on all cores: dataset-style generation (PNG bytes back, no image).
const workers = availableParallelism();
const total = process.env.BENCH_FULL ? PAPER_IMAGES : 10_000;
const pool = new SimulationPool({ workers });
function* jobs() {
  // Like the paper: per structure and zone, many augmented variants (voltage, camera length, rotation).
  for (let i = 0; i < total; i++) {
    const s = warm[i % warm.length]!;
    const zone = ZONES[Math.floor(i / warm.length) % ZONES.length]!;
    yield { structure: s, settings: { ...variant(i, zone), seed: i } };
  }
}
await pool.run([{ structure: warm[0]!, settings: { zone: [0, 0, 1] } }]); // start-up
const t0 = performance.now();
let bytes = 0;
for await (const r of pool.stream(jobs(), { output: { image: false, png: true } })) bytes += r.png!.length;
const poolMs = performance.now() - t0;
const memory = await pool.memory();
await pool.close();
const poolRate = (total / poolMs) * 1000;
console.log(
  `pool (${workers} workers, PNG): ${poolRate.toFixed(0)} patterns/s, ${total} in ${(poolMs / 1000).toFixed(1)} s`,
);
results.pool = {
  workers,
  images: total,
  seconds: poolMs / 1000,
  perSecond: poolRate,
  perSecondPerWorker: poolRate / workers,
  meanPngBytes: bytes / total,
  paperSetSeconds: PAPER_IMAGES / poolRate,
  paperSetGoalSeconds: 120,
  workerHeapBytes: memory.map((m) => m.heapUsed),
  workerHeapTotalBytes: memory.map((m) => m.heapTotal),
};
results.mainProcessRssBytes = process.memoryUsage().rss;
results.meanPngBytes = pngBytes / (results.render256Png as { n: number }).n;
results.speedupVsPymatgenSpotListsPerCore = {
  pythonSpotListsPerSecond: PYTHON_SPOT_LISTS_PER_S,
  cold: (results.spotListCold as { perSecond: number }).perSecond / PYTHON_SPOT_LISTS_PER_S,
  warm: (results.spotListWarm as { perSecond: number }).perSecond / PYTHON_SPOT_LISTS_PER_S,
  goal: 100,
};
writeBenchResult('@sadp/diffraction-sim', results);
