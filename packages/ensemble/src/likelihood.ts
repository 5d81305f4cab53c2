/**
 * Per-pattern likelihoods of the space groups, from label probabilities and the registry's tables.
 *
 * @packageDocumentation
 */
import type { RegistryModel } from './registry-model';

/** Offset of the P(label | group, zone) row of group `g` (`zone` -1: the P(label | group) row). */
export function likelihoodRow(
  model: RegistryModel,
  g: number,
  zone: number,
): { table: Float64Array; at: number } {
  const L = model.labels.length;
  return zone < 0
    ? { table: model.labelGivenGroup, at: g * L }
    : { table: model.labelGivenZone, at: (g * model.zones.length + zone) * L };
}

/**
 * The label distribution implied by group weights: out[l] = Σ_g weights[g] · P(label l | group g, zone)
 * (`zone` -1 = unknown zone). With weights summing to 1 this is the marginal P(label).
 */
export function labelMarginal(
  out: Float64Array,
  model: RegistryModel,
  weights: Readonly<ArrayLike<number>>,
  zone: number,
): Float64Array {
  const L = model.labels.length;
  out.fill(0);
  for (let g = 0; g < model.groups.length; g++) {
    const w = weights[g]!;
    if (w === 0) continue;
    const { table, at } = likelihoodRow(model, g, zone);
    for (let l = 0; l < L; l++) out[l]! += w * table[at + l]!;
  }
  return out;
}

/** The evidence weights w[l] = q[l] / divisor[l] of one pattern (0 where the divisor is 0), written to `out`. */
export function evidenceWeights(
  out: Float64Array,
  q: Readonly<ArrayLike<number>>,
  divisor: Readonly<ArrayLike<number>>,
): Float64Array {
  for (let l = 0; l < out.length; l++) {
    const d = divisor[l]!;
    out[l] = d > 0 ? q[l]! / d : 0;
  }
  return out;
}

/**
 * out[g] = Σ_l w[l] · P(label l | group g, zone), over the non-zero entries of the registry's rows. With the
 * evidence weights of a pattern (see {@link evidenceWeights}) this is its scaled likelihood: with `divisor` = the
 * label marginal under a prior π, π(g)·out[g] is exactly the paper's Σ_label P(label | image) · P(group | label)
 * (Jeffrey's rule); with `divisor` = the classifier's training label frequencies, out[g] ∝ P(image | group)
 * (q / divisor is the likelihood P(image | label) up to a constant).
 */
export function likelihoodFromWeights(
  out: Float64Array,
  model: RegistryModel,
  w: Float64Array,
  zone: number,
): Float64Array {
  const G = model.groups.length;
  const Z = model.zones.length;
  const { sparseStart, sparseLabel, sparseValue } = model;
  for (let g = 0; g < G; g++) {
    const r = zone < 0 ? G * Z + g : g * Z + zone;
    let sum = 0;
    for (let i = sparseStart[r]!; i < sparseStart[r + 1]!; i++) sum += w[sparseLabel[i]!]! * sparseValue[i]!;
    out[g] = sum;
  }
  return out;
}

/** Shannon entropy in bits of a distribution (zeros contribute nothing; the input is not renormalised). */
export function entropyBits(p: Readonly<ArrayLike<number>>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i]!;
    if (x > 0) h -= x * Math.log2(x);
  }
  return h + 0;
}
