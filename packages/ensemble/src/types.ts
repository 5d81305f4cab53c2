/**
 * Plain, serialisable data types that go in and come out of {@link ensemble}.
 *
 * @packageDocumentation
 */
import type { ZoneAxis } from '@sadp/lattice-labels';

/**
 * A classifier's output for one pattern: either a vector aligned with `registry.labels` (index = class index,
 * e.g. a softmax `Float32Array`), or a sparse record keyed by label name (missing names count as 0).
 * Values must be finite and ≥ 0; they are normalised to sum to 1, so raw scores that do not sum exactly to 1
 * (float32 rounding) are fine.
 */
export type LabelProbabilities = Readonly<ArrayLike<number>> | Readonly<Record<string, number>>;

/** Where and how a pattern was recorded, when known: what {@link ProbabilityEvidence} and {@link LabelEvidence} share. */
export interface PatternContext {
  /**
   * The zone axis the pattern was recorded at, when known (any symmetry-equivalent form: `[1, 0, 3]`
   * matches the registry's `[0, 1, 3]` for a cubic registry). Omit when the zone is unknown.
   */
  zone?: ZoneAxis;
  /**
   * The pattern's shortest spot spacing (|a| of its reduced 2D cell, e.g. from `@sadp/lattice-labels`
   * `latticeOfImage(image).basis`), in any unit shared by every pattern of the call that gives one: pixels or a
   * fraction of the image width for images recorded at one camera length and voltage on one detector, or Å⁻¹
   * for calibrated images. In `bayes` mode, two or more spaced patterns are compared through the registry's
   * `LabelMember.spacing` (see {@link EnsembleOptions.spacingTolerance}); ignored in `mean` mode and for
   * registries without spacings.
   */
  spacing?: number;
  /**
   * How well the best label's lattice fits the measured spots, in (0, 1] (e.g. the largest value of
   * `@sadp/lattice-labels` `labelLikelihood(fit)`: 1 for a shape the registry knows, down to its floor for a
   * lattice no label has). Used only with {@link EnsembleOptions.outOfScope}: it multiplies every group's
   * likelihood of the pattern and not that of "none of the groups". Default 1.
   */
  fit?: number;
}

/** Evidence from one pattern given as a probability vector over the registry's labels. */
export interface ProbabilityEvidence extends PatternContext {
  /** P(label | image), see {@link LabelProbabilities}. */
  probabilities: LabelProbabilities;
  /** Not allowed together with `probabilities`. */
  label?: undefined;
}

/** Evidence from one pattern given as a single label name (a hard decision, e.g. by a human). */
export interface LabelEvidence extends PatternContext {
  /** Label name as in `registry.labels[i].name`, e.g. `"A1-0"`. */
  label: string;
  /** Not allowed together with `label`. */
  probabilities?: undefined;
}

/** What one diffraction pattern says: label probabilities (or one label) and, optionally, its zone axis. */
export type PatternEvidence = ProbabilityEvidence | LabelEvidence;

/**
 * How per-pattern evidence is combined.
 *
 * - `'mean'`: the paper's scheme. Each pattern gives a distribution over space groups,
 *   P(group | pattern) = Σ_label P(label | image) · P(group | label), and the distributions are averaged.
 *   It never vetoes a group (a zero in one pattern is averaged away) and reproduces Ra et al.'s numbers, but it
 *   cannot become certain: a group that only some patterns single out is diluted by the others.
 * - `'bayes'`: patterns are independent observations of one crystal; their likelihoods are multiplied with a
 *   prior. Evidence accumulates (two patterns that each halve the candidates leave a quarter), at the price that
 *   a wrong pattern could veto the right group, which `floor` and `temperature` prevent.
 */
export type EnsembleMode = 'mean' | 'bayes';

/** Options of {@link ensemble}. */
export interface EnsembleOptions {
  /** Combination mode, default `'bayes'`. See {@link EnsembleMode}. */
  mode?: EnsembleMode;
  /**
   * Prior weight of each space group, keyed by group number (normalised; groups of the registry that are
   * missing get 0, which removes them). Default: uniform over `registry.spaceGroups`.
   */
  prior?: Readonly<Record<number, number>>;
  /**
   * `bayes` only. Each pattern's likelihoods are scaled to a maximum of 1 and then mixed with a constant:
   * L' = (1 − floor) · L + floor, so no single pattern can multiply a group's odds by less than `floor`.
   * Default `1e-3`; `0` gives the exact product (one wrong pattern can then rule out the right group).
   */
  floor?: number;
  /**
   * `bayes` only. Likelihoods are raised to `1 / temperature` before the floor is applied; a value above 1
   * softens over-confident classifier outputs. Default `1`.
   */
  temperature?: number;
  /**
   * `bayes` only. The label frequencies the classifier was trained with (its class prior), used to turn its
   * posterior P(label | image) into a likelihood P(image | label) ∝ P(label | image) / P_train(label).
   * Default: the label distribution the registry implies for uniformly drawn groups and zone axes.
   */
  labelPrior?: LabelProbabilities;
  /**
   * `bayes` only. Standard deviation of ln(spacing) of patterns with a {@link ProbabilityEvidence.spacing}:
   * how far a measured spacing may stray from the proportions the registry predicts (measurement error, a
   * camera constant that drifts between the images). Default `0.03` (3 %).
   */
  spacingTolerance?: number;
  /**
   * `bayes` only. The spacings are in units of 1/a of the crystal's known lattice parameter a (e.g. a calibration
   * in Å⁻¹ per pixel times a from a handbook), to within this relative standard deviation. Without it the
   * lattice parameter is unknown and integrated out, and a crystal whose weak reflections are invisible can pass
   * for another group at another a: rock salt with f(Na) ≈ f(F), whose odd reflections vanish, reads as Pm-3m at
   * a / 2 from every zone. With it the spacings must match the registry's at that a, and one spaced pattern
   * counts too. Default: unknown.
   */
  knownLattice?: number;
  /**
   * `bayes` only. Prior probability that the crystal belongs to none of the registry's groups (another space
   * group or crystal system). Under that hypothesis each pattern's labels are explained a tenth as well as by
   * its best group (`OUT_OF_SCOPE_SHARE`), whatever the other patterns, and its spacing is uniform; so it wins
   * when no group explains the patterns together: labels of different groups, spacings in no group's
   * proportions, or labels no group gives at the given zone. Its probability is {@link Prediction.outOfScope};
   * the groups share the rest.
   * Default `0` (a closed world, as before).
   */
  outOfScope?: number;
  /**
   * Abstain (`best: null`, "not sure") when the top probability is below this. Default `0.7`: a group is named only
   * when it is at least 70 % probable (below that, calibrated verdicts are wrong often enough that recording the
   * suggested next zone is the better answer); `0.5` names the most probable group as the paper does; `0` never
   * abstains.
   */
  abstainBelow?: number;
  /**
   * Two groups count as not separated when no pattern's likelihood (scaled to a maximum of 1) differs between
   * them by more than this. Default `0.1`.
   */
  lookAlikeTolerance?: number;
  /**
   * Groups with a probability below this are not candidates: they are left out of {@link Prediction.unresolved}
   * and of the information gain over candidates in the next-zone suggestion. Default `0.01`.
   */
  candidateThreshold?: number;
  /**
   * Zone axes not to suggest. Zones given with the patterns, and zones inferred with ≥ 90% probability for
   * informative patterns without a given zone, are never suggested.
   */
  exclude?: readonly ZoneAxis[];
  /**
   * Look-alike families outside the registry, keyed by the group that stands for them, e.g.
   * {@link PAPER_LOOK_ALIKE_FAMILIES}; copied to {@link GroupProbability.family}.
   */
  families?: Readonly<Record<number, readonly number[]>>;
}

/** The probability of one space group. */
export interface GroupProbability {
  /** International Tables number. */
  spaceGroup: number;
  /** Probability in [0, 1]. */
  probability: number;
  /** Groups outside the registry whose patterns look the same (from `options.families`), when given. */
  family?: number[];
}

/** What the ensemble concluded about one input pattern. */
export interface PatternReport {
  /** 0-based index of the pattern in the input. */
  index: number;
  /**
   * The registry zone axis the pattern most likely shows given all patterns (the given zone, mapped to the
   * registry's form, when it was known); `null` when the registry cannot produce the pattern at any zone.
   */
  zone: ZoneAxis | null;
  /** Probability of `zone` (1 when the zone was given). */
  zoneProbability: number;
  /** Whether the zone was given with the pattern. */
  zoneKnown: boolean;
  /** The space-group distribution from this pattern alone (prior times its likelihood, no floor), ranked. */
  groups: GroupProbability[];
  /** `false` when the pattern does not change the prior (every candidate group explains it equally well). */
  informative: boolean;
  /**
   * `false` when no group with a non-zero prior can produce the pattern (e.g. a label that never occurs at the
   * given zone); such a pattern is ignored.
   */
  consistent: boolean;
}

/** How much recording one more pattern at a zone axis would tell, assuming its label is read correctly. */
export interface ZoneScore {
  /** The zone axis, as listed in the registry. */
  zone: ZoneAxis;
  /**
   * Expected information gain in bits about which candidate group it is (mutual information between the group,
   * restricted to the candidates and renormalised, and the label seen at this zone).
   */
  informationGain: number;
  /** Expected information gain in bits over all groups (candidates or not). */
  totalInformationGain: number;
  /**
   * Total-variation distance between the label distributions of the two most probable groups at this zone:
   * 1 when every pattern tells them apart, 0 when none does (values between come from structure variants).
   */
  topTwoSeparation: number;
}

/**
 * A group that the patterns cannot rule out although it has a low probability: one of its structure variants shows
 * the top group's patterns at every zone when one class of its reflections is too weak to see (the registry's
 * `weakLookAlikes`), as an ordered B2 alloy with faint superlattice reflections shows a body-centred crystal's, or
 * when double diffraction lights its screw and glide absences (`doubleDiffractionLookAlikes`), as P4₁32 then shows
 * Pm-3m's. Its probability counts such crystals only as often as the registry's variants do; no zone axis
 * separates the two, a longer exposure that shows the weak reflections does, or a pattern tilted off the zone.
 */
export interface HiddenLookAlike {
  /**
   * Why the patterns cannot tell it apart: a class of its reflections too weak to see (the registry's
   * `weakLookAlikes`), or its screw and glide absences lit by double diffraction (`doubleDiffractionLookAlikes`).
   */
  cause: 'weak reflections' | 'double diffraction';
  /** The other space group. */
  spaceGroup: number;
  /** Its variant (`LabelMember.variant`). */
  variant: string;
  /**
   * The reflections that set the two apart: for `'weak reflections'` those too weak to see, e.g. `"h+k+l odd"`; for
   * `'double diffraction'` `"screw or glide absences"`, which it lights.
   */
  weak: string;
  /** The lowest-order of them, e.g. `[1, 0, 0]`. */
  example: [number, number, number];
  /** The top group's variant whose patterns it shows. */
  looksLike: string;
  /**
   * The top group's lattice parameter over the other's (1: same cell, so even a known lattice parameter cannot
   * tell them apart; other values are listed only when the lattice parameter is not known).
   */
  latticeRatio: number;
}

/** The ensemble's verdict for a set of patterns of one crystal. */
export interface Prediction {
  /** Combination mode used. */
  mode: EnsembleMode;
  /** Every space group of the registry with its probability, most probable first (ties in registry order). */
  groups: GroupProbability[];
  /** The most probable group, or `null` when abstaining. */
  best: number | null;
  /** `true` when the top probability is below `abstainBelow`. */
  abstained: boolean;
  /**
   * Probability that the crystal is none of the registry's groups (0 unless `outOfScope` is set); the groups'
   * probabilities sum to 1 minus this.
   */
  outOfScope: number;
  /**
   * Sets of two or more candidate groups (probability ≥ `candidateThreshold`) that the given patterns cannot
   * tell apart, in rank order; only the prior separates groups within one set.
   */
  unresolved: number[][];
  /** Shannon entropy of {@link Prediction.groups} in bits (0 = certain; log2(n) = no idea among n groups). */
  entropy: number;
  /**
   * The zone axis to record next to best separate the top candidates (see {@link rankZones}), among the zones
   * not recorded yet, or `null` when no zone left would change the probabilities.
   */
  nextZone: ZoneScore | null;
  /** Groups that would show the top group's patterns if some of their reflections were too weak to see. */
  hiddenLookAlikes: HiddenLookAlike[];
  /** One report per input pattern, in input order. */
  patterns: PatternReport[];
}
