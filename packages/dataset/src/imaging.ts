/**
 * Imaging conditions drawn per image: shot noise, read noise, background, a diffuse halo and a small crystal
 * tilt, so that a model trained on simulated patterns also sees patterns that look like a detector's.
 *
 * @packageDocumentation
 */
import type { SpotProfile } from '@sadp/diffraction-sim';
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
  /** Rendering conventions and specimen artefacts, drawn for every image (not gated by `fraction`). */
  conventions?: ConventionVariation;
}

/**
 * How microscopes, detectors and displays differ from one another, drawn per image so that a classifier learns the
 * crystal rather than one renderer. Every field is optional and off (the dataset's `simulation` applies) when absent.
 */
export interface ConventionVariation {
  /** Spot standard deviation in pixels, drawn log-uniformly. */
  spotSigma?: Range;
  /** Spot profiles drawn with equal probability (`@sadp/diffraction-sim` `spotProfile`). */
  profiles?: readonly SpotProfile[];
  /** Display exponent: spot peak = intensity^gamma (1 = linear display). */
  gamma?: Range;
  /** Direct beam intensity relative to the strongest reflection, drawn log-uniformly (clipped at 1 when drawn). */
  directBeam?: Range;
  /** Probability that the direct beam is not drawn at all. */
  directBeamAbsent?: number;
  /** Specimen thickness in Å (relrod width, hence how fast spots fade outwards), drawn log-uniformly. */
  thickness?: Range;
  /**
   * Probability that reflections keep their |F|² out to the edge: no relrod envelope and no Debye–Waller damping,
   * as kinematic calculators that ignore the excitation error draw them.
   */
  noEnvelope?: number;
  /** Standard deviation of ln(intensity) per reflection. */
  intensityJitter?: Range;
  /** Probability of double diffraction, and its strength relative to √(I₁ I₂) of the parents. */
  doubleDiffraction?: { chance: number; strength: Range };
  /** Elliptical distortion (fractional difference of the axes), at a random angle. */
  ellipticity?: Range;
  /** Probability of a beam stop (a rod of 3–8 % of the image width at a random angle). */
  beamStop?: number;
  /** Largest offset of the direct beam from the image centre in pixels, uniform over the disc. */
  centreOffset?: number;
}

/** Simulator settings of one image under {@link ImagingVariation}: `{}` for a clean image. */
export interface ImagingSettings {
  noise?: { poisson: number; gaussian: number };
  background?: { constant: number; diffuse: number };
  tilt?: [number, number];
  spotSigma?: number;
  spotProfile?: SpotProfile;
  gamma?: number;
  directBeam?: boolean;
  directBeamIntensity?: number;
  thickness?: number;
  shapeFunction?: 'none';
  debyeWaller?: false;
  center?: [number, number];
  artefacts?: {
    intensityJitter?: number;
    doubleDiffraction?: number;
    ellipticity?: number;
    ellipseAngle?: number;
    beamStop?: { angle: number; width: number };
  };
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
  if (variation.conventions !== undefined) out.conventions = resolveConventions(variation.conventions);
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

const PROFILES: readonly SpotProfile[] = ['gaussian', 'lorentzian', 'voigt'];

function checkRange(
  name: string,
  range: Range | undefined,
  lowest: number,
  highest = Number.POSITIVE_INFINITY,
) {
  if (range === undefined) return;
  const [min, max] = range;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min >= lowest && max >= min && max <= highest)) {
    throw new RangeError(
      `imaging.conventions.${name} must be [min, max] with ${lowest} ≤ min ≤ max ≤ ${highest}, got ${JSON.stringify(range)}`,
    );
  }
}

function checkChance(name: string, p: number | undefined) {
  if (p !== undefined && !(p >= 0 && p <= 1)) {
    throw new RangeError(`imaging.conventions.${name} must be a probability in [0, 1], got ${p}`);
  }
}

/** Checks a {@link ConventionVariation} and returns a copy; throws a `RangeError` naming the bad field. */
function resolveConventions(c: ConventionVariation): ConventionVariation {
  const known = new Set([
    'spotSigma',
    'profiles',
    'gamma',
    'directBeam',
    'directBeamAbsent',
    'thickness',
    'noEnvelope',
    'intensityJitter',
    'doubleDiffraction',
    'ellipticity',
    'beamStop',
    'centreOffset',
  ]);
  for (const key of Object.keys(c)) {
    if (!known.has(key)) throw new RangeError(`imaging.conventions has no field "${key}"`);
  }
  checkRange('spotSigma', c.spotSigma, Number.MIN_VALUE, 64);
  checkRange('gamma', c.gamma, Number.MIN_VALUE, 4);
  checkRange('directBeam', c.directBeam, Number.MIN_VALUE);
  checkRange('thickness', c.thickness, Number.MIN_VALUE);
  checkRange('intensityJitter', c.intensityJitter, 0, 3);
  checkRange('ellipticity', c.ellipticity, 0, 0.49);
  checkChance('directBeamAbsent', c.directBeamAbsent);
  checkChance('beamStop', c.beamStop);
  checkChance('noEnvelope', c.noEnvelope);
  if (c.doubleDiffraction !== undefined) {
    checkChance('doubleDiffraction.chance', c.doubleDiffraction.chance);
    checkRange('doubleDiffraction.strength', c.doubleDiffraction.strength, 0);
  }
  if (
    c.profiles !== undefined &&
    (c.profiles.length === 0 || !c.profiles.every((p) => PROFILES.includes(p)))
  ) {
    throw new RangeError(`imaging.conventions.profiles must list some of ${PROFILES.join(', ')}`);
  }
  if (c.centreOffset !== undefined && !(c.centreOffset >= 0 && Number.isFinite(c.centreOffset))) {
    throw new RangeError(`imaging.conventions.centreOffset must be ≥ 0 pixels, got ${c.centreOffset}`);
  }
  return structuredClone(c);
}

/** Draws the rendering conventions of one image (image side `size` px) from `c`. */
function conventionSettings(c: ConventionVariation, seed: number, size: number): ImagingSettings {
  const rng = createRng(hashSeed(seed, 'conventions'));
  const logUniform = (r: Range) => Math.exp(rng.uniform(Math.log(r[0]), Math.log(r[1])));
  const out: ImagingSettings = {};
  if (c.spotSigma) out.spotSigma = logUniform(c.spotSigma);
  if (c.profiles)
    out.spotProfile =
      c.profiles[Math.min(c.profiles.length - 1, Math.floor(rng.next() * c.profiles.length))]!;
  if (c.gamma) out.gamma = rng.uniform(c.gamma[0], c.gamma[1]);
  if (c.directBeam || c.directBeamAbsent !== undefined) {
    out.directBeam = !(rng.next() < (c.directBeamAbsent ?? 0));
    if (out.directBeam && c.directBeam) out.directBeamIntensity = logUniform(c.directBeam);
  }
  if (c.thickness) out.thickness = logUniform(c.thickness);
  if (c.noEnvelope && rng.next() < c.noEnvelope) {
    out.shapeFunction = 'none';
    out.debyeWaller = false;
  }
  const artefacts: NonNullable<ImagingSettings['artefacts']> = {};
  if (c.intensityJitter) artefacts.intensityJitter = rng.uniform(c.intensityJitter[0], c.intensityJitter[1]);
  if (c.doubleDiffraction && rng.next() < c.doubleDiffraction.chance) {
    artefacts.doubleDiffraction = rng.uniform(
      c.doubleDiffraction.strength[0],
      c.doubleDiffraction.strength[1],
    );
  }
  if (c.ellipticity) {
    artefacts.ellipticity = rng.uniform(c.ellipticity[0], c.ellipticity[1]);
    artefacts.ellipseAngle = rng.uniform(0, 180);
  }
  if (c.beamStop && rng.next() < c.beamStop) {
    artefacts.beamStop = { angle: rng.uniform(0, 360), width: size * rng.uniform(0.03, 0.08) };
  }
  if (Object.keys(artefacts).length > 0) out.artefacts = artefacts;
  if (c.centreOffset) {
    const r = c.centreOffset * Math.sqrt(rng.next());
    const phi = 2 * Math.PI * rng.next();
    const mid = (size - 1) / 2;
    out.center = [mid + r * Math.cos(phi), mid + r * Math.sin(phi)];
  }
  return out;
}

/**
 * The imaging conditions of the image with this seed: with probability `fraction` every configured condition is
 * drawn from its range (Poisson counts log-uniformly, tilt uniformly over a disc), otherwise none.
 * Deterministic in `(variation, seed)`. The `conventions` are drawn for every image from a stream of their own, so
 * adding them leaves the other draws unchanged; `size` (the image side) places the offset beam.
 *
 * @example
 * imagingSettings({ poisson: [20, 500], background: [0, 0.05] }, job.seed);
 * // → { noise: { poisson: 87.1, gaussian: 0 }, background: { constant: 0.031, diffuse: 0 } }
 */
export function imagingSettings(variation: ImagingVariation, seed: number, size = 256): ImagingSettings {
  const conventions = variation.conventions ? conventionSettings(variation.conventions, seed, size) : {};
  const rng = createRng(hashSeed(seed, 'imaging'));
  if (rng.next() >= (variation.fraction ?? 1)) return conventions;
  const draw = (range: Range | undefined) => (range ? rng.uniform(range[0], range[1]) : 0);
  const out: ImagingSettings = { ...conventions };
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
