/**
 * Evaluates a trained model on the held-out (validation) crystals of its dataset and writes the model card:
 * single-pattern label accuracy, space-group accuracy with 1, 3 and 5 zone axes ensembled, robustness to noise,
 * tilt and calibration error, and the confusion matrix as a picture. Uses only the packages' public APIs.
 *
 *   npx tsx packages/classifier/scripts/model-card.ts <model-dir> <dataset-dir> <out-dir>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures, type Structure } from '@sadp/cif';
import {
  analysisEvidence,
  argmax,
  datasetRendering,
  loadClassifier,
  type PatternClassifier,
  readImage,
} from '@sadp/classifier';
import { cellCalibration, readManifest } from '@sadp/dataset';
import { encodePng, resolveSettings, type SimulationSettings, simulate } from '@sadp/diffraction-sim';
import { ensemble } from '@sadp/ensemble';
import { cubicRegistry } from '@sadp/lattice-labels';
import { randomSource } from '@sadp/raster';
import { foreignTable } from '../../../evaluation/foreign/report';
import { wilson } from './wilson';

const [modelDir, datasetDir, outDir, runDir] = process.argv.slice(2) as [string, string, string, string?];
if (!outDir) throw new Error('usage: model-card.ts <model-dir> <dataset-dir> <out-dir> [run-dir]');
/** A file of the training run folder (`train-default-model.sh` layout), parsed, or null. */
function runFile<T>(name: string, parse: (text: string) => T): T | null {
  if (!runDir) return null;
  try {
    return parse(readFileSync(join(runDir, name), 'utf8'));
  } catch {
    return null;
  }
}
/** `sadp eval --json` of the same model on the same images through the training loader. */
const loaderEval = runFile('eval-val.json', (t) => JSON.parse(t) as { accuracy: number });
/** Imaging conditions drawn per image by the dataset (`--imaging`), if any. */
const imaging = (
  JSON.parse(readFileSync(join(datasetDir, 'dataset.json'), 'utf8')) as {
    options: { imaging?: Record<string, unknown> | false };
  }
).options.imaging;

/** 95 % percentile bootstrap interval of the mean of per-crystal accuracies, resampling crystals. */
function bootstrap(perCrystal: number[], draws = 2000): [number, number] {
  const random = randomSource(7);
  const means: number[] = [];
  for (let d = 0; d < draws; d++) {
    let s = 0;
    for (let i = 0; i < perCrystal.length; i++) s += perCrystal[Math.floor(random() * perCrystal.length)]!;
    means.push(s / perCrystal.length);
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * draws)]!, means[Math.floor(0.975 * draws)]!];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const interval = ([lo, hi]: [number, number]) => `${pct(lo)}–${pct(hi)}`;

const classifier: PatternClassifier = await loadClassifier({ modelDir });
const rendering = classifier.rendering ?? datasetRendering(datasetDir);
if (!rendering) throw new Error(`${datasetDir}: no dataset.json, cannot tell how the images were rendered`);
const labels = classifier.labels;
const val = readManifest(join(datasetDir, 'manifest.jsonl')).filter((r) => r.split === 'val');

// 1. Single patterns: the validation PNGs as written by the dataset, read like user images.
const batch = 256;
const probabilities = new Float32Array(val.length * labels.length);
for (let s = 0; s < val.length; s += batch) {
  const part = val.slice(s, s + batch).map((r) => readImage(join(datasetDir, r.file)));
  probabilities.set(classifier.classify(part), s * labels.length);
}
const rankOf = (i: number, label: string) => {
  const row = probabilities.subarray(i * labels.length, (i + 1) * labels.length);
  const p = row[labels.indexOf(label)]!;
  let rank = 0;
  for (const q of row) if (q > p) rank++;
  return rank;
};
const top1 = val.filter((r, i) => rankOf(i, r.label) === 0).length;
const top3 = val.filter((r, i) => rankOf(i, r.label) < 3).length;
const n = labels.length;
const confusion = new Int32Array(n * n);
val.forEach((r, i) => {
  const row = probabilities.subarray(i * n, (i + 1) * n);
  confusion[labels.indexOf(r.label) * n + argmax(row)]!++;
});

// 2. Space group from k zone axes of one crystal, ensembled (bayes), over random zone subsets.
const byCrystal = new Map<string, number[]>();
val.forEach((r, i) => {
  const key = `${r.source}#${r.block}`;
  byCrystal.set(key, [...(byCrystal.get(key) ?? []), i]);
});
type GroupAccuracy = Record<number, { mean: number; interval: [number, number]; trials: number }>;
/**
 * How the zones of one crystal are chosen: `random` k distinct zones; `standard` [001], [011] and [111] (the
 * first tilts of a cubic crystal); `adaptive` a random first zone, then each time the zone the ensemble suggests
 * (`Prediction.nextZone`).
 */
type Protocol = 'random' | 'standard' | 'adaptive';
const STANDARD_ZONES = ['001', '011', '111'];
/** The registry form of a zone the ensemble suggests, as the manifest writes zones ("013"). */
const zoneKey = (zone: readonly number[]) => zone.join('');
/**
 * Space-group accuracy from k = 1, 3, 5 zones of each crystal (the same random draws on every call), with the
 * images' spot spacings when given (one camera per crystal).
 */
function spaceGroupAccuracy(
  probabilities: Float32Array,
  protocol: Protocol = 'random',
  spacings?: Float64Array,
): GroupAccuracy {
  const groupAccuracy: GroupAccuracy = {};
  const random = randomSource(1);
  // spacings are fractions of the image width already (one unit for every image of a crystal)
  const all = analysisEvidence(
    labels,
    { probabilities, spacings: spacings ?? new Float64Array(probabilities.length / n).fill(Number.NaN) },
    { spacing: { width: 1 } },
  );
  for (const k of protocol === 'standard' ? [3] : [1, 3, 5]) {
    const perCrystal: number[] = [];
    let trials = 0;
    for (const indices of byCrystal.values()) {
      const byZone = new Map<string, number[]>();
      for (const i of indices)
        byZone.set(zoneKey(val[i]!.zone), [...(byZone.get(zoneKey(val[i]!.zone)) ?? []), i]);
      const evidenceOf = (images: number[]) => {
        const i = images[Math.floor(random() * images.length)]!;
        return all[i]!;
      };
      const options = { mode: 'bayes', abstainBelow: 0 } as const;
      let correct = 0;
      const draws = 40;
      for (let d = 0; d < draws; d++) {
        let verdict: number | null;
        if (protocol === 'adaptive') {
          const evidence = [evidenceOf([...byZone.values()][Math.floor(random() * byZone.size)]!)];
          let prediction = ensemble(evidence, cubicRegistry, options);
          while (evidence.length < k && prediction.nextZone) {
            evidence.push(evidenceOf(byZone.get(zoneKey(prediction.nextZone.zone))!));
            prediction = ensemble(evidence, cubicRegistry, options);
          }
          verdict = prediction.best;
        } else {
          const chosen =
            protocol === 'standard'
              ? STANDARD_ZONES.map((z) => byZone.get(z)!)
              : [...byZone.values()].sort(() => random() - 0.5).slice(0, k);
          verdict = ensemble(chosen.map(evidenceOf), cubicRegistry, options).best;
        }
        if (verdict === val[indices[0]!]!.spaceGroup) correct++;
      }
      perCrystal.push(correct / draws);
      trials += draws;
    }
    groupAccuracy[k] = {
      mean: perCrystal.reduce((a, b) => a + b, 0) / perCrystal.length,
      interval: bootstrap(perCrystal),
      trials,
    };
  }
  return groupAccuracy;
}

/**
 * The most any classifier can reach with k random zones: every (variant, k-zone subset) of the registry with
 * its true labels (and spacings), counted right only when the true group alone comes out on top.
 */
function ceiling(k: number, withSpacings: boolean): number {
  const variants = [...new Set(cubicRegistry.labels.flatMap((l) => l.members.map((m) => m.variant)))];
  let right = 0;
  let total = 0;
  const subsets = (start: number, chosen: number[]): number[][] =>
    chosen.length === k
      ? [chosen]
      : cubicRegistry.zones.flatMap((_, z) => (z >= start ? subsets(z + 1, [...chosen, z]) : []));
  for (const variant of variants) {
    const at = cubicRegistry.zones.map((zone) => {
      const entry = cubicRegistry.labels.find((l) =>
        l.members.some((m) => m.variant === variant && zoneKey(m.zone) === zoneKey(zone)),
      )!;
      const member = entry.members.find((m) => m.variant === variant && zoneKey(m.zone) === zoneKey(zone))!;
      return { label: entry.name, ...(withSpacings ? { spacing: member.spacing! } : {}) };
    });
    for (const subset of subsets(0, [])) {
      const [first, second] = ensemble(
        subset.map((z) => at[z]!),
        cubicRegistry,
      ).groups;
      total++;
      if (
        first!.spaceGroup === Number(variant.split('-')[0]) &&
        first!.probability > second!.probability + 1e-9
      )
        right++;
    }
  }
  return right / total;
}
const groupAccuracy = spaceGroupAccuracy(probabilities);

// 3. Robustness: re-simulate the validation crystals with noise, tilt or a 5 % calibration error.
const structures = new Map<string, Structure>();
function structureOf(source: string, block: string): Structure {
  const key = `${source}#${block}`;
  let s = structures.get(key);
  if (!s) {
    s = readStructures(readFileSync(source, 'utf8'), { file: source }).find((x) => x.source.block === block)!;
    structures.set(key, s);
  }
  return s;
}
/**
 * A re-simulation condition: settings changed from the dataset's, an image size (× the dataset's), the network
 * alone, and where to keep the probabilities for the space-group accuracy.
 */
interface Condition {
  perturb: (base: SimulationSettings) => SimulationSettings;
  zoom?: number;
  geometry?: boolean;
  keep?: Float32Array;
  /** Every image of a crystal at one camera constant (its first image's), spot spacings kept here. */
  oneCamera?: Float64Array;
  /**
   * Field of view × this (a shorter camera length: 1/a and the spots span `field` times fewer pixels); classify is
   * told each image's scale (`cellPixels`, as `--lattice` with `--calibration` would) unless `scaleGiven: false`.
   */
  field?: number;
  scaleGiven?: boolean;
}
const cleanProbabilities = new Float32Array(val.length * labels.length);
const largeProbabilities = new Float32Array(val.length * labels.length);
const cameraProbabilities = new Float32Array(val.length * labels.length);
const cameraSpacings = new Float64Array(val.length);
const noisyCameraProbabilities = new Float32Array(val.length * labels.length);
const noisyCameraSpacings = new Float64Array(val.length);
/** Seed of each crystal's first validation image: its camera constant in the one-camera conditions. */
const cameraSeed = new Map([...byCrystal].map(([key, indices]) => [key, val[indices[0]!]!.seed]));
/** Spot σ of the dataset's images (the simulator's default when the dataset did not set it), scaled by `zoom`. */
const datasetSpotSigma = resolveSettings({
  ...(rendering.simulation as Partial<SimulationSettings>),
  zone: [0, 0, 1],
}).spotSigma;
const noisy = (counts: number, constant: number, diffuse: number) => (b: SimulationSettings) => ({
  ...b,
  background: { constant, diffuse },
  noise: { poisson: counts },
});
const conditions: Record<string, Condition> = {
  clean: { perturb: (b) => b, keep: cleanProbabilities },
  'clean, network alone (classify with geometry: false)': { perturb: (b) => b, geometry: false },
  'Poisson noise (50 counts at peak) + background': { perturb: noisy(50, 0.02, 0.1) },
  'Poisson noise (10 counts at peak) + background': { perturb: noisy(10, 0.05, 0.2) },
  'tilt 1° off the zone axis': { perturb: (b) => ({ ...b, tilt: [1, 0] }) },
  'tilt 2° off the zone axis': { perturb: (b) => ({ ...b, tilt: [2, 0] }) },
  'calibration +5%': { perturb: (b) => ({ ...b, calibration: b.calibration! * 1.05 }) },
  'calibration −5%': { perturb: (b) => ({ ...b, calibration: b.calibration! * 0.95 }) },
  'calibration +10%': { perturb: (b) => ({ ...b, calibration: b.calibration! * 1.1 }) },
  'clean, 4× larger camera image': { perturb: (b) => b, zoom: 4, keep: largeProbabilities },
  'clean, 4× larger camera image, network alone': { perturb: (b) => b, zoom: 4, geometry: false },
  'Poisson noise (50 counts at peak) + background, 4× larger camera image': {
    perturb: noisy(50, 0.02, 0.1),
    zoom: 4,
  },
  'clean, 4× larger camera image, 2× wider field of view, scale given': {
    perturb: (b) => b,
    zoom: 4,
    field: 2,
  },
  'clean, 4× larger camera image, 2× wider field of view, scale from the spots': {
    perturb: (b) => b,
    zoom: 4,
    field: 2,
    scaleGiven: false,
  },
  'Poisson noise (50 counts at peak) + background, 4× larger camera image, 2× wider field of view, scale given':
    {
      perturb: noisy(50, 0.02, 0.1),
      zoom: 4,
      field: 2,
    },
  'clean, one camera length per crystal': {
    perturb: (b) => b,
    keep: cameraProbabilities,
    oneCamera: cameraSpacings,
  },
  'Poisson noise (50 counts at peak) + background, 4× larger camera image, one camera length per crystal': {
    perturb: noisy(50, 0.02, 0.1),
    zoom: 4,
    keep: noisyCameraProbabilities,
    oneCamera: noisyCameraSpacings,
  },
};
const robustness: Record<string, { accuracy: number; interval: [number, number]; count: number }> = {};
const sample = val;
for (const [
  name,
  { perturb, zoom = 1, geometry = true, keep, oneCamera, field, scaleGiven = true },
] of Object.entries(conditions)) {
  let correct = 0;
  for (let s = 0; s < sample.length; s += batch) {
    const part = sample.slice(s, s + batch);
    const cellPixels: number[] = [];
    const images = part.map((r) => {
      const structure = structureOf(r.source!, r.block);
      const base: SimulationSettings = {
        ...(rendering.simulation as Partial<SimulationSettings>),
        zone: r.zone,
        voltage: r.voltage * 1e3,
        size: rendering.size * zoom,
        seed: r.seed,
        calibration:
          cellCalibration(
            structure,
            rendering.cellPixels!,
            oneCamera ? cameraSeed.get(`${r.source}#${r.block}`)! : r.seed,
          ) *
          ((field ?? 1) / zoom),
        spotSigma: (datasetSpotSigma * zoom) / (field ?? 1),
      };
      const settings = perturb(base);
      const { a, b, c } = structure.cell;
      cellPixels.push(1 / (Math.max(a, b, c) * settings.calibration!));
      const pattern = simulate(structure, settings);
      return { width: pattern.size, height: pattern.size, data: pattern.image };
    });
    const { probabilities: p, spacings } = classifier.analyse(images, {
      geometry,
      ...(field && scaleGiven ? { cellPixels } : {}),
    });
    keep?.set(p, s * n);
    // Spacings as a fraction of the image width: one unit for every image of a crystal.
    if (oneCamera) {
      const evidence = analysisEvidence(
        labels,
        { probabilities: p, spacings },
        { spacing: { width: rendering.size * zoom } },
      );
      oneCamera.set(
        evidence.map((e) => e.spacing ?? Number.NaN),
        s,
      );
    }
    part.forEach((r, j) => {
      const row = p.subarray(j * n, (j + 1) * n);
      if (labels[argmax(row)] === r.label) correct++;
    });
  }
  robustness[name] = {
    accuracy: correct / sample.length,
    interval: wilson(correct / sample.length, sample.length),
    count: sample.length,
  };
}

const cleanGroupAccuracy = spaceGroupAccuracy(cleanProbabilities);
const largeGroupAccuracy = spaceGroupAccuracy(largeProbabilities);
/** Zone protocols on the one-camera images, with and without comparing spot spacings. */
const protocols = {
  'random zones, labels only': spaceGroupAccuracy(cameraProbabilities, 'random'),
  'random zones, spacings compared': spaceGroupAccuracy(cameraProbabilities, 'random', cameraSpacings),
  '[001], [011], [111], labels only': spaceGroupAccuracy(cameraProbabilities, 'standard'),
  '[001], [011], [111], spacings compared': spaceGroupAccuracy(
    cameraProbabilities,
    'standard',
    cameraSpacings,
  ),
  'zones suggested by the ensemble, labels only': spaceGroupAccuracy(cameraProbabilities, 'adaptive'),
  'zones suggested by the ensemble, spacings compared': spaceGroupAccuracy(
    cameraProbabilities,
    'adaptive',
    cameraSpacings,
  ),
  '[001], [011], [111], spacings compared, noisy 4× larger images': spaceGroupAccuracy(
    noisyCameraProbabilities,
    'standard',
    noisyCameraSpacings,
  ),
  'zones suggested by the ensemble, spacings compared, noisy 4× larger images': spaceGroupAccuracy(
    noisyCameraProbabilities,
    'adaptive',
    noisyCameraSpacings,
  ),
};
const ceilings = {
  labels: { 1: ceiling(1, false), 3: ceiling(3, false), 5: ceiling(5, false) },
  spacings: { 1: ceiling(1, true), 3: ceiling(3, true), 5: ceiling(5, true) },
};

// 4. Confusion matrix picture: one 8×8 cell per (true, predicted) pair, row-normalised, sqrt scale.
const cell = 8;
const side = n * cell;
const image = new Float32Array(side * side);
for (let t = 0; t < n; t++) {
  let rowTotal = 0;
  for (let p = 0; p < n; p++) rowTotal += confusion[t * n + p]!;
  for (let p = 0; p < n; p++) {
    const v = rowTotal > 0 ? Math.sqrt(confusion[t * n + p]! / rowTotal) : 0;
    for (let y = 0; y < cell; y++)
      for (let x = 0; x < cell; x++) image[(t * cell + y) * side + p * cell + x] = v;
  }
}
writeFileSync(
  join(outDir, 'confusion.png'),
  encodePng({ image, size: side }, { metadata: { Labels: labels.join(' ') } }),
);

const metrics: { seconds: number; imagesPerSecond: number }[] =
  runFile('train/metrics.jsonl', (t) =>
    t
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  ) ?? [];
const card = {
  model: { labels: labels.length, inputSize: classifier.inputSize, temperature: classifier.temperature },
  rendering,
  validation: { images: val.length, crystals: byCrystal.size },
  singlePattern: {
    top1: top1 / val.length,
    top1Interval: wilson(top1 / val.length, val.length),
    top3: top3 / val.length,
    top3Interval: wilson(top3 / val.length, val.length),
  },
  spaceGroup: groupAccuracy,
  spaceGroupClean: cleanGroupAccuracy,
  spaceGroupLarge: largeGroupAccuracy,
  spaceGroupProtocols: protocols,
  spaceGroupCeilings: ceilings,
  robustness,
  training: {
    epochs: metrics.length,
    seconds: metrics.reduce((s: number, m: { seconds: number }) => s + m.seconds, 0),
    imagesPerSecond: metrics.at(-1)?.imagesPerSecond,
    history: metrics,
  },
};
writeFileSync(join(outDir, 'model-card.json'), `${JSON.stringify(card, null, 1)}\n`);
console.log(
  [
    `single pattern (${val.length} images of ${byCrystal.size} held-out crystals): top-1 ${pct(card.singlePattern.top1)} (${interval(card.singlePattern.top1Interval)}), top-3 ${pct(card.singlePattern.top3)} (${interval(card.singlePattern.top3Interval)})`,
    ...Object.entries(groupAccuracy).map(
      ([k, g]) => `space group, ${k} zone(s): ${pct(g.mean)} (${interval(g.interval)})`,
    ),
    ...Object.entries(cleanGroupAccuracy).map(
      ([k, g]) => `space group, ${k} zone(s), clean patterns: ${pct(g.mean)} (${interval(g.interval)})`,
    ),
    ...Object.entries(largeGroupAccuracy).map(
      ([k, g]) =>
        `space group, ${k} zone(s), clean 4× larger images: ${pct(g.mean)} (${interval(g.interval)})`,
    ),
    ...Object.entries(protocols).flatMap(([name, accuracy]) =>
      Object.entries(accuracy).map(
        ([k, g]) => `space group, ${k} zone(s), ${name}: ${pct(g.mean)} (${interval(g.interval)})`,
      ),
    ),
    `ceiling with random zones (true labels): ${JSON.stringify(ceilings)}`,
    ...Object.entries(robustness).map(
      ([name, r]) => `${name}: ${pct(r.accuracy)} (${interval(r.interval)}, ${r.count} images)`,
    ),
  ].join('\n'),
);

// 5. The model card itself.
const summary = JSON.parse(readFileSync(join(datasetDir, 'summary.json'), 'utf8')) as {
  train: number;
  val: number;
  perSpaceGroup: Record<string, { crystals: { train: number; val: number; synthetic: number } }>;
};
const last = metrics.at(-1) as { valAccuracy?: number; imagesPerSecond?: number } | undefined;
// The foreign evaluation set (evaluation/foreign), run on this release and on the previous one.
const foreignDir = join(import.meta.dirname, '../../../evaluation/foreign');
const readJson = (file: string) => {
  try {
    return JSON.parse(readFileSync(join(foreignDir, file), 'utf8'));
  } catch {
    return undefined;
  }
};
const foreign = readJson('results.json');
const foreignBefore = readJson('results-before.json');
const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as {
  userDefinedMetadata?: Record<string, unknown> & { sadp?: Record<string, unknown> };
};
// the metadata sits under `sadp` in models written since the model-folder format
const modelMetadata = {
  userDefinedMetadata: (modelJson.userDefinedMetadata?.sadp ?? modelJson.userDefinedMetadata) as {
    initialisedFrom?: string;
    input?: { normalize?: string; mask?: string };
    augment?: { rotation?: number };
  },
};
const markdown = `# Model card: the default classifier of @sadp/classifier

A ResNet18 at half width (${classifier.inputSize} px, 1 channel, ${labels.length} classes = the labels of the
\`@sadp/lattice-labels\` cubic registry, in registry order), ${
  modelMetadata.userDefinedMetadata?.initialisedFrom
    ? 'fine-tuned from the previous default model (`sadp train --init`; the first was trained from scratch)'
    : 'trained from scratch'
} on CPU (tfjs wasm, 2 threads), reading each input ${
  modelMetadata.userDefinedMetadata?.input?.mask === 'disc' ? 'through its inscribed disc' : 'as a square'
}; \`analyse\` averages each pattern's eight symmetry views (quarter turns and mirrors).
It maps one selected-area diffraction pattern to label probabilities; \`@sadp/ensemble\` turns the patterns
of one crystal into space-group probabilities. Reproduce it with \`bash packages/classifier/scripts/train-default-model.sh\`.
${
  foreign
    ? `
## Patterns not made by our renderer (first check for any user)

\`evaluation/foreign\`: spot lists of crystals never used in training computed by an independent calculator
(pymatgen's TEMCalculator), drawn by a renderer that shares no code with \`@sadp/diffraction-sim\`, with the
conventions of microscopes, detectors and displays drawn at random per pattern (linear, gamma or log display; spots
0.3–3× the training size, Gaussian, Lorentzian or pseudo-Voigt; direct beam absent, equal or 10–100× and clipped;
beam stop; thickness envelope or none; intensity jitter; double diffraction; beam off-centre; 1–3 % ellipticity;
8- or 16-bit; any in-plane orientation), 256 px. 95 % intervals; in brackets: the previous release.
"Calibration given" tells the classifier the pixels spanned by 1/a (as \`--lattice\` with \`--calibration\` does), and the
ensemble holds the spot spacings to that lattice parameter within 3 % (\`@sadp/ensemble\` \`knownLattice\`); "no scale
given" tells neither, and the ensemble compares the spacings' proportions alone.
Reproduce with \`npx tsx evaluation/foreign/evaluate.ts --out-of-scope 0.3\`.

${foreignTable(foreign, foreignBefore)}
`
    : ''
}
## Data

Simulated by \`@sadp/dataset\` from the cubic CIFs of the shared corpus (groups 213, 221, 225, 227, 229), split
85:15 **by crystal** (files of the same compound and cell stay on one side); synthetic random crystals top the
training side up to the same number of crystals per group, and per absence variant for 227 (spinel-like, diamond-like
and C15-Laves-like structures give different patterns); validation is real crystals only.
${summary.train} training and ${summary.val} validation images: 16 zone axes × ${rendering.voltages.map((v) => `${v / 1e3}`).join('/')} kV per crystal,
${rendering.size} px, scaled so the reciprocal cell edge spans ${rendering.cellPixels?.join('–')} px, settings ${JSON.stringify(rendering.simulation)}.
${
  imaging
    ? `Imaging conditions drawn per image (both splits): ${JSON.stringify(imaging)} (\`@sadp/dataset\` \`imaging\`:
a fraction of the images gets shot noise with that many counts at the peak, read noise, background, a diffuse halo
and a tilt off the zone axis up to that many degrees).
`
    : ''
}On-the-fly augmentation: rotation ±${modelMetadata.userDefinedMetadata?.augment?.rotation ?? 30}°, zoom 0.9–1.1, random shift; ${
  modelMetadata.userDefinedMetadata?.input?.normalize === 'spots'
    ? 'every input background-free and scaled to its strongest reflections (`@sadp/resnet` `normalizeInput` `spots`)'
    : 'every input rescaled to a peak of 1'
}.

| space group | real train | real val | synthetic train |
|---|---|---|---|
${Object.entries(summary.perSpaceGroup)
  .map(([g, c]) => `| ${g} | ${c.crystals.train} | ${c.crystals.val} | ${c.crystals.synthetic} |`)
  .join('\n')}

## Training

Preset \`cpu\`: SGD momentum 0.9, one-cycle learning rate (max 0.1), label smoothing 0.1, weight decay 5e-4,
batch 32, ${card.training.epochs} epochs, ${(card.training.seconds / 60).toFixed(0)} min at ${last?.imagesPerSecond?.toFixed(0) ?? '?'} images/s on 2 cores,
softmax temperature ${classifier.temperature.toFixed(3)} fitted on the validation set. Weights shipped as float16.

## Accuracy on held-out crystals (${val.length} images of ${byCrystal.size} crystals; 95 % intervals)

| measure | value |
|---|---|
| single pattern, label top-1${imaging ? ' (validation images as generated, with their imaging conditions)' : ''} | ${pct(card.singlePattern.top1)} (${interval(card.singlePattern.top1Interval)}) |
| single pattern, label top-1, clean patterns | ${pct(robustness.clean!.accuracy)} (${interval(robustness.clean!.interval)}) |
| single pattern, label top-3 | ${pct(card.singlePattern.top3)} (${interval(card.singlePattern.top3Interval)}) |
${Object.entries(groupAccuracy)
  .map(
    ([k, g]) =>
      `| space group, ${k} zone ax${k === '1' ? 'is' : 'es'} ensembled (bayes)${imaging ? ', images as generated' : ''} | ${pct(g.mean)} (${interval(g.interval)}) |`,
  )
  .join('\n')}
${Object.entries(cleanGroupAccuracy)
  .map(
    ([k, g]) =>
      `| space group, ${k} zone ax${k === '1' ? 'is' : 'es'} ensembled (bayes), clean patterns | ${pct(g.mean)} (${interval(g.interval)}) |`,
  )
  .join('\n')}
${Object.entries(largeGroupAccuracy)
  .map(
    ([k, g]) =>
      `| space group, ${k} zone ax${k === '1' ? 'is' : 'es'} ensembled (bayes), clean ${4 * rendering.size} px images | ${pct(g.mean)} (${interval(g.interval)}) |`,
  )
  .join('\n')}

\`classify\` weighs the network's probabilities by the lattice it measures from each image's spots at the image's
full resolution (\`@sadp/lattice-labels\` \`latticeOfImage\` + \`labelLikelihood\`); the rows marked "network alone"
switch that off. Camera images are usually larger than ${rendering.size} px: the "4× larger" rows simulate the same
patterns at ${4 * rendering.size} px (same field of view), which the classifier shrinks for the network but measures in full.

### Which zones to record

Many (space group, zone) pairs look alike, so three **random** zones often cannot single out the group whatever the
classifier: with the true label of every pattern, ${pct(ceilings.labels[3])} of the (variant, 3-zone) combinations of the
registry have the true group alone on top (${pct(ceilings.spacings[3])} when their spot spacings are compared too;
${pct(ceilings.labels[5])} / ${pct(ceilings.spacings[5])} with 5 zones). Chosen zones do far better. Below, the validation crystals are
re-simulated with **one camera length per crystal** (all zones and voltages at one camera constant), so that
\`classify\` can hand the ensemble each image's spot spacing (\`@sadp/ensemble\` \`spacing\`: for one crystal, the
spacings at different zones stand in fixed proportions, e.g. 1 : 1 : √2 at [001], [011], [111] for Pm-3m and
1 : 1 : 1 for Im-3m, whose labels are the same). "Suggested" zones start at a random zone and then follow the
ensemble's \`nextZone\` each time.

| zones (one camera length per crystal, clean patterns unless noted) | 3 zones | 5 zones |
|---|---|---|
${Object.entries(protocols)
  .map(
    ([name, g]) =>
      `| ${name} | ${pct(g[3]!.mean)} (${interval(g[3]!.interval)}) | ${g[5] ? `${pct(g[5].mean)} (${interval(g[5].interval)})` : '—'} |`,
  )
  .join('\n')}

Where every draw of every crystal is right, the bootstrap interval collapses to 100 %; with ${byCrystal.size} crystals the
one-sided 95 % bound is then 1 − 3/${byCrystal.size} ≈ ${pct(1 - 3 / byCrystal.size)} (rule of three). The ceiling above counts a tie between the true
group and another as a failure; with network probabilities ties rarely stay exact, so measured random-zone accuracy
can exceed it.

Single-pattern intervals are Wilson intervals over images (images of one crystal are correlated, so they are
optimistic); ensembled intervals are bootstrap intervals over crystals (40 random zone subsets per crystal).
The paper's ResNet101 reached 92.6 % label accuracy on its validation set (GPU, ImageNet pre-training, 224 px).

## Robustness (the validation crystals re-simulated under one condition at a time)

| condition | label top-1 |
|---|---|
${Object.entries(robustness)
  .map(([name, r]) => `| ${name} | ${pct(r.accuracy)} (${interval(r.interval)}) |`)
  .join('\n')}

What limits a single pattern is mostly the field of view: at the training scale a long cell (B3, B4, B6, D10, D11)
shows one row of spots through the beam, and B3-0 ([014] of Fm-3m) and B4-0 ([023]) share that row, so no classifier
can tell them apart from that image. Recorded at half the camera length (1/a over ${(2 * (rendering.cellPixels?.[0] ?? 0)).toFixed(1)}–${(2 * (rendering.cellPixels?.[1] ?? 0)).toFixed(1)} px of a
${4 * rendering.size} px image, spots half as wide) and given the scale (\`--lattice\` with \`--calibration\`, or \`--cell-pixels\`),
the same patterns score ${pct(robustness['clean, 4× larger camera image, 2× wider field of view, scale given']?.accuracy ?? Number.NaN)} clean: the network sees the central part at its
training scale, the lattice fit sees the whole image with its second rows. Without the scale, \`classify\` estimates
it from the fitted lattice where that is finer than training (\`scaleFromSpots\`) and scores ${pct(robustness['clean, 4× larger camera image, 2× wider field of view, scale from the spots']?.accuracy ?? Number.NaN)}.

## Confusion matrix

Rows: true label, columns: predicted, in registry order; brightness = square root of the row fraction.

![confusion matrix](confusion.png)

## Limits

- Trained on kinematic simulations with drawn imaging conventions and artefacts (double diffraction as weak
  g₁ + g₂ spots, not full dynamical intensities); no Kikuchi lines. The first table measures patterns of an
  independent renderer; real micrographs add what no simulation here draws.
- The model expects patterns at the scale above: the reciprocal cell edge about ${rendering.cellPixels?.join('–')} px across a
  ${rendering.size} px image (the central square of the input is shrunk to that size). Give \`sadp classify\` the scale of
  other images (\`--lattice <Å> --calibration <Å⁻¹/px>\` or \`--cell-pixels <px>\`) and it zooms them to match.
- Space-group accuracy above is measured on the validation images as generated (70 % with noise); a few held-out
  crystals (e.g. the 213 zeolite, whose group has one real training crystal) are wrong on most zones.
${
  loaderEval && Math.abs(loaderEval.accuracy - card.singlePattern.top1) > 0.01
    ? `- The training loader (\`sadp eval\`) scores ${pct(loaderEval.accuracy)} on the same validation images against ${pct(card.singlePattern.top1)}
  through \`classify\`: the two paths prepare inputs differently (resampling), which the model notices.
`
    : ''
}- Ordered phases whose superlattice reflections are too weak to see read as their disordered parent, confidently:
  NiAl and CsBr (Pm-3m) as Im-3m, Cu₃Au as Fm-3m, and Li₂O (antifluorite, its 200 nearly extinct) as Fd-3m, at
  50 counts above 90 % (first table). Nothing in the pattern tells them apart; record longer, or check a
  superlattice reflection's position by tilting. The verdict names such look-alikes and the reflections to look
  for (\`Prediction.hiddenLookAlikes\`; the first table counts how often); their probability stays as low as the
  training corpus has them (2 of 24 Pm-3m crystals pass for Im-3m at a 1 % detection limit).
- P4₁32 crystals whose 4₁ screw absences double diffraction lights (thicker specimens) read as Pm-3m: every
  zone-axis pattern is then Pm-3m's, spacings included (the first table's 213_openchem_ITV, 221 at 100 %). The
  verdict names P4₁32 behind every Pm-3m verdict (\`cause: 'double diffraction'\`); a pattern tilted off the zone
  to a systematic row tells them apart.
- Five cubic space groups only (and their look-alikes, see \`@sadp/ensemble\`'s families).
`;
writeFileSync(join(outDir, 'MODEL_CARD.md'), markdown);
