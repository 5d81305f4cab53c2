// Simulate Si diffraction patterns with @sadp/diffraction-sim (built package) and write PNGs to ./output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng, simulate, simulateBatch, spotList } from '@sadp/diffraction-sim';

// A Structure by hand (normally from @sadp/cif): diamond Si, every atom of the conventional cell.
const position = [];
for (const [x, y, z] of [
  [0, 0, 0],
  [0, 0.5, 0.5],
  [0.5, 0, 0.5],
  [0.5, 0.5, 0],
]) {
  position.push(x, y, z, x + 0.25, y + 0.25, z + 0.25);
}
const n = position.length / 3;
const si = {
  cell: { a: 5.4307, b: 5.4307, c: 5.4307, alpha: 90, beta: 90, gamma: 90 },
  spaceGroup: {
    number: 227,
    symbol: 'F d -3 m',
    operators: Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0),
  },
  sites: [],
  atoms: {
    count: n,
    element: Array(n).fill('Si'),
    atomicNumber: new Uint8Array(n).fill(14),
    label: Array(n).fill('Si1'),
    position: Float64Array.from(position),
    occupancy: new Float64Array(n).fill(1),
    b: new Float64Array(n).fill(Number.NaN), // unknown B: the default 0.5 Å² is used
  },
  formula: 'Si8',
  source: { block: 'Si' },
};

// 1. The spot list alone: the strongest reflections of [011] at 200 kV, L = 1000 mm.
const spots = spotList(si, {
  zone: [0, 1, 1],
  voltage: 200e3,
  cameraLength: 1000,
  pixelSize: 0.05,
  size: 1024,
});
console.log('Si [011], 200 kV, L = 1000 mm: hkl, d (Å), R (mm), I');
for (let i = 0; i < 6; i++) {
  const r = Math.hypot(spots.x[i] - 511.5, spots.y[i] - 511.5) * 0.05;
  console.log(
    `  ${spots.h[i]} ${spots.k[i]} ${spots.l[i]}  d=${spots.d[i].toFixed(4)}  R=${r.toFixed(3)}  I=${spots.intensity[i].toFixed(3)}`,
  );
}

// 2. One image, written as an 8-bit PNG with the geometry in text chunks.
mkdirSync('output', { recursive: true });
const pattern = simulate(si, {
  zone: [1, 1, 1],
  directBeam: true,
  gamma: 0.5,
  noise: { poisson: 200 },
  seed: 1,
});
writeFileSync('output/si-111.png', encodePng(pattern));
console.log(
  `output/si-111.png: ${pattern.spots.count} spots, λ = ${pattern.settings.wavelength.toFixed(6)} Å`,
);

// 3. A batch on all cores (worker threads), results in job order.
const zones = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
  [0, 1, 2],
];
const jobs = zones.flatMap((zone) =>
  [0, 10, 20].map((rotation) => ({ structure: si, settings: { zone, rotation } })),
);
const results = await simulateBatch(jobs, { output: { image: false, png: true } });
for (const r of results)
  writeFileSync(`output/si-${r.settings.zone.join('')}-rot${r.settings.rotation}.png`, r.png);
console.log(`batch: ${results.length} PNGs written to output/`);
