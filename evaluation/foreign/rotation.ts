/**
 * In-domain check beside the foreign set: the held-out crystals of `spots.json` (their CIFs, from the shared
 * corpus) simulated by `@sadp/diffraction-sim` the way the model's training images were rendered, at 256 px with the
 * scale given, in the simulator's own orientation and turned by 45° and 90°. A network trained on one orientation
 * reads the turned patterns badly; micrographs have no preferred one.
 *
 *   npx tsx evaluation/foreign/rotation.ts [model-dir]     # needs ../shared/cifs (or SADP_SHARED)
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures } from '@sadp/cif';
import { argmax, loadClassifier, matchingSimulation } from '@sadp/classifier';
import { simulate } from '@sadp/diffraction-sim';
import { labelOf } from '@sadp/lattice-labels';
import type { ForeignCrystal } from './render';

const shared = process.env.SADP_SHARED ?? join(import.meta.dirname, '../../../shared');
const cifs = join(shared, 'cifs');
if (!existsSync(cifs)) {
  console.error(`rotation.ts: no CIF corpus at ${cifs} (set SADP_SHARED)`);
  process.exit(2);
}
const set = JSON.parse(readFileSync(join(import.meta.dirname, 'spots.json'), 'utf8')) as {
  crystals: ForeignCrystal[];
};
const modelDir = process.argv[2];
const classifier = await loadClassifier(modelDir ? { modelDir } : {});
const SIZE = 256;
for (const rotation of [0, 45, 90]) {
  let n = 0;
  let correct = 0;
  for (const crystal of set.crystals.filter((c) => c.kind === 'held-out')) {
    const structure = readStructures(readFileSync(join(cifs, crystal.source), 'utf8'), {
      mode: 'lenient',
      skipInvalid: true,
    })[0]!;
    const zones = Object.keys(crystal.zones).map((z) => [...z].map(Number) as [number, number, number]);
    const base = matchingSimulation(classifier.rendering!, structure.cell);
    // the same field of view as the training images, 4× the pixels
    const factor = SIZE / classifier.rendering!.size;
    const calibration = base.calibration! / factor;
    const spotSigma = Number(classifier.rendering!.simulation.spotSigma ?? 1) * factor;
    const images = zones.map((zone) => {
      const p = simulate(structure, { ...base, size: SIZE, calibration, spotSigma, zone, rotation });
      return { width: SIZE, height: SIZE, data: p.image };
    });
    const { a, b, c } = structure.cell;
    const probabilities = classifier.classify(images, { cellPixels: 1 / (Math.max(a, b, c) * calibration) });
    const n0 = classifier.labels.length;
    zones.forEach((zone, i) => {
      const best = argmax(probabilities.subarray(i * n0, (i + 1) * n0));
      n++;
      if (classifier.labels[best] === labelOf(structure, zone).name) correct++;
    });
  }
  console.log(`rotation ${rotation}°: ${correct}/${n} = ${((100 * correct) / n).toFixed(1)} %`);
}
