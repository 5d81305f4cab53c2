import { readFileSync } from 'node:fs';
import { readStructures } from '@sadp/cif';
import { loadClassifier, matchingSimulation } from '@sadp/cli';
import { simulate } from '@sadp/diffraction-sim';
import { labelOf } from '@sadp/lattice-labels';
import type { ForeignCrystal } from './render';

const set = JSON.parse(readFileSync('evaluation/foreign/spots.json', 'utf8')) as {
  crystals: ForeignCrystal[];
};
const model = process.argv[2]!;
const clf = await loadClassifier({ modelDir: model });
for (const extra of [{ rotation: 20 }, { rotation: 45 }, { rotation: 90 }, { rotation: 137 }] as const) {
  let n = 0,
    ok = 0;
  for (const c of set.crystals.filter((c) => c.kind === 'held-out')) {
    const st = readStructures(readFileSync(`/work/shared/cifs/${c.source}`, 'utf8'), {
      mode: 'lenient',
      skipInvalid: true,
    })[0]!;
    const zones = Object.keys(c.zones).map((z) => [...z].map(Number) as [number, number, number]);
    const sim = { ...matchingSimulation(clf.rendering!, st.cell), size: 256 };
    sim.calibration = sim.calibration! / 4;
    const imgs = zones.map((zone) => {
      const p = simulate(st, { ...sim, spotSigma: 4, zone, ...extra });
      return { width: 256, height: 256, data: p.image };
    });
    const probs = clf.classify(imgs, {
      cellPixels: 1 / (Math.max(st.cell.a, st.cell.b, st.cell.c) * sim.calibration!),
    });
    zones.forEach((zone, i) => {
      const row = probs.subarray(i * clf.labels.length, (i + 1) * clf.labels.length);
      let b = 0;
      for (let k = 1; k < row.length; k++) if (row[k]! > row[b]!) b = k;
      n++;
      if (clf.labels[b] === labelOf(st, zone).name) ok++;
    });
  }
  console.log(JSON.stringify(extra), `${ok}/${n} = ${((100 * ok) / n).toFixed(1)} %`);
}
