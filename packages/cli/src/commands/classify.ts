import { ensemble, type PatternEvidence } from '@sadp/ensemble';
import { cubicRegistry, membersOf } from '@sadp/lattice-labels';
import { labelProbabilities, loadClassifier } from '../classifier';
import { defineCommand, listOption, numberOption, stringOption } from '../command';
import { usageError } from '../errors';
import { readImage } from '../images';
import { formatZone, parseZone } from '../inputs';
import { printResult } from '../output';

export default defineCommand({
  name: 'classify',
  summary:
    'images of one crystal (PNG/NPY) → per-image labels and zone candidates, then the space-group verdict',
  usage: '<image...>',
  minArgs: 1,
  options: {
    model: {
      type: 'string',
      short: 'm',
      valueName: 'dir',
      description: 'model folder (default: the model shipped with @sadp/cli)',
    },
    zone: {
      type: 'string',
      short: 'z',
      multiple: true,
      valueName: 'uvw',
      description: 'known zone axis of each image, in order (optional)',
    },
    mode: {
      type: 'string',
      valueName: 'bayes|mean',
      description: 'how patterns are combined',
      default: 'bayes',
    },
    top: { type: 'string', valueName: 'k', description: 'labels listed per image', default: '3' },
    backend: {
      type: 'string',
      valueName: 'name',
      description: 'auto, tfjs-node-gpu, tfjs-node, wasm or cpu (env SADP_BACKEND)',
    },
  },
  examples: [
    'sadp classify a.png b.png c.png',
    'sadp classify p1.png p2.png -z 001,011 --json',
    'sadp classify pattern.npy --model runs/r18/model',
  ],
  async run({ args, options, io }) {
    const mode = stringOption(options, 'mode');
    if (mode !== 'bayes' && mode !== 'mean') throw usageError('--mode expects bayes or mean');
    const zones = listOption(options, 'zone')?.map(parseZone) ?? [];
    if (zones.length > args.length) {
      throw usageError(`${zones.length} zone axes given for ${args.length} images`);
    }
    const top = numberOption(options, 'top')!;
    const images = args.map(readImage);
    const modelDir = stringOption(options, 'model');
    const backend = stringOption(options, 'backend');
    const classifier = await loadClassifier({
      ...(modelDir ? { modelDir } : {}),
      ...(backend ? { backend } : {}),
    });
    const { labels } = classifier;
    const probabilities = classifier.classify(images);
    const evidence: PatternEvidence[] = [];
    const perImage = args.map((file, i) => {
      const row = probabilities.subarray(i * labels.length, (i + 1) * labels.length);
      const byLabel = labelProbabilities(labels, row);
      const zone = zones[i];
      evidence.push(zone ? { probabilities: byLabel, zone } : { probabilities: byLabel });
      const ranked = labels
        .map((label, k) => ({ label, probability: row[k]! }))
        .sort((a, b) => b.probability - a.probability);
      return {
        file,
        labels: ranked.slice(0, top),
        candidates: membersOf(cubicRegistry, ranked[0]!.label).map((m) => ({
          spaceGroup: m.spaceGroup,
          zone: formatZone(m.zone),
          variant: m.variant,
        })),
      };
    });
    const prediction = ensemble(evidence, cubicRegistry, { mode });
    printResult(io, { model: classifier.modelDir, images: perImage, prediction }, () =>
      [
        ...perImage.map(
          (p) =>
            `${p.file}: ${p.labels.map((l) => `${l.label} ${(100 * l.probability).toFixed(1)}%`).join(', ')}  (${p.candidates.map((c) => `${c.variant}${c.zone}`).join(' ')})`,
        ),
        `Space group: ${prediction.groups
          .filter((g) => g.probability >= 0.005)
          .map((g) => `${g.spaceGroup} ${(100 * g.probability).toFixed(1)}%`)
          .join(', ')}${prediction.abstained ? ' (not sure)' : ''}`,
        ...(prediction.abstained && prediction.nextZone
          ? [`Record ${formatZone(prediction.nextZone.zone)} next to separate the top candidates.`]
          : []),
      ].join('\n'),
    );
  },
});
