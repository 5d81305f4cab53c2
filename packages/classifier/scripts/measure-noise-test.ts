/**
 * Measures the noise test of `checkImages` (`src/image-checks.ts`): its statistic on simulated patterns of cubic
 * crystals at low electron counts (10–50 counts at image value 1, the dataset's imaging conventions, background
 * and diffuse halo), which must not be flagged, and on pure noise images of several kinds, which must be.
 *
 *   npx tsx packages/classifier/scripts/measure-noise-test.ts [cif-folder] [patterns]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures, type Structure } from '@sadp/cif';
import { DEFAULT_ZONES, imagingSettings } from '@sadp/dataset';
import { simulate } from '@sadp/diffraction-sim';
import { latticeOfImage } from '@sadp/lattice-labels';
import type { GreyImage } from '../src/image';
import { checkImage, NOISE_RATIO, noiseStatistics } from '../src/image-checks';

const folder = process.argv[2] ?? join(import.meta.dirname, '../../../../shared/cifs/cubic');
const count = Number(process.argv[3] ?? 100);
/** `plain`: the simulator's own spots (no display conventions drawn). */
const plain = process.argv[4] === 'plain';
const structures: Structure[] = [];
for (const name of readdirSync(folder)
  .filter((n) => n.endsWith('.cif'))
  .sort()) {
  try {
    const [s] = readStructures(readFileSync(join(folder, name)), {
      file: name,
      mode: 'lenient',
      maxAtoms: 2000,
    });
    if (s) structures.push(s);
  } catch {
    // unreadable or too large: not needed here
  }
}
const conventions = {
  spotSigma: [0.3, 3],
  profiles: ['gaussian', 'lorentzian', 'lorentzian', 'voigt'],
  gamma: [0.2, 1.2],
  directBeam: [0.3, 100],
  directBeamAbsent: 0.15,
  thickness: [20, 300],
  noEnvelope: 0.35,
  intensityJitter: [0, 0.4],
  ellipticity: [0, 0.03],
  beamStop: 0.1,
  centreOffset: 3,
} as const;
const ratios: number[] = [];
const friedels: number[] = [];
let flaggedSim = 0;
for (let i = 0; i < count; i++) {
  const structure = structures[(i * 7919) % structures.length]!;
  const zone = DEFAULT_ZONES[i % DEFAULT_ZONES.length]!;
  const imaging = imagingSettings(
    {
      poisson: [10, 50],
      gaussian: [0, 0.02],
      background: [0, 0.08],
      diffuse: [0, 0.3],
      tilt: 1,
      ...(plain ? {} : { conventions }),
    },
    i,
    256,
  );
  const pattern = simulate(structure, {
    zone,
    size: 256,
    seed: i,
    calibration: 1 / (Math.max(structure.cell.a, structure.cell.b, structure.cell.c) * (14 + (i % 12))),
    ...imaging,
  });
  const image: GreyImage = { width: pattern.size, height: pattern.size, data: pattern.image };
  const st = noiseStatistics(image);
  const r = st.spots;
  ratios.push(r);
  friedels.push(st.friedel);
  if (!checkImage(image).usable) flaggedSim++;
  if (process.env.DEBUG && r < NOISE_RATIO)
    console.log(
      i,
      r.toFixed(2),
      st.friedel.toFixed(2),
      latticeOfImage(image) ? 'fit' : 'nofit',
      (imaging as { spotSigma?: number }).spotSigma,
    );
}
const flagged = flaggedSim;
const sorted = [...ratios].sort((a, b) => a - b);
console.log(
  `simulated patterns at 10–50 counts: ${count}, flagged as noise ${flagged} (${((100 * flagged) / count).toFixed(1)} %); ratio min ${sorted[0]!.toFixed(2)}, 5 % ${sorted[Math.floor(count * 0.05)]!.toFixed(2)}, median ${sorted[count >> 1]!.toFixed(2)}; Friedel ratio min ${Math.min(...friedels).toFixed(2)}`,
);

let seed = 1;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const poisson = (mean: number) => {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s && k < 1000) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
};
const kinds: Record<string, (x: number, y: number) => number> = {
  'uniform 8-bit': () => Math.floor(random() * 256),
  gaussian: () => gauss(),
  'poisson 0.05': () => poisson(0.05),
  'poisson 0.5': () => poisson(0.5),
  'poisson 5': () => poisson(5),
  'gradient + gaussian': (x) => x / 64 + gauss(),
  'halo + poisson 2': (x, y) => poisson(2 + 20 * Math.exp(-Math.hypot(x - 128, y - 128) / 30)),
  'hot pixels + gaussian': () => (random() < 0.001 ? 50 : gauss()),
};
for (const [name, draw] of Object.entries(kinds)) {
  const r: number[] = [];
  const fr: number[] = [];
  let f = 0;
  for (let n = 0; n < 20; n++) {
    const data = new Float32Array(256 * 256);
    for (let k = 0; k < data.length; k++) data[k] = draw(k % 256, (k / 256) | 0);
    const im = { width: 256, height: 256, data };
    const st = noiseStatistics(im);
    r.push(st.spots);
    fr.push(st.friedel);
    if (!checkImage(im).usable) f++;
  }
  console.log(
    `noise ${name}: 20 images, flagged ${f}; spot ratio max ${Math.max(...r).toFixed(2)}, Friedel ratio max ${Math.max(...fr).toFixed(2)}`,
  );
}
