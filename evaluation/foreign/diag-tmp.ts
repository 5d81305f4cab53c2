import { readFileSync } from 'node:fs';
import { loadClassifier } from '@sadp/classifier';
import { cubicRegistry, fnv1a, latticeOfImage } from '@sadp/lattice-labels';
import { type ForeignCrystal, renderForeign, Xoshiro } from './render';
import { kinematicLabel, MIN_LEVEL, visibleLabel } from './visible';

const hash = (t: string) => Number.parseInt(fnv1a(t), 16);
const set = JSON.parse(readFileSync('evaluation/foreign/spots.json', 'utf8')) as {
  crystals: ForeignCrystal[];
};
const cubic = set.crystals.filter(
  (c) => c.kind !== 'non-cubic' && cubicRegistry.spaceGroups.includes(c.spaceGroup),
);
const classifier = await loadClassifier({});
const mode = process.argv[2] ?? 'issue';
const fixed =
  mode !== 'random'
    ? ({
        display: mode === 'linear' ? 'linear' : 'gamma',
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
      } as const)
    : undefined;
const noisy = process.argv[3] === 'noisy';
let n = 0,
  right = 0,
  geoRight = 0,
  netOverrode = 0,
  geoWrongNetRight = 0,
  unread = 0,
  unreadRight = 0;
const kinds = new Map<string, number>();
for (const crystal of cubic) {
  const rng = new Xoshiro(hash(crystal.id));
  const cellPixels = rng.range(12, 28);
  const calibration = 1 / (Math.max(...crystal.lattice.slice(0, 3)) * cellPixels);
  const zones = Object.keys(crystal.zones);
  const patterns = zones.map((z) =>
    renderForeign(crystal, z, calibration, hash(`${crystal.id} ${z}`), {
      counts: noisy ? 50 : 0,
      background: noisy,
      ...(fixed ? { fixed } : {}),
    }),
  );
  const noScale = process.argv[4] === 'noscale';
  const { probabilities, lattices } = classifier.analyse(patterns, noScale ? {} : { cellPixels });
  zones.forEach((zone, i) => {
    const truth = kinematicLabel(crystal, zone);
    if (truth === null) return;
    const row = probabilities.subarray(i * classifier.labels.length, (i + 1) * classifier.labels.length);
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
    const label = classifier.labels[best];
    const seen = visibleLabel(patterns[i]!, MIN_LEVEL);
    const geo = lattices[i]?.label ?? null;
    n++;
    if (label === truth) right++;
    if (seen !== truth) {
      unread++;
      if (label === truth) unreadRight++;
      const k = `unread ${truth} seen ${seen} → ${label}`;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
      return;
    }
    if (geo === truth) geoRight++;
    if (geo === truth && label !== truth) {
      netOverrode++;
      console.log(
        `OVERRODE ${crystal.id} [${zone}] ${truth} → ${label} ${(row[best]! * 100).toFixed(0)}% truth ${(row[classifier.labels.indexOf(truth)]! * 100).toFixed(0)}%`,
      );
    }
    if (geo !== truth && label === truth) geoWrongNetRight++;
    if (geo !== truth && label !== truth)
      console.log(`BOTHWRONG ${crystal.id} [${zone}] ${truth} → ${label} geo ${geo}`);
  });
}
console.log({ n, right, unread, unreadRight, geoRight, netOverrode, geoWrongNetRight });
console.log([...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25));
