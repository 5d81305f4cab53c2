/**
 * Geometric evidence for a classifier: how well each registry label agrees with the lattice fitted to a
 * pattern's spots (its shape) and with which of its nodes carry spots (its absences).
 *
 * @packageDocumentation
 */
import { cubicRegistry } from './cubic-registry';
import type { SpotLabelResult } from './label-from-spots';
import type { LabelRegistry } from './registry-types';

/** Options of {@link labelLikelihood}. Defaults were tuned on held-out simulated patterns (see docs/spot-and-image-routes.md). */
export interface LabelLikelihoodOptions {
  /**
   * Standard deviation of the measured ratio |b|/|a|, relative: measurement error and lens distortion (1–3 %
   * ellipticity stays within 1–2 σ). Default 0.0125.
   */
  ratioSigma?: number;
  /** Standard deviation of the measured angle from a to b, degrees. Default 1. */
  angleSigma?: number;
  /**
   * Least shape likelihood of any label, however far its shape lies from the measured one: the chance that the
   * fit itself is wrong (a missed row of weak spots, noise taken for spots). Default 0.02.
   */
  shapeFloor?: number;
  /**
   * Weight of the absence mismatch: a label of the measured shape whose absence signature explains the spots
   * worse than the best one by `Δcost` (1 per spot where it expects none, `missingCost` per expected spot not
   * seen, see {@link labelFromSpots}) gets `exp(−absenceWeight · Δcost)`. Default 2; 0 ignores absences.
   */
  absenceWeight?: number;
  /**
   * Least absence likelihood: spots at forbidden nodes may come from double diffraction in real patterns, which
   * kinematic absences do not know. Default 0.01.
   */
  absenceFloor?: number;
}

/**
 * Likelihood of every registry label (in registry order) given a lattice fitted to a pattern's spots:
 * - shape: a Gaussian in ln(|b|/|a|) (σ: `ratioSigma` and the fit's own `ratioUncertainty` in quadrature, see
 *   `ImageLattice`) and in the angle ∠BOA between the label's shape and the measured one,
 *   never below `shapeFloor` (mirror images differ in ∠BOA, θ against 180° − θ, so handedness counts);
 * - absences: for the labels in `fit.ranking` (those of the measured shape), `exp(−absenceWeight · Δcost)`,
 *   never below `absenceFloor`.
 *
 * Multiply a classifier's label probabilities by it and renormalise to combine the two. Labels without a shape
 * in the registry get 1.
 *
 * @example
 * const fit = latticeOfImage({ width, height, data });
 * const likelihood = fit ? labelLikelihood(fit) : null; // registry order
 */
export function labelLikelihood(
  fit: Pick<SpotLabelResult, 'ratio' | 'angleBOA' | 'ranking'> & { ratioUncertainty?: number },
  registry: LabelRegistry = cubicRegistry,
  options: LabelLikelihoodOptions = {},
): Float64Array {
  const ratioSigma = Math.hypot(options.ratioSigma ?? 0.0125, fit.ratioUncertainty ?? 0);
  const angleSigma = options.angleSigma ?? 1;
  const shapeFloor = options.shapeFloor ?? 0.02;
  const absenceWeight = options.absenceWeight ?? 2;
  const absenceFloor = options.absenceFloor ?? 0.01;
  const lnRatio = Math.log(fit.ratio);
  const costs = new Map(fit.ranking.map((c) => [c.name, c.cost]));
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of fit.ranking) bestCost = Math.min(bestCost, c.cost);
  return Float64Array.from(registry.labels, (entry) => {
    const shape = entry.shape;
    if (!shape) return 1;
    const r = (lnRatio - Math.log(shape.ratio)) / ratioSigma;
    const a = (fit.angleBOA - shape.angleBOA) / angleSigma;
    const shapeTerm = Math.max(shapeFloor, Math.exp(-0.5 * (r * r + a * a)));
    const cost = costs.get(entry.name);
    const absenceTerm =
      cost === undefined ? 1 : Math.max(absenceFloor, Math.exp(-absenceWeight * (cost - bestCost)));
    return shapeTerm * absenceTerm;
  });
}
