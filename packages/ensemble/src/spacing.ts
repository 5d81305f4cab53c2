/**
 * Spot spacings of patterns recorded with one camera: a joint likelihood over the crystal's unknown lattice
 * parameter.
 *
 * The registry gives, for every (structure variant, zone axis, label), the shortest spot spacing in units of 1/a
 * (`LabelMember.spacing`). Patterns of one crystal recorded at one camera length and voltage show their spacings
 * s_i = α · c(variant, zone_i) with one unknown factor α (the camera constant over the lattice parameter). Labels
 * alone cannot tell Pm-3m from Im-3m at [001], [011] and [111] (square, rectangle √2, hexagon for both); their
 * spacing ratios 1 : 1 : √2 and 1 : 1 : 1 can.
 *
 * @packageDocumentation
 */
import type { RegistryModel } from './registry-model';

/** The registry's members as flat arrays, for {@link spacingLogLikelihood}. */
export interface SpacingTable {
  /** Number of structure variants. */
  readonly variants: number;
  /** Group index of each variant. */
  readonly variantGroup: Int32Array;
  /** Id of each variant (`LabelMember.variant`). */
  readonly variantIds: readonly string[];
  /** Number of variants of each group. */
  readonly groupVariants: Int32Array;
  /** Number of zones at which each variant is listed. */
  readonly variantZones: Int32Array;
  /** Members of variant v: `variantStart[v]` ≤ m < `variantStart[v + 1]`. */
  readonly variantStart: Int32Array;
  /** Per member (one per variant, zone and label; grouped by variant): its variant, zone and label index. */
  readonly variant: Int32Array;
  readonly zone: Int32Array;
  readonly label: Int32Array;
  /** ln of the member's spacing in units of 1/a. */
  readonly logSpacing: Float64Array;
  /** P(label | variant, zone): 1 / the number of labels the variant has at that zone (normally 1). */
  readonly share: Float64Array;
}

/** One (group, zone, variant) of the registry with the labels that list it and their spacings. */
export interface SeenMember {
  g: number;
  z: number;
  variant: string;
  labels: number[];
  spacings: (number | undefined)[];
}

/** Flattens the registry's members; `null` when any member lacks a positive spacing. */
export function spacingTable(seen: readonly SeenMember[], groups: number): SpacingTable | null {
  const count = seen.reduce((n, s) => n + s.labels.length, 0);
  const ids = new Map<string, number>();
  const variantGroup: number[] = [];
  const variantIds: string[] = [];
  const variant = new Int32Array(count);
  const zone = new Int32Array(count);
  const label = new Int32Array(count);
  const logSpacing = new Float64Array(count);
  const share = new Float64Array(count);
  const zonesOf: Set<number>[] = [];
  const variantOf = seen.map((s) => {
    const key = `${s.g}|${s.variant}`;
    let v = ids.get(key);
    if (v === undefined) {
      v = variantGroup.length;
      ids.set(key, v);
      variantGroup.push(s.g);
      variantIds.push(s.variant);
      zonesOf.push(new Set());
    }
    zonesOf[v]!.add(s.z);
    return v;
  });
  // Members grouped by variant: variant v holds members variantStart[v] ≤ m < variantStart[v + 1].
  const order = seen.map((_, i) => i).sort((a, b) => variantOf[a]! - variantOf[b]! || a - b);
  const variantStart = new Int32Array(variantGroup.length + 1);
  let m = 0;
  for (const i of order) {
    const s = seen[i]!;
    const v = variantOf[i]!;
    for (let k = 0; k < s.labels.length; k++, m++) {
      const spacing = s.spacings[k];
      if (!(typeof spacing === 'number' && spacing > 0 && Number.isFinite(spacing))) return null;
      variant[m] = v;
      zone[m] = s.z;
      label[m] = s.labels[k]!;
      logSpacing[m] = Math.log(spacing);
      share[m] = 1 / s.labels.length;
    }
    variantStart[v + 1] = m;
  }
  const groupVariants = new Int32Array(groups);
  for (const g of variantGroup) groupVariants[g]!++;
  return {
    variants: variantGroup.length,
    variantGroup: Int32Array.from(variantGroup),
    variantIds,
    groupVariants,
    variantZones: Int32Array.from(zonesOf, (z) => z.size),
    variantStart,
    variant,
    zone,
    label,
    logSpacing,
    share,
  };
}

/** One pattern with a measured spacing, as {@link spacingLogLikelihood} reads it. */
export interface SpacedPattern {
  /** Evidence weights P(label | image) / divisor over the registry's labels. */
  w: Float64Array;
  /** Zone index, or -1 when unknown. */
  zone: number;
  /** ln of the measured spacing (any unit shared by the patterns). */
  logSpacing: number;
  /** The pattern's label-only likelihood maximum over the groups (its scale, as in the per-pattern terms). */
  max: number;
  /** How well the pattern's lattice fits any label (`PatternContext.fit`): scales its label evidence. */
  fit?: number;
}

/** {@link spacingLogLikelihood}'s result. */
export interface SpacingLikelihood {
  /** Joint log-likelihood of each group, up to a constant shared with {@link SpacingLikelihood.other}. */
  groups: Float64Array;
  /**
   * Joint log-likelihood of "none of the groups" (see `EnsembleOptions.outOfScope`): P ln((1 − floor) · κ + floor)
   * − P ln R, each pattern's labels explained κ times as well as by its best group and every spacing uniform over
   * the ln α range R.
   */
  other: number;
}

/**
 * Probability that a measured spacing is wrong (a lattice fitted to too few or wrong spots): such a pattern keeps
 * its label evidence and loses only its spacing.
 */
export const SPACING_OUTLIER = 0.05;

/**
 * κ: how well "none of the registry's groups" explains a pattern's labels, relative to the group that explains
 * them best. Each pattern alone is plausible for a crystal outside the registry, at this cost; what such a crystal
 * does not give is labels and spacings that one group explains together.
 */
export const OUT_OF_SCOPE_SHARE = 0.1;

/** Gaussians are cut at this many σ. */
const CUT = 5;
/** Grid steps per σ of the integral over ln α. */
const STEPS = 4;

/**
 * Joint log-likelihood of each group from patterns recorded with one camera, up to one constant shared by all
 * groups: for each variant v of the group (weight 1 / its number of variants),
 * ∫ Π_i [(1 − floor) · ((1 − ε) · ℓ_i(v, α) + ε · λ_i(v) / R) + floor / R] dln α / R, with
 * λ_i(v) = Σ_zone P(zone | v) · Σ_label (w_i[label] / max_i)^(1/T) · P(label | v, zone) (the label evidence),
 * ℓ_i(v, α) the same sum with each member weighted by N(ln s_i − ln α − ln c(v, zone, label); σ), R the width of
 * the ln α range that any pattern supports and ε = {@link SPACING_OUTLIER} the chance that a spacing is wrong.
 * For a single pattern this is (1 − floor) · its label likelihood / max + floor, the per-pattern term of the
 * ensemble; the floor is a pattern whose label fits no member. With `knownLattice` (spacings in units of 1/a of a
 * known a) the uniform 1 / R over ln α becomes a Gaussian about ln α = 0 of that σ.
 */
export function spacingLogLikelihood(
  model: RegistryModel,
  table: SpacingTable,
  patterns: readonly SpacedPattern[],
  sigma: number,
  floor: number,
  temperature: number,
  knownLattice?: number,
): SpacingLikelihood {
  const G = model.groups.length;
  const M = table.variant.length;
  const P = patterns.length;
  // Range of ln α that any (pattern, member) with weight supports.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of patterns) {
    for (let m = 0; m < M; m++) {
      if (p.w[table.label[m]!] === 0 || (p.zone >= 0 && table.zone[m] !== p.zone)) continue;
      const x = p.logSpacing - table.logSpacing[m]!;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  const out = new Float64Array(G).fill(Number.NEGATIVE_INFINITY);
  if (!(hi >= lo)) return { groups: out, other: Number.NEGATIVE_INFINITY };
  lo -= CUT * sigma;
  hi += CUT * sigma;
  // The outliers' and the out-of-scope spacings spread over the range the data support; with a known lattice
  // parameter the grid also reaches its prior's bulk about ln α = 0.
  const spreadRange = hi - lo;
  if (knownLattice !== undefined) {
    lo = Math.min(lo, -CUT * knownLattice);
    hi = Math.max(hi, CUT * knownLattice);
  }
  const step = Math.min(sigma, knownLattice ?? sigma) / STEPS;
  const K = Math.ceil((hi - lo) / step) + 1;
  const range = knownLattice === undefined ? (K - 1) * step || step : spreadRange;
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const power = 1 / temperature;
  /** Grid steps per σ of a measured spacing. */
  const perSigma = sigma / step;
  // ln of the prior density of ln α at each grid point, times the step: uniform 1 / R, or the known a's Gaussian.
  const logPrior = Float64Array.from({ length: K }, (_, k) => {
    if (knownLattice === undefined) return Math.log(step / range);
    const z = (lo + k * step) / knownLattice;
    return -0.5 * z * z + Math.log(step / (knownLattice * Math.sqrt(2 * Math.PI)));
  });

  // ℓ_i(v, α_k) and λ_i(v) for one variant at a time, accumulated into Σ_k Π_i(...).
  const ell = new Float64Array(P * K);
  const lambda = new Float64Array(P);
  const logTerm = new Float64Array(K);
  const perVariant = new Float64Array(table.variants).fill(Number.NEGATIVE_INFINITY);
  for (let v = 0; v < table.variants; v++) {
    ell.fill(0);
    lambda.fill(0);
    for (let i = 0; i < P; i++) {
      const p = patterns[i]!;
      const zoneWeight = p.zone >= 0 ? 1 : 1 / table.variantZones[v]!;
      for (let m = table.variantStart[v]!; m < table.variantStart[v + 1]!; m++) {
        if (p.zone >= 0 && table.zone[m] !== p.zone) continue;
        const w = p.w[table.label[m]!]!;
        if (w === 0) continue;
        const evidence = zoneWeight * table.share[m]! * ((w / p.max) * (p.fit ?? 1)) ** power;
        lambda[i]! += evidence;
        const weight = evidence * norm;
        const centre = (p.logSpacing - table.logSpacing[m]! - lo) / step;
        const first = Math.max(0, Math.ceil(centre - CUT * perSigma));
        const last = Math.min(K - 1, Math.floor(centre + CUT * perSigma));
        for (let k = first; k <= last; k++) {
          const z = (k - centre) / perSigma;
          ell[i * K + k]! += weight * Math.exp(-0.5 * z * z);
        }
      }
    }
    logTerm.fill(0);
    for (let i = 0; i < P; i++) {
      const spread = (SPACING_OUTLIER * lambda[i]!) / range;
      for (let k = 0; k < K; k++) {
        const fit = (1 - SPACING_OUTLIER) * ell[i * K + k]! + spread;
        logTerm[k]! += Math.log((1 - floor) * fit + floor / range);
      }
    }
    let best = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) best = Math.max(best, (logTerm[k]! += logPrior[k]!));
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(logTerm[k]! - best);
    perVariant[v] = best + Math.log(sum);
  }
  for (let g = 0; g < G; g++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < table.variants; v++)
      if (table.variantGroup[v] === g) best = Math.max(best, perVariant[v]!);
    if (best === Number.NEGATIVE_INFINITY) continue;
    let sum = 0;
    for (let v = 0; v < table.variants; v++) {
      if (table.variantGroup[v] === g) sum += Math.exp(perVariant[v]! - best);
    }
    out[g] = best + Math.log(sum / table.groupVariants[g]!);
  }
  const other = P * (Math.log((1 - floor) * OUT_OF_SCOPE_SHARE ** power + floor) - Math.log(range));
  return { groups: out, other };
}
