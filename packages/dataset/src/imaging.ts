/**
 * Imaging conditions drawn per image: shot noise, read noise, background, a diffuse halo and a small crystal
 * tilt, so that a model trained on simulated patterns also sees patterns that look like a detector's.
 *
 * @packageDocumentation
 */
import { createRng, hashSeed } from './random';

/** A `[min, max]` range; `min === max` fixes the value. */
export type Range = readonly [number, number];

/**
 * Ranges of the imaging conditions drawn for each image (from the image's seed). Every field is optional and off
 * when absent; values are the simulator's (`@sadp/diffraction-sim` `noise`, `background`, `tilt`).
 */
export interface ImagingVariation {
  /** Fraction of images that get the conditions below; the others stay clean. Default 1. */
  fraction?: number;
  /** Poisson noise: expected electron counts at image value 1, drawn log-uniformly (e.g. `[10, 1000]`). */
  poisson?: Range;
  /** Additive Gaussian noise, standard deviation in image units (0..1). */
  gaussian?: Range;
  /** Constant background in image units. */
  background?: Range;
  /** Amplitude of the diffuse halo exp(−r/width) around the direct beam. */
  diffuse?: Range;
  /** Largest crystal tilt off the zone axis in degrees, drawn uniformly over the disc of that radius. */
  tilt?: number;
}

/** Simulator settings of one image under {@link ImagingVariation}: `{}` for a clean image. */
export interface ImagingSettings {
  noise?: { poisson: number; gaussian: number };
  background?: { constant: number; diffuse: number };
  tilt?: [number, number];
}

const RANGE_FIELDS = ['poisson', 'gaussian', 'background', 'diffuse'] as const;

/** Checks `variation` and returns a copy; throws a `RangeError` naming the bad field. */
export function resolveImagingVariation(variation: ImagingVariation): ImagingVariation {
  const out: { -readonly [K in keyof ImagingVariation]: ImagingVariation[K] } = {};
  const fraction = variation.fraction ?? 1;
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`imaging.fraction must be in [0, 1], got ${variation.fraction}`);
  }
  out.fraction = fraction;
  for (const key of RANGE_FIELDS) {
    const range = variation[key];
    if (range === undefined) continue;
    const [min, max] = range;
    const lowest = key === 'poisson' ? Number.MIN_VALUE : 0;
    if (!(Number.isFinite(min) && Number.isFinite(max) && min >= lowest && max >= min)) {
      throw new RangeError(
        `imaging.${key} must be [min, max] with ${key === 'poisson' ? '0 <' : '0 ≤'} min ≤ max, got ${JSON.stringify(range)}`,
      );
    }
    out[key] = [min, max];
  }
  if (variation.tilt !== undefined) {
    if (!(variation.tilt >= 0 && variation.tilt <= 10)) {
      throw new RangeError(`imaging.tilt must be in [0, 10] degrees, got ${variation.tilt}`);
    }
    out.tilt = variation.tilt;
  }
  for (const key of Object.keys(variation)) {
    if (!(key in out)) throw new RangeError(`imaging has no field "${key}"`);
  }
  return out;
}

/**
 * The imaging conditions of the image with this seed: with probability `fraction` every configured condition is
 * drawn from its range (Poisson counts log-uniformly, tilt uniformly over a disc), otherwise none.
 * Deterministic in `(variation, seed)`.
 *
 * @example
 * imagingSettings({ poisson: [20, 500], background: [0, 0.05] }, job.seed);
 * // → { noise: { poisson: 87.1, gaussian: 0 }, background: { constant: 0.031, diffuse: 0 } }
 */
export function imagingSettings(variation: ImagingVariation, seed: number): ImagingSettings {
  const rng = createRng(hashSeed(seed, 'imaging'));
  if (rng.next() >= (variation.fraction ?? 1)) return {};
  const draw = (range: Range | undefined) => (range ? rng.uniform(range[0], range[1]) : 0);
  const out: ImagingSettings = {};
  const { poisson, gaussian } = variation;
  if (poisson || gaussian) {
    const counts = poisson ? Math.exp(rng.uniform(Math.log(poisson[0]), Math.log(poisson[1]))) : 0;
    out.noise = { poisson: counts, gaussian: draw(gaussian) };
  }
  if (variation.background || variation.diffuse) {
    out.background = { constant: draw(variation.background), diffuse: draw(variation.diffuse) };
  }
  if (variation.tilt) {
    const r = variation.tilt * Math.sqrt(rng.next());
    const phi = 2 * Math.PI * rng.next();
    out.tilt = [r * Math.cos(phi), r * Math.sin(phi)];
  }
  return out;
}
