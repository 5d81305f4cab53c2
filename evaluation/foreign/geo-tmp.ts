/**
 * How well the spot geometry alone reads the foreign set: the label of the lattice fitted to each image's spots
 * (`latticeOfImage`, no network) against the pattern's label, and against the label of the reflections a viewer
 * could see (drawn at a display level of at least `--min-level`, inside the field, double-diffraction spots left
 * out). Patterns whose visible reflections make another lattice than the kinematic list cannot be read from the
 * image alone; the report counts them apart.
 *
 *   npx tsx evaluation/foreign/geometry.ts [--noisy] [--min-level 0.0118] [--verbose]
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cubicRegistry, fnv1a, latticeOfImage } from '@sadp/lattice-labels';
import { conventionKeys, type ForeignCrystal, renderForeign, Xoshiro } from './render';
import { kinematicLabel, MIN_LEVEL, visibleLabel } from './visible';

const here = dirname(fileURLToPath(import.meta.url));
const hash = (text: string): number => Number.parseInt(fnv1a(text), 16);

const { values } = parseArgs({
  options: {
    noisy: { type: 'boolean', default: false },
    'min-level': { type: 'string', default: String(MIN_LEVEL) },
    verbose: { type: 'boolean', default: false },
  },
});
const minLevel = Number(values['min-level']);
const set = JSON.parse(readFileSync(join(here, 'spots.json'), 'utf8')) as { crystals: ForeignCrystal[] };
const cubic = set.crystals.filter(
  (c) => c.kind !== 'non-cubic' && cubicRegistry.spaceGroups.includes(c.spaceGroup),
);
const tally = new Map<string, { n: number; right: number }>();
const count = (key: string, right: boolean) => {
  const t = tally.get(key) ?? { n: 0, right: 0 };
  t.n++;
  if (right) t.right++;
  tally.set(key, t);
};
const started = performance.now();
for (const crystal of cubic) {
  const rng = new Xoshiro(hash(crystal.id));
  const cellPixels = rng.range(12, 28);
  const calibration = 1 / (Math.max(...crystal.lattice.slice(0, 3)) * cellPixels);
  for (const zone of Object.keys(crystal.zones)) {
    const fitted = kinematicLabel(crystal, zone);
    if (fitted === null) continue;
    const pattern = renderForeign(crystal, zone, calibration, hash(`${crystal.id} ${zone}`), {
      counts: values.noisy ? 50 : 0,
      background: values.noisy!,
      fixed: {
        display: 'gamma',
        gamma: 0.5,
        sigmaFactor: 0.4,
        profile: 'gaussian',
        beam: 'equal',
        beamStop: false,
        envelope: false,
        doubleDiffraction: 0,
        ellipticity: 0,
        offset: 3,
        bits: 8,
        saturation: 1,
      },
    });
    const seen = visibleLabel(pattern, minLevel);
    const fit = latticeOfImage(pattern);
    const label = fit?.label ?? null;
    count('all', label === fitted);
    if (seen !== fitted) {
      count('visible lattice differs', label === fitted);
      continue;
    }
    const c = pattern.conventions;
    count('visible', label === fitted);
    count(`visible, shape right`, label?.split('-')[0] === fitted.split('-')[0]);
    for (const key of conventionKeys(c)) count(`visible, ${key}`, label === fitted);
    if (values.verbose && label !== fitted)
      console.log(
        `${crystal.id} [${zone}] ${fitted} → ${label ?? 'none'} ${fit ? `${fit.ratio.toFixed(3)}/${fit.angleBOA.toFixed(1)}° from ${fit.spots.x.length} spots` : ''} ${JSON.stringify(c)}`,
      );
  }
}
for (const [key, t] of [...tally].sort())
  console.log(`${key.padEnd(40)} ${((100 * t.right) / t.n).toFixed(1).padStart(5)} % of ${t.n}`);
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
