/**
 * Which reflections of a foreign pattern a viewer could see, and the lattice they make: patterns whose visible
 * reflections make another lattice than the kinematic list (weak reflections below the display's levels, spots
 * merged with their neighbours or the beam) cannot be read from the image alone.
 *
 * @packageDocumentation
 */
import { cubicRegistry, labelFromSpots, labelsOfPair } from '@sadp/lattice-labels';
import { type ForeignCrystal, type ForeignPattern, projectZone, TRAINING_SIGMA } from './render';

/** Display level (0–1) below which a reflection counts as not seen: 3 grey levels of 8 bits. */
export const MIN_LEVEL = 3 / 255;

/**
 * Whether a reflection stands out of the shot and read noise (Rose criterion): its counts within σ of its centre at
 * least 5 × the noise of everything there (its own counts, background and halo, 1 count² of read noise per pixel).
 * Always true without noise.
 */
export function aboveNoise(d: ForeignPattern['drawn'][number], sigma: number): boolean {
  if (d.counts === undefined) return true;
  const area = Math.PI * sigma * sigma;
  const signal = d.counts * 2 * area * (1 - Math.exp(-0.5));
  return signal >= 5 * Math.sqrt(signal + ((d.background ?? 0) + 1) * area);
}

/**
 * The registry labels that explain a spot list best: the first of `labelFromSpots`' ranking and every other label
 * of the same shape that costs no more (absence sub-groups that differ only at nodes outside the spots' field, or
 * at nodes whose reflections are too weak to see, cannot be told apart by looking); empty when no label fits.
 */
function bestLabels(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  intensity: ArrayLike<number>,
  center: [number, number],
  options: { yUp?: boolean } = {},
): string[] {
  try {
    const fit = labelFromSpots(
      { x: Float64Array.from(x), y: Float64Array.from(y), intensity: Float64Array.from(intensity) },
      { center, ...(options.yUp ? { yAxis: 'up' as const } : {}) },
    );
    const { label, ranking } = fit;
    if (label === null) return [];
    const [first] = ranking;
    const tied = first
      ? ranking.filter((r) => r.cost <= first.cost + 1e-9 && r.shapeDistance <= first.shapeDistance + 1e-9)
      : [];
    return [label, ...tied.map((r) => r.name).filter((name) => name !== label)];
  } catch {
    return [];
  }
}

/**
 * The registry label of a zone from pymatgen's exact spot list (every listed reflection, however weak), when it is
 * one the crystal's group allows there: the label a pattern is scored against; `null` otherwise.
 */
export function kinematicLabel(crystal: ForeignCrystal, zone: string): string | null {
  const s = projectZone(crystal, zone);
  const label = bestLabels(s.u, s.v, s.intensity, [0, 0], { yUp: true })[0] ?? null;
  const allowed = labelsOfPair(
    cubicRegistry,
    crystal.spaceGroup,
    [...zone].map(Number) as [number, number, number],
  );
  return label !== null && allowed.includes(label) ? label : null;
}

/** Side points of {@link distinctPeak}, in units of the spot σ: the drop of a Gaussian there is 1 − e^(−9/8). */
const SIDE = 1.5;

/** Bilinear sample of a row-major image at (x, y), clamped to its edge. */
function sample(image: Float32Array, width: number, height: number, x: number, y: number): number {
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.min(width - 2, Math.floor(cx));
  const y0 = Math.min(height - 2, Math.floor(cy));
  const fx = cx - x0;
  const fy = cy - y0;
  const at = (px: number, py: number) => image[py * width + px]!;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

/**
 * Whether reflection `d` is a peak of its own in the pattern's noise-free display (`scene`): the highest level
 * within max(1, σ/2) of it rises above the highest of eight points 1.5 σ around it by what an isolated Gaussian
 * spot at `minLevel` rises. A spot on the slope of a brighter neighbour or of the direct beam's tail, or merged with
 * its neighbours into one blob, is a shoulder and fails, whatever the display, profile or beam.
 */
function distinctPeak(
  pattern: ForeignPattern,
  d: ForeignPattern['drawn'][number],
  minLevel: number,
): boolean {
  const { scene, width, height, sigma } = pattern;
  const at = (x: number, y: number) => sample(scene, width, height, x, y);
  const reach = Math.max(1, sigma / 2);
  let core = at(d.x, d.y);
  for (let dy = -Math.ceil(reach); dy <= Math.ceil(reach); dy++)
    for (let dx = -Math.ceil(reach); dx <= Math.ceil(reach); dx++)
      if (dx * dx + dy * dy <= reach * reach) core = Math.max(core, at(d.x + dx, d.y + dy));
  let side = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < 8; k++) {
    const t = (k * Math.PI) / 4;
    side = Math.max(side, at(d.x + SIDE * sigma * Math.cos(t), d.y + SIDE * sigma * Math.sin(t)));
  }
  return core - side >= minLevel * (1 - Math.exp(-(SIDE * SIDE) / 2));
}

/**
 * The labels that explain the reflections a viewer could see in `pattern` best (see `bestLabels`): those drawn at
 * `minLevel` or more (after the beam stop's shadow), inside the field, above the noise ({@link aboveNoise}) and
 * peaks of their own in the noise-free display (see `distinctPeak`: not merged with a neighbour or lost on the
 * direct beam's tail). Several labels when the visible reflections cannot tell them apart; empty when they fit none.
 */
function visibleLabels(pattern: ForeignPattern, minLevel: number): string[] {
  const sigma = TRAINING_SIGMA * pattern.conventions.sigmaFactor;
  const seen = pattern.drawn.filter(
    (d) =>
      !d.double &&
      d.level >= minLevel &&
      aboveNoise(d, sigma) &&
      d.x >= 0 &&
      d.y >= 0 &&
      d.x <= pattern.width - 1 &&
      d.y <= pattern.height - 1 &&
      distinctPeak(pattern, d, minLevel),
  );
  return bestLabels(
    seen.map((d) => d.x),
    seen.map((d) => d.y),
    seen.map((d) => d.level),
    pattern.centre,
  );
}

/** The one label the visible reflections show ({@link visibleLabels}), or `null` when they fit none or several. */
export function visibleLabel(pattern: ForeignPattern, minLevel: number): string | null {
  const labels = visibleLabels(pattern, minLevel);
  return labels.length === 1 ? labels[0]! : null;
}

/**
 * What a pattern shows of its label once every reflection that reaches the image is counted, down to half a
 * quantisation step of its bit depth (a spot whose peak rounds to 0 everywhere is not in the file), still above the
 * noise and a peak of its own:
 * - `label`: its visible reflections make the labelled lattice and nothing else;
 * - `several labels`: they make it, but as well another label of its shape (absences the field does not decide);
 * - `no lattice`: they make no lattice (one row of spots, or fewer than three);
 * - `another label`: they make another label's lattice, which is then what the image is (weak reflections of a
 *   look-alike, spots merged with a neighbour). A reader of the image can name the truth there only by betting
 *   against what it sees.
 */
export type Visibility = 'label' | 'several labels' | 'no lattice' | 'another label';

/** The {@link Visibility} classes, in the report's order. */
export const VISIBILITIES: readonly Visibility[] = ['label', 'several labels', 'no lattice', 'another label'];

/** {@link Visibility} of `pattern` for its kinematic label `truth`. */
export function visibility(pattern: ForeignPattern, truth: string): Visibility {
  const step = 1 / (2 ** pattern.conventions.bits - 1);
  const labels = visibleLabels(pattern, step / 2);
  if (labels.length === 0) return 'no lattice';
  if (!labels.includes(truth)) return 'another label';
  return labels.length === 1 ? 'label' : 'several labels';
}
