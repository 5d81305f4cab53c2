import {
  analysisEvidence,
  type CalibratedImage,
  cellPixelsOf,
  IMAGE_FORMATS,
  loadClassifier,
  type SpacingUnit,
  usableEvidence,
} from '@sadp/classifier';
import { describeHiddenLookAlikes, ensemble, type Prediction } from '@sadp/ensemble';
import { cubicRegistry, type ImageLattice, type ZoneAxis } from '@sadp/lattice-labels';
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
import { indexCandidates, indexingLines, scaleText } from '../indexing-report';
import { formatZone, parseZone, Warnings } from '../inputs';
import { printResult } from '../output';
import { overlayPaths, writeOverlay } from '../overlay-files';

/**
 * Default prior that the crystal is none of the supported groups: measured on the foreign evaluation set
 * (`evaluation/foreign`), where it turns most [001], [011], [111] sets of non-cubic crystals into "not one of the
 * supported groups" or "not sure" without costing the held-out cubic crystals their verdicts.
 */
export const OUT_OF_SCOPE_PRIOR = 0.3;

export default defineCommand({
  name: 'classify',
  summary: `patterns of one crystal (${IMAGE_FORMATS.join(', ')}) → labels, indexing, space-group verdict`,
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
      description:
        "lattice parameter a, with a calibration (--calibration or the files'): sets the scale as --cell-pixels does",
    },
    calibration: {
      type: 'string',
      multiple: true,
      valueName: 'Å⁻¹/px',
      description:
        'reciprocal-space size of one pixel (one value, or one per image); beats the calibration a file carries. Spacings in Å⁻¹ and the lattice parameter of each candidate',
    },
    overlay: {
      type: 'string',
      valueName: 'file|dir/|{name}',
      description:
        'draw the spots, lattice vectors and hkl of the top candidate over each image: out.png or out.svg (one image), out/ (<name>.png per image) or out/{name}.svg',
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
    'sadp classify p1.dm4 p2.emd p3.ser   # microscope files: their own calibration, lattice parameter per candidate',
    'sadp classify a.tif b.tif --calibration 0.0042   # Å⁻¹ per pixel: d-spacings and a with its uncertainty',
    'sadp classify a.tif b.tif --lattice 4.05 --calibration 0.0042   # scale from the camera constant',
    'sadp classify p1.dm4 p2.dm4 --overlay out/   # out/p1.png, out/p2.png: spots, lattice vectors, hkl',
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
    const overlaySpec = stringOption(options, 'overlay');
    const overlays = overlaySpec === undefined ? undefined : overlayPaths(overlaySpec, args);
    const warnings = new Warnings(io, options.strict === true);
    const images = await readImages(args, maxPixelsOption(options), warnings);
    const { cellPixels, calibration } = imageScales(options, images, args);
    checkCellPixels(
      cellPixels,
      images,
      args,
      numberOption(options, 'lattice') === undefined ? '--cell-pixels' : '--lattice',
    );
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
    const analysis = classifier.analyse(images, cellPixels ? { cellPixels } : {});
    const { probabilities, spacings, fits, checks } = analysis;
    const unusable = reportChecks(args, checks, warnings);
    const spacing = spacingUnit(calibration, cellPixels, images, options['mixed-cameras'] === true);
    const evidence = analysisEvidence(labels, { probabilities, spacings, fits }, { spacing, zones });
    // With the scale given, a is known: the ensemble compares the spacings in units of 1/a.
    const compared = cellPixels
      ? analysisEvidence(labels, { probabilities, spacings, fits }, { spacing: { cellPixels }, zones })
      : evidence;
    const used = usableEvidence(compared, checks);
    const prediction = ensemble(used, cubicRegistry, {
      mode,
      outOfScope,
      temperature: classifier.ensembleTemperature,
      ...(cellPixels ? { knownLattice: KNOWN_LATTICE } : {}),
    });
    const groupProbability = new Map(prediction.groups.map((g) => [g.spaceGroup, g.probability]));
    const perImage = args.map((file, i) => ({
      file,
      ...(unusable[i] ? { unusable: unusable[i] } : {}),
      format: images[i]!.format,
      calibration: calibration[i] ?? null,
      warnings: images[i]!.warnings,
      centre: analysis.centres[i] ?? null,
      spacing: evidence[i]!.spacing ?? null,
      lattice: latticeSummary(analysis.lattices[i] ?? null),
      ...rankedLabels(labels, probabilities, i, top, {
        lattice: analysis.lattices[i] ?? null,
        groupProbability,
        calibration: calibration[i]?.value,
        zone: zones[i],
      }),
      overlay: overlays?.[i] ?? null,
    }));
    if (overlays) writeOverlays(perImage, overlays, images, analysis.lattices);
    const result = { model: classifier.modelDir, images: perImage, prediction, warnings: warnings.list };
    printResult(io, result, () =>
      [
        ...perImage.flatMap((p) =>
          p.unusable
            ? [`${p.file}: not used (${p.unusable})`]
            : [
                `${p.file}: ${p.labels.map((l) => `${l.label} ${(100 * l.probability).toFixed(1)}%`).join(', ')}  (${p.candidates.map((c) => `${c.spaceGroup}${c.zone}`).join(' ')})`,
                `  calibration: ${calibrationText(p.calibration, p.spacing, spacing)}`,
                ...(p.lattice ? indexingLines(p.candidates) : [NO_LATTICE]),
                ...(p.overlay ? [`  overlay: ${p.overlay}`] : []),
              ],
        ),
        ...verdictLines(prediction, used.length, args.length),
        ...(cellPixels
          ? [
              `Spot spacings compared at the given lattice parameter (within ${100 * KNOWN_LATTICE} %), not only in proportion.`,
            ]
          : []),
      ].join('\n'),
    );
  },
});

/**
 * What an image whose spots make no 2D lattice says instead of its indexing: there is nothing to index, and its
 * labels rest on the network alone (no lattice weighs them).
 */
const NO_LATTICE =
  '  spots: no 2D lattice (one row of spots, or fewer than three): nothing to index; the labels above are the ' +
  "network's reading of the image alone. A pattern with spots in two directions (another zone, a longer exposure) decides more.";

/**
 * The lattice fitted to an image's spots, as `--json` reports it (`null` where the spots make none): its label,
 * basis vectors a*, b* in image pixels (x right, y down) and how many spots it was fitted to.
 */
function latticeSummary(lattice: ImageLattice | null) {
  if (!lattice) return null;
  const [ax, ay, bx, by] = lattice.basis;
  return { label: lattice.label, basis: { a: [ax, ay], b: [bx, by] }, spots: lattice.spots.x.length };
}

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

/** The text of an image's calibration line: the value, where it came from, the shortest spot spacing. */
function calibrationText(
  calibration: UsedCalibration | null,
  spacing: number | null,
  unit: SpacingUnit,
): string {
  if (!calibration) {
    const compared =
      unit === 'none'
        ? 'spot spacings not compared (--mixed-cameras)'
        : 'cellPixels' in unit
          ? 'spot spacings in units of 1/a (--cell-pixels or --lattice)'
          : 'spot spacings compared as a fraction of the image width';
    return `none (${compared})`;
  }
  const value = `${calibration.value.toPrecision(4)} Å⁻¹/px (${calibration.source})`;
  return unit !== 'none' && 'calibration' in unit && spacing
    ? `${value}, shortest spot spacing ${spacing.toPrecision(4)} Å⁻¹ (d ${(1 / spacing).toFixed(3)} Å)`
    : value;
}

/** An image's calibration and where it came from (`--calibration`, or the file). */
interface UsedCalibration {
  value: number;
  source: string;
}

/**
 * Pixels spanned by 1/a in each image from --cell-pixels, or --lattice with a calibration (undefined if
 * neither), and each image's calibration: --calibration beats the file's, `null` where neither gives one.
 */
function imageScales(
  options: OptionValues,
  images: readonly CalibratedImage[],
  files: readonly string[],
): { cellPixels: number[] | undefined; calibration: (UsedCalibration | null)[] } {
  const count = images.length;
  const cellPixels = perImage(options, 'cell-pixels', count);
  const lattice = numberOption(options, 'lattice');
  const given = perImage(options, 'calibration', count);
  if (cellPixels && (lattice !== undefined || given)) {
    throw usageError('give --cell-pixels or --lattice with --calibration, not both');
  }
  const calibration = images.map((image, i): UsedCalibration | null =>
    given
      ? { value: given[i]!, source: '--calibration' }
      : image.calibration
        ? { value: image.calibration.reciprocalPerPixel, source: image.calibration.source }
        : null,
  );
  if (lattice !== undefined) {
    if (!(lattice > 0)) throw usageError(`--lattice expects a positive number, got ${lattice}`);
    const missing = calibration.indexOf(null);
    if (missing >= 0) {
      throw usageError(
        `--lattice needs a calibration: ${files[missing]} carries none, give --calibration (Å⁻¹/px)`,
      );
    }
  }
  return {
    cellPixels:
      cellPixels ??
      (lattice === undefined ? undefined : calibration.map((c) => cellPixelsOf(lattice, c!.value))),
    calibration,
  };
}

/**
 * Relative uncertainty of 1/a in pixels when the scale is given (`--cell-pixels`, or `--lattice` with a
 * calibration): a handbook lattice parameter and a camera calibration good to about 2 % each. The ensemble then
 * compares the spot spacings with the registry's at that a (`@sadp/ensemble` `knownLattice`).
 */
const KNOWN_LATTICE = 0.03;

/**
 * The unit spot spacings are reported in, shared by all images: Å⁻¹ with a calibration for every image, 1/a with
 * cell pixels, else a fraction of the image width (one camera length, voltage and detector), or none for mixed
 * cameras. The ensemble compares them in 1/a whenever the scale is given.
 */
function spacingUnit(
  calibration: readonly (UsedCalibration | null)[],
  cellPixels: number[] | undefined,
  images: readonly CalibratedImage[],
  mixedCameras: boolean,
): SpacingUnit {
  if (calibration.every((c) => c !== null)) return { calibration: calibration.map((c) => c!.value) };
  if (cellPixels) return { cellPixels };
  return mixedCameras ? 'none' : { width: images.map((image) => image.width) };
}

/** Image `i`'s `top` labels by probability, and the candidates of its best label indexed against its lattice. */
function rankedLabels(
  labels: readonly string[],
  probabilities: Float32Array,
  i: number,
  top: number,
  context: {
    lattice: ImageLattice | null;
    groupProbability: Map<number, number>;
    calibration: number | undefined;
    zone: ZoneAxis | undefined;
  },
) {
  const row = probabilities.subarray(i * labels.length, (i + 1) * labels.length);
  const ranked = labels
    .map((label, k) => ({ label, probability: row[k]! }))
    .sort((a, b) => b.probability - a.probability);
  const { lattice, groupProbability, calibration, zone } = context;
  return {
    labels: ranked.slice(0, top),
    candidates: indexCandidates(ranked[0]!.label, lattice, groupProbability, calibration, zone),
  };
}

/** Each image's overlay: its spots, and the lattice and hkl of the first candidate that could be indexed. */
function writeOverlays(
  perImage: readonly { candidates: ReturnType<typeof indexCandidates> }[],
  overlays: readonly string[],
  images: readonly CalibratedImage[],
  lattices: readonly (ImageLattice | null)[],
): void {
  perImage.forEach((p, i) => {
    const best = p.candidates.find((c) => c.indexing);
    writeOverlay(overlays[i]!, images[i]!, {
      spots: lattices[i]?.spots ?? null,
      indexing: best?.indexing ?? null,
      ...(best?.indexing ? { title: `${best.spaceGroup} ${best.zone}  ${scaleText(best.indexing)}` } : {}),
    });
  });
}

/** The verdict in words: the groups, "not sure" with the next zone, or none of the supported groups. */
function verdictLines(prediction: Prediction, usable: number, total: number): string[] {
  if (usable === 0) return [`Space group: not sure (none of the ${total} images carries information)`];
  const top = prediction.groups[0]!;
  if (prediction.outOfScope > top.probability) {
    return [
      `Space group: not one of ${cubicRegistry.spaceGroups.join(', ')} (${(100 * prediction.outOfScope).toFixed(1)}%: no supported group explains these patterns together)`,
    ];
  }
  const groups = prediction.groups
    .filter((g) => g.probability >= 0.005)
    .map((g) => `${g.spaceGroup} ${(100 * g.probability).toFixed(1)}%`)
    .join(', ');
  return [
    `Space group: ${groups}${prediction.abstained ? ' (not sure)' : ''}`,
    ...(prediction.abstained && prediction.nextZone
      ? [`Record ${formatZone(prediction.nextZone.zone)} next to separate the top candidates.`]
      : []),
    ...(prediction.abstained || prediction.hiddenLookAlikes.length === 0
      ? []
      : [describeHiddenLookAlikes(prediction.hiddenLookAlikes)]),
  ];
}
