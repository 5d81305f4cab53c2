import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures } from '@sadp/cif';
import {
  analysisEvidence,
  argmax,
  DEMO_CIF,
  DEMO_ROTATION,
  DEMO_ZONES,
  defaultModelDir,
  loadClassifier,
  matchingSimulation,
} from '@sadp/classifier';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import { ensemble, type PatternEvidence, type Prediction } from '@sadp/ensemble';
import { cubicRegistry, labelFromSpots } from '@sadp/lattice-labels';
import { defineCommand, listOption, numberOption, stringOption } from '../command';
import { usageError } from '../errors';
import { formatZone, parseZone, writeFileAtomic } from '../inputs';
import { printResult } from '../output';

function verdictLine(p: Prediction): string {
  const top = p.groups
    .filter((g) => g.probability >= 0.005)
    .map((g) => `${g.spaceGroup} ${(100 * g.probability).toFixed(1)}%`)
    .join(', ');
  const next = p.abstained && p.nextZone ? `; record ${formatZone(p.nextZone.zone)} next` : '';
  return `${top}${p.abstained ? ' (not sure yet)' : ''}${next}`;
}

export default defineCommand({
  name: 'demo',
  summary: 'simulate patterns of a built-in crystal (NaCl, 225), classify each and ensemble the verdict',
  options: {
    zone: {
      type: 'string',
      short: 'z',
      multiple: true,
      valueName: 'uvw',
      description: 'zone axes to record',
      default: DEMO_ZONES.map((z) => z.join('')),
    },
    rotation: {
      type: 'string',
      valueName: 'deg',
      description: 'in-plane rotation of every pattern',
      default: String(DEMO_ROTATION),
    },
    out: { type: 'string', short: 'o', valueName: 'dir', description: 'also save the patterns as PNG there' },
    classifier: {
      type: 'string',
      valueName: 'auto|resnet|spots',
      description:
        'ResNet on the image (the shipped model), or the spot-lattice fit; auto = ResNet when a model is shipped',
      default: 'auto',
    },
    model: {
      type: 'string',
      short: 'm',
      valueName: 'dir',
      description: 'model folder for the ResNet classifier',
    },
  },
  examples: ['sadp demo', 'sadp demo -z 001,011 --json', 'sadp demo -o demo-patterns/'],
  async run({ options, io }) {
    const started = performance.now();
    const [crystal] = readStructures(DEMO_CIF, { file: 'built-in NaCl' }) as [
      ReturnType<typeof readStructures>[0],
    ];
    const zones = listOption(options, 'zone')!.map(parseZone);
    const rotation = numberOption(options, 'rotation')!;
    const outDir = stringOption(options, 'out');
    if (outDir) mkdirSync(outDir, { recursive: true });
    const choice = stringOption(options, 'classifier');
    if (choice !== 'auto' && choice !== 'resnet' && choice !== 'spots') {
      throw usageError('--classifier expects auto, resnet or spots');
    }
    const modelDir = stringOption(options, 'model') ?? defaultModelDir();
    const useResNet = choice === 'resnet' || (choice === 'auto' && existsSync(join(modelDir, 'model.json')));
    const classifier = useResNet ? await loadClassifier({ modelDir }) : null;
    const rendering = classifier?.rendering;
    const evidence: PatternEvidence[] = [];
    const steps = zones.map((zone) => {
      // The ResNet sees patterns rendered as its training images were; the spot fit reads the spot list.
      const settings = rendering
        ? matchingSimulation(rendering, crystal.cell)
        : { voltage: 200e3, cameraLength: 300 };
      const pattern = simulate(crystal, { ...settings, zone, rotation });
      if (outDir) writeFileAtomic(join(outDir, `NaCl_${zone.join('')}.png`), encodePng(pattern));
      let label: string | null;
      let probability = 1;
      if (classifier) {
        const analysis = classifier.analyse([
          { width: pattern.size, height: pattern.size, data: pattern.image },
        ]);
        const row = analysis.probabilities;
        const best = argmax(row);
        // One camera for every zone: spot spacings are comparable (see @sadp/ensemble `spacing`).
        evidence.push(...analysisEvidence(classifier.labels, analysis, { spacing: { width: pattern.size } }));
        label = classifier.labels[best]!;
        probability = row[best]!;
      } else {
        const fit = labelFromSpots(pattern.spots);
        label = fit.label;
        if (label) evidence.push({ label, spacing: Math.hypot(fit.basis[0], fit.basis[1]) });
      }
      const prediction = ensemble(evidence, cubicRegistry, {
        mode: 'bayes',
        temperature: classifier?.ensembleTemperature ?? 1,
      });
      return { zone: formatZone(zone), label, probability, prediction };
    });
    const final = steps.at(-1)!.prediction;
    const seconds = (performance.now() - started) / 1000;
    printResult(
      io,
      {
        crystal: { formula: crystal.formula, spaceGroup: crystal.spaceGroup.number },
        classifier: classifier ? 'resnet' : 'spot-lattice',
        steps,
        seconds,
      },
      () =>
        [
          `Built-in crystal: NaCl (${crystal.formula}), space group ${crystal.spaceGroup.number} (${crystal.spaceGroup.symbol}).`,
          classifier
            ? `Classifier: ResNet on each ${rendering?.size ?? ''} px image × the lattice fitted to its spots (${classifier.modelDir}).`
            : 'Classifier: spot-lattice fit of each pattern (non-neural baseline; no model found).',
          ...steps.map(
            (s, i) =>
              `  pattern ${i + 1} ${s.zone.padEnd(6)} label ${(s.label ?? '?').padEnd(6)}${classifier ? ` ${(100 * s.probability).toFixed(0).padStart(3)}%` : ''} → ${verdictLine(s.prediction)}`,
          ),
          `Verdict: ${final.best === null ? 'undecided' : `space group ${final.best}`} (${seconds.toFixed(2)} s)`,
        ].join('\n'),
    );
  },
});
