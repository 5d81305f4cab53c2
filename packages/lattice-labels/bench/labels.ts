/**
 * Speed of both routes and accuracy of the spot-list route as a non-neural baseline classifier under
 * perturbations (random rotation and scale, positional noise, dropped spots, off-centre crop).
 * Run: npm run bench -w @sadp/lattice-labels   (results in bench/results/@sadp/lattice-labels.json)
 */
import { simulate, spotList } from '@sadp/diffraction-sim';
import { writeBenchResult } from '../../../scripts/bench-report';
import { findSpots } from '../src/find-spots';
import { labelFromSpots } from '../src/label-from-spots';
import { labelOf } from '../src/label-of';
import { latticeOfImage } from '../src/lattice-of-image';
import { CUBIC_VARIANTS, representativeStructure } from '../src/representatives';
import { CUBIC_ZONES } from '../src/zones';
import { rng } from '../test/fixtures/random';

const pairs = CUBIC_VARIANTS.flatMap((v) =>
  CUBIC_ZONES.map((z) => ({ v: v.id, s: representativeStructure(v.id), z })),
);

// Structure route.
let t0 = performance.now();
const truth = pairs.map((p) => labelOf(p.s, p.z).name);
const structureMs = (performance.now() - t0) / pairs.length;

// Spot route on clean simulated spot lists.
const lists = pairs.map((p) => spotList(p.s, { zone: [p.z[0], p.z[1], p.z[2]], calibration: 0.03 }));
t0 = performance.now();
let clean = 0;
lists.forEach((l, i) => {
  if (labelFromSpots(l).label === truth[i]) clean++;
});
const spotMs = (performance.now() - t0) / pairs.length;

// Perturbed: rotation, scale, positional noise (σ as a fraction of the nearest-spot distance), dropped spots, crop.
const scenarios = [
  { name: 'noise 2 % of spacing, 10 % dropped', noise: 0.02, drop: 0.1, crop: 0 },
  { name: 'noise 5 % of spacing, 20 % dropped', noise: 0.05, drop: 0.2, crop: 0 },
  { name: 'noise 2 % of spacing, off-centre 160 px window', noise: 0.02, drop: 0, crop: 80 },
  { name: 'noise 10 % of spacing, 30 % dropped', noise: 0.1, drop: 0.3, crop: 0 },
];
function spacing(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) best = Math.min(best, Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!));
  return best;
}
const trials = 3;
const accuracy: Record<
  string,
  { correct: number; total: number; candidatesContainTruth: number; errors: number }
> = {};
for (const sc of scenarios) {
  const random = rng(42);
  const r = { correct: 0, total: 0, candidatesContainTruth: 0, errors: 0 };
  pairs.forEach((p, i) => {
    const l = lists[i]!;
    const sigma = sc.noise * spacing(l.x, l.y);
    for (let t = 0; t < trials; t++) {
      const th = 2 * Math.PI * random();
      const sc2 = 0.5 + random();
      const cx = 40 * (random() - 0.5);
      const cy = 40 * (random() - 0.5);
      const x: number[] = [];
      const y: number[] = [];
      const inten: number[] = [];
      for (let k = 0; k < l.count; k++) {
        if (random() < sc.drop) continue;
        const dx = l.x[k]! - 127.5;
        const dy = l.y[k]! - 127.5;
        if (sc.crop > 0 && (Math.abs(dx - cx) > sc.crop || Math.abs(dy - cy) > sc.crop)) continue;
        const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        x.push(sc2 * (Math.cos(th) * dx - Math.sin(th) * dy + sigma * gauss()));
        y.push(sc2 * (Math.sin(th) * dx + Math.cos(th) * dy + sigma * gauss()));
        inten.push(l.intensity[k]!);
      }
      r.total++;
      try {
        const res = labelFromSpots({ x, y, intensity: inten });
        if (res.label === truth[i]) r.correct++;
        if (res.candidates.some((m) => m.variant === p.v && m.zone.join() === p.z.join()))
          r.candidatesContainTruth++;
      } catch (e) {
        r.errors++;
        if (process.env.DEBUG) console.error(p.v, p.z.join(''), x.length, (e as Error).message);
      }
    }
  });
  accuracy[sc.name] = r;
}

// Image route: simulated 256 px images at 1/a = 20 px, small (σ 2 px) and large (σ 6 px) spots, clean and with
// 50 counts of shot noise; findSpots alone and the whole latticeOfImage (which calls findSpots 2–5 times).
const imageRoute: Record<string, { findSpotsMs: number; latticeOfImageMs: number; correct: string }> = {};
for (const spotSigma of [2, 6]) {
  for (const counts of [0, 50]) {
    const images = pairs.map((p) => {
      const sim = simulate(p.s, {
        zone: [p.z[0], p.z[1], p.z[2]],
        size: 256,
        calibration: 1 / (p.s.cell.a * 20),
        spotSigma,
        gamma: 0.5,
        directBeam: true,
        seed: 7,
        ...(counts ? { noise: { poisson: counts } } : {}),
      });
      return { width: 256, height: 256, data: sim.image };
    });
    t0 = performance.now();
    for (const image of images) findSpots(image, { smoothing: 2 });
    const findMs = (performance.now() - t0) / images.length;
    t0 = performance.now();
    let right = 0;
    images.forEach((image, i) => {
      if (latticeOfImage(image)?.label === truth[i]) right++;
    });
    imageRoute[`spots σ ${spotSigma} px, ${counts ? `${counts} counts` : 'clean'}`] = {
      findSpotsMs: Number(findMs.toFixed(2)),
      latticeOfImageMs: Number(((performance.now() - t0) / images.length).toFixed(2)),
      correct: `${right}/${images.length}`,
    };
  }
}

const results = {
  note: 'measured on a shared 2-core machine (other helpers running); 112 (variant, zone) pairs',
  structureRouteMsPerPattern: Number(structureMs.toFixed(3)),
  spotRouteMsPerPattern: Number(spotMs.toFixed(3)),
  spotRouteCleanAccuracy: `${clean}/${pairs.length}`,
  perturbed: accuracy,
  imageRoute,
};
writeBenchResult('@sadp/lattice-labels', results);
