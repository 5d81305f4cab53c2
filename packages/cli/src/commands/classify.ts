import {
  analysisEvidence,
  cellPixelsOf,
  loadClassifier,
  type SpacingUnit,
  usableEvidence,
} from '@sadp/classifier';
import { ensemble } from '@sadp/ensemble';
import { cubicRegistry, membersOf } from '@sadp/lattice-labels';
import {
  defineCommand,
  listOption,
  numberListOption,
  numberOption,
  type OptionValues,
  stringOption,
} from '../command';
import { usageError } from '../errors';
import { checkCellPixels, maxPixelsOption, readImages, reportChecks } from '../image-inputs';
import { formatZone, parseZone, Warnings } from '../inputs';
import { printResult } from '../output';

/**
 * Default prior that the crystal is none of the supported groups: measured on the foreign evaluation set
 * (`evaluation/foreign`), where it turns most [001], [011], [111] sets of non-cubic crystals into "not one of the
 * supported groups" or "not sure" without costing the held-out cubic crystals their verdicts.
 */
export const OUT_OF_SCOPE_PRIOR = 0.3;

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
      description: 'model folder (default: the model shipped with @sadp/classifier)',
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
    'cell-pixels': {
      type: 'string',
      multiple: true,
      valueName: 'px',
      description:
        'pixels spanned by the reciprocal cell edge 1/a in each image (one value, or one per image)',
    },
    lattice: {
      type: 'string',
      valueName: 'Å',
      description: 'lattice parameter a, with --calibration: sets the scale as --cell-pixels does',
    },
    calibration: {
      type: 'string',
      multiple: true,
      valueName: 'Å⁻¹/px',
      description: 'reciprocal-space size of one pixel (one value, or one per image), with --lattice',
    },
    'mixed-cameras': {
      type: 'boolean',
      description:
        'images recorded at different camera lengths or voltages: do not compare their spot spacings (not needed with --calibration or --cell-pixels)',
    },
    'out-of-scope': {
      type: 'string',
      valueName: 'p',
      description:
        'prior probability that the crystal is none of the supported groups (0 assumes it is one of them)',
      default: String(OUT_OF_SCOPE_PRIOR),
    },
    top: { type: 'string', valueName: 'k', description: 'labels listed per image', default: '3' },
    backend: {
      type: 'string',
      valueName: 'name',
      description: 'auto, tfjs-node-gpu, tfjs-node, wasm or cpu (env SADP_BACKEND)',
    },
    'max-pixels': {
      type: 'string',
      valueName: 'n',
      description: 'largest image read, in pixels, checked from its header (default: 67108864, 64 MP)',
    },
    strict: {
      type: 'boolean',
      description: 'treat warnings (an unusable or repeated image, skipped TIFF pages, NaN pixels) as errors',
    },
  },
  examples: [
    'sadp classify a.png b.png c.png',
    'sadp classify p1.png p2.png -z 001,011 --json',
    'sadp classify pattern.npy --model runs/r18/model',
    'sadp classify a.tif b.tif --lattice 4.05 --calibration 0.0042   # scale from the camera constant',
    'sadp classify a.png b.png --mixed-cameras   # do not compare spot spacings across the images',
  ],
  async run({ args, options, io }) {
    const mode = stringOption(options, 'mode');
    if (mode !== 'bayes' && mode !== 'mean') throw usageError('--mode expects bayes or mean');
    const zones = listOption(options, 'zone')?.map(parseZone) ?? [];
    if (zones.length > args.length) {
      throw usageError(`${zones.length} zone axes given for ${args.length} images`);
    }
    const top = numberOption(options, 'top')!;
    const { cellPixels, calibration } = imageScales(options, args.length);
    const warnings = new Warnings(io, options.strict === true);
    const images = readImages(args, maxPixelsOption(options), warnings);
    checkCellPixels(cellPixels, images, args, calibration ? '--lattice with --calibration' : '--cell-pixels');
    const modelDir = stringOption(options, 'model');
    const backend = stringOption(options, 'backend');
    const classifier = await loadClassifier({
      ...(modelDir ? { modelDir } : {}),
      ...(backend ? { backend } : {}),
    });
    const { labels } = classifier;
    const outOfScope = numberOption(options, 'out-of-scope')!;
    if (!(outOfScope >= 0 && outOfScope < 1))
      throw usageError('--out-of-scope expects a probability in [0, 1)');
    const { probabilities, spacings, fits, checks } = classifier.analyse(
      images,
      cellPixels ? { cellPixels } : {},
    );
    const unusable = reportChecks(args, checks, warnings);
    // Spot spacings in a unit all images share: Å⁻¹ with a calibration, 1/a with cell pixels, else a fraction of
    // the image width (same camera length, voltage and detector unless --mixed-cameras).
    const spacing: SpacingUnit = calibration
      ? { calibration }
      : cellPixels
        ? { cellPixels }
        : options['mixed-cameras']
          ? 'none'
          : { width: images.map((image) => image.width) };
    const evidence = analysisEvidence(labels, { probabilities, spacings, fits }, { spacing, zones });
    const perImage = args.map((file, i) => {
      const row = probabilities.subarray(i * labels.length, (i + 1) * labels.length);
      const ranked = labels
        .map((label, k) => ({ label, probability: row[k]! }))
        .sort((a, b) => b.probability - a.probability);
      return {
        file,
        ...(unusable[i] ? { unusable: unusable[i] } : {}),
        spacing: evidence[i]!.spacing ?? null,
        labels: ranked.slice(0, top),
        candidates: membersOf(cubicRegistry, ranked[0]!.label).map((m) => ({
          spaceGroup: m.spaceGroup,
          zone: formatZone(m.zone),
          variant: m.variant,
        })),
      };
    });
    const used = usableEvidence(evidence, checks);
    const prediction = ensemble(used, cubicRegistry, { mode, outOfScope });
    const unsupported = used.length > 0 && prediction.outOfScope > prediction.groups[0]!.probability;
    const result = { model: classifier.modelDir, images: perImage, prediction, warnings: warnings.list };
    printResult(io, result, () =>
      [
        ...perImage.map((p) =>
          p.unusable
            ? `${p.file}: not used (${p.unusable})`
            : `${p.file}: ${p.labels.map((l) => `${l.label} ${(100 * l.probability).toFixed(1)}%`).join(', ')}  (${p.candidates.map((c) => `${c.variant}${c.zone}`).join(' ')})`,
        ),
        used.length === 0
          ? `Space group: not sure (none of the ${args.length} images carries information)`
          : unsupported
            ? `Space group: not one of ${cubicRegistry.spaceGroups.join(', ')} (${(100 * prediction.outOfScope).toFixed(1)}%: no supported group explains these patterns together)`
            : `Space group: ${prediction.groups
                .filter((g) => g.probability >= 0.005)
                .map((g) => `${g.spaceGroup} ${(100 * g.probability).toFixed(1)}%`)
                .join(', ')}${prediction.abstained ? ' (not sure)' : ''}`,
        ...(used.length > 0 && prediction.abstained && prediction.nextZone
          ? [`Record ${formatZone(prediction.nextZone.zone)} next to separate the top candidates.`]
          : []),
      ].join('\n'),
    );
  },
});

/** One value for every image, or one per image, from a repeatable/comma-separated option. */
function perImage(options: OptionValues, name: string, count: number): number[] | undefined {
  const values = numberListOption(options, name);
  if (!values) return undefined;
  if (values.length !== 1 && values.length !== count) {
    throw usageError(`--${name} expects one value or one per image (${count}), got ${values.length}`);
  }
  for (const v of values) if (!(v > 0)) throw usageError(`--${name} expects positive numbers, got ${v}`);
  return values.length === 1 ? new Array<number>(count).fill(values[0]!) : values;
}

/**
 * Pixels spanned by 1/a in each image from --cell-pixels, or --lattice with --calibration (undefined if neither),
 * and the calibration of each image when given.
 */
function imageScales(
  options: OptionValues,
  count: number,
): { cellPixels: number[] | undefined; calibration: number[] | undefined } {
  const cellPixels = perImage(options, 'cell-pixels', count);
  const lattice = numberOption(options, 'lattice');
  const calibration = perImage(options, 'calibration', count);
  if (cellPixels && (lattice !== undefined || calibration)) {
    throw usageError('give --cell-pixels or --lattice with --calibration, not both');
  }
  if ((lattice === undefined) !== (calibration === undefined)) {
    throw usageError('--lattice and --calibration go together');
  }
  if (lattice !== undefined && !(lattice > 0))
    throw usageError(`--lattice expects a positive number, got ${lattice}`);
  return { cellPixels: cellPixels ?? calibration?.map((c) => cellPixelsOf(lattice!, c)), calibration };
}
