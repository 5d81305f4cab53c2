/**
 * An analysis as `@sadp/ensemble` evidence: one {@link PatternEvidence} per image, spot spacings in one unit.
 * Browser-safe.
 *
 * @packageDocumentation
 */
import type { PatternEvidence } from '@sadp/ensemble';
import type { ZoneAxis } from '@sadp/lattice-labels';
import { labelProbabilities, type PatternAnalysis } from './classifier';
import type { ImageCheck } from './image-checks';

/** One value for every image, or one per image. */
export type PerImage = number | readonly number[];

/**
 * The unit the images' spot spacings are compared in (`@sadp/ensemble` compares spacings only within a call, so
 * any unit shared by all images works; without one, spacings are left out):
 * - `{ calibration }`: Å⁻¹ per pixel of each image (images at any camera length);
 * - `{ cellPixels }`: pixels spanned by the reciprocal cell edge 1/a in each image (spacings in units of 1/a);
 * - `{ width }`: image widths in pixels, for images recorded at one camera length, voltage and detector
 *   (spacings as a fraction of the image width);
 * - `'none'`: mixed cameras, spacings not comparable.
 */
export type SpacingUnit = { calibration: PerImage } | { cellPixels: PerImage } | { width: PerImage } | 'none';

/** Options of {@link analysisEvidence}. */
export interface EvidenceOptions {
  /** See {@link SpacingUnit}. Required: the images' camera cannot be guessed. */
  spacing: SpacingUnit;
  /** Known zone axis of each image, in order (missing or `undefined` = unknown). */
  zones?: readonly (ZoneAxis | undefined)[];
}

function valueAt(values: PerImage, i: number): number {
  const v = typeof values === 'number' ? values : values[i];
  if (v === undefined) throw new RangeError(`no spacing unit for image ${i}`);
  return v;
}

/** Pixels → the chosen unit for image `i`, or `undefined` for `'none'`. */
function pixelSize(unit: SpacingUnit, i: number): number | undefined {
  if (unit === 'none') return undefined;
  if ('calibration' in unit) return valueAt(unit.calibration, i);
  if ('cellPixels' in unit) return 1 / valueAt(unit.cellPixels, i);
  return 1 / valueAt(unit.width, i);
}

/**
 * What each analysed image says, as `@sadp/ensemble` evidence: its label probabilities (keyed by the classifier's
 * `labels`), its zone axis when known, and its shortest spot spacing in the chosen unit when a lattice was
 * fitted. Pass the result to `ensemble(evidence, cubicRegistry)`.
 *
 * @example
 * const analysis = classifier.analyse(images);
 * const evidence = analysisEvidence(classifier.labels, analysis, { spacing: { width: images.map((i) => i.width) } });
 * const verdict = ensemble(evidence, cubicRegistry);
 */
export function analysisEvidence(
  labels: readonly string[],
  analysis: Pick<PatternAnalysis, 'probabilities' | 'spacings'> & Partial<Pick<PatternAnalysis, 'fits'>>,
  options: EvidenceOptions,
): PatternEvidence[] {
  const n = labels.length;
  return Array.from(analysis.spacings, (pixels, i) => {
    const row = analysis.probabilities.subarray(i * n, (i + 1) * n);
    const zone = options.zones?.[i];
    const scale = pixelSize(options.spacing, i);
    const spacing = scale === undefined ? Number.NaN : pixels * scale;
    return {
      probabilities: labelProbabilities(labels, row),
      ...(zone ? { zone } : {}),
      ...(Number.isFinite(spacing) ? { spacing } : {}),
      ...(analysis.fits ? { fit: analysis.fits[i]! } : {}),
    };
  });
}

/**
 * The evidence of the images that can carry information: `evidence[i]` is left out where `checks[i].usable` is
 * false (blank, empty, pure-noise or repeated images; see `checkImages`). Pass the result to `ensemble`; with no
 * usable image left, `ensemble` returns its prior (and abstains).
 *
 * @example
 * const analysis = classifier.analyse(images);
 * const verdict = ensemble(usableEvidence(analysisEvidence(labels, analysis, unit), analysis.checks), cubicRegistry);
 */
export function usableEvidence(
  evidence: readonly PatternEvidence[],
  checks: readonly Pick<ImageCheck, 'usable'>[],
): PatternEvidence[] {
  return evidence.filter((_, i) => checks[i]?.usable !== false);
}
