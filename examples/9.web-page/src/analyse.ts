// Images → labels, overlay and the ensembled verdict, composed from the library functions as `sadp classify`
// and `sadp demo` compose them (packages/cli/src/commands/{classify,demo}.ts).
import {
  analysisEvidence,
  cellPixelsOf,
  type GreyImage,
  type PatternClassifier,
  type SpacingUnit,
} from '@sadp/classifier';
import { describeHiddenLookAlikes, ensemble } from '@sadp/ensemble';
import { cubicRegistry, findSpots, latticeOfImage, membersOf, zoneName } from '@sadp/lattice-labels';
import type { ImageResult, RunResult, Settings, Verdict } from './protocol';

/** One image to analyse. */
export interface Input {
  name: string;
  image: GreyImage;
  /** Å⁻¹ per pixel from the file. */
  calibration?: number;
  zone?: string;
  notes: string[];
}

/** The prior probability that the crystal is none of the supported groups, as `sadp classify` assumes. */
const OUT_OF_SCOPE_PRIOR = 0.3;
/** Spots drawn on the overlay (the strongest). */
const MAX_SPOTS = 120;

/** Grey values for display: square-root stretch, so weak reflections show next to the direct beam. */
function displayPixels(image: GreyImage): Uint8ClampedArray {
  let max = 0;
  for (const v of image.data) if (v > max) max = v;
  const out = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < out.length; i++)
    out[i] = max > 0 ? 255 * Math.sqrt(Math.max(0, image.data[i]!) / max) : 0;
  return out;
}

function strongestSpots(image: GreyImage): Float32Array {
  const spots = findSpots(image);
  const order = Array.from(spots.intensity.keys())
    .sort((a, b) => spots.intensity[b]! - spots.intensity[a]!)
    .slice(0, MAX_SPOTS);
  return Float32Array.from(order.flatMap((k) => [spots.x[k]!, spots.y[k]!]));
}

/**
 * Classifies the images and ensembles them. `demo` follows `sadp demo` (one simulated camera, no out-of-scope
 * prior); otherwise `sadp classify` (the out-of-scope prior of 0.3).
 */
export function analyse(
  classifier: PatternClassifier,
  inputs: readonly Input[],
  settings: Settings,
  demo = false,
): Omit<RunResult, 'seconds'> {
  const images = inputs.map((input) => input.image);
  const calibrations = inputs.map((input) => input.calibration ?? settings.calibration);
  const calibrated = calibrations.every((c): c is number => c !== undefined && c > 0);
  const cellPixels =
    calibrated && settings.lattice ? calibrations.map((c) => cellPixelsOf(settings.lattice!, c!)) : undefined;
  const analysis = classifier.analyse(images, cellPixels ? { cellPixels } : {});
  // Spot spacings in a unit every image shares: Å⁻¹ with calibrations, else a fraction of the image width
  // (one camera length, voltage and detector for all images, as `sadp classify` assumes by default).
  const spacing: SpacingUnit = calibrated
    ? { calibration: calibrations as number[] }
    : { width: images.map((image) => image.width) };
  const evidence = analysisEvidence(classifier.labels, analysis, { spacing });
  const prediction = ensemble(evidence, cubicRegistry, {
    mode: 'bayes',
    ...(demo ? {} : { outOfScope: OUT_OF_SCOPE_PRIOR }),
  });
  const n = classifier.labels.length;
  const results = inputs.map((input, i): ImageResult => {
    const row = analysis.probabilities.subarray(i * n, (i + 1) * n);
    const labels = classifier.labels
      .map((label, k) => ({ label, probability: row[k]! }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 3);
    const fit = latticeOfImage(input.image);
    return {
      name: input.name,
      ...(input.zone ? { zone: input.zone } : {}),
      width: input.image.width,
      height: input.image.height,
      pixels: displayPixels(input.image),
      labels,
      lookAlikes: membersOf(cubicRegistry, labels[0]!.label).map((m) => `${m.variant} ${zoneName(m.zone)}`),
      spots: strongestSpots(input.image),
      lattice: fit ? { center: fit.center, basis: fit.basis } : null,
      ...(evidence[i]!.spacing === undefined ? {} : { spacing: evidence[i]!.spacing }),
      ...(calibrations[i] ? { calibration: calibrations[i] } : {}),
      notes: input.notes,
    };
  });
  const verdict: Verdict = {
    groups: prediction.groups.map(({ spaceGroup, probability }) => ({ spaceGroup, probability })),
    best: prediction.best,
    abstained: prediction.abstained,
    unsupported: prediction.outOfScope > prediction.groups[0]!.probability,
    outOfScope: prediction.outOfScope,
    nextZone: prediction.nextZone
      ? { zone: zoneName(prediction.nextZone.zone), bits: prediction.nextZone.informationGain }
      : null,
    unresolved: prediction.unresolved,
    hiddenLookAlikes: describeHiddenLookAlikes(prediction.hiddenLookAlikes),
  };
  return {
    images: results,
    verdict,
    spacingUnit: calibrated ? 'Å⁻¹' : 'image widths',
  };
}
