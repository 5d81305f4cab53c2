/**
 * Combining several patterns of one crystal into space-group probabilities.
 *
 * @packageDocumentation
 */
import type { LabelRegistry, ZoneAxis } from '@sadp/lattice-labels';
import { EnsembleError } from './errors';
import { type ReadEvidence, readEvidence, readLabelProbabilities } from './evidence';
import { hiddenLookAlikes } from './hidden-look-alikes';
import { entropyBits, evidenceWeights, labelMarginal, likelihoodFromWeights } from './likelihood';
import { lookAlikes } from './look-alikes';
import { rankOrder, scoreZones, TIE, zoneMask } from './next-zone';
import { compileRegistry, type RegistryModel } from './registry-model';
import { OUT_OF_SCOPE_SHARE, type SpacedPattern, spacingLogLikelihood } from './spacing';
import type {
  EnsembleMode,
  EnsembleOptions,
  GroupProbability,
  PatternEvidence,
  PatternReport,
  Prediction,
} from './types';

/** An informative pattern whose zone was inferred with at least this probability counts as recorded there. */
const RECORDED = 0.9;

/** A pattern counts as uninformative when all its candidate likelihoods are within this of each other. */
const FLAT = 1e-9;

function checkFraction(name: string, value: number, max = 1): number {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be a number in [0, ${max}], got ${value}`);
  }
  return value;
}

function readPrior(prior: EnsembleOptions['prior'], model: RegistryModel): Float64Array {
  const G = model.groups.length;
  const out = new Float64Array(G);
  if (prior === undefined) return out.fill(1 / G);
  if (prior === null || typeof prior !== 'object')
    throw new TypeError('prior must be a record of group → weight');
  for (const [key, weight] of Object.entries(prior)) {
    const g = model.groups.indexOf(Number(key));
    if (g < 0) throw new RangeError(`prior: space group ${key} is not in the registry`);
    if (!Number.isFinite(weight) || weight < 0)
      throw new RangeError(`prior: weight ${weight} of ${key} is invalid`);
    out[g] = weight;
  }
  let sum = 0;
  for (const w of out) sum += w;
  if (!(sum > 0)) throw new RangeError('prior: all weights are zero');
  for (let g = 0; g < G; g++) out[g]! /= sum;
  return out;
}

function ranked(
  p: Readonly<ArrayLike<number>>,
  model: RegistryModel,
  families?: EnsembleOptions['families'],
): GroupProbability[] {
  return rankOrder(p).map((g) => {
    const spaceGroup = model.groups[g]!;
    const entry: GroupProbability = { spaceGroup, probability: p[g]! };
    const family = families?.[spaceGroup];
    if (family !== undefined) entry.family = [...family];
    return entry;
  });
}

function normalise(p: Float64Array): Float64Array {
  let sum = 0;
  for (const x of p) sum += x;
  for (let i = 0; i < p.length; i++) p[i]! /= sum;
  return p;
}

/**
 * What the spacings of the jointly compared patterns add to their labels: exp(joint − Σ label-only terms) per
 * group, scaled to a maximum of 1 over the groups with a non-zero prior.
 */
function spacingGain(
  together: Float64Array,
  spaced: readonly { scaled: Float64Array }[],
  prior: Float64Array,
  floor: number,
  temperature: number,
): Float64Array {
  const gain = new Float64Array(together.length);
  let best = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < gain.length; g++) {
    let labels = 0;
    for (const { scaled } of spaced)
      labels += Math.log((1 - floor) * scaled[g]! ** (1 / temperature) + floor);
    gain[g] = together[g]! - labels;
    if (prior[g]! > 0 && Number.isFinite(gain[g]!)) best = Math.max(best, gain[g]!);
  }
  for (let g = 0; g < gain.length; g++) {
    gain[g] = prior[g]! > 0 && Number.isFinite(gain[g]!) ? Math.exp(gain[g]! - best) : 0;
  }
  return gain;
}

/** {@link ensemble}'s options, checked and with their defaults. */
interface Settings {
  mode: EnsembleMode;
  floor: number;
  temperature: number;
  abstainBelow: number;
  lookAlikeTolerance: number;
  candidateThreshold: number;
  spacingTolerance: number;
  /** Relative σ of a known lattice parameter (spacings in units of 1/a), or undefined when it is unknown. */
  knownLattice: number | undefined;
  /** Normalised prior over the registry's groups. */
  prior: Float64Array;
  outOfScope: number;
  /** Bayes mode with a non-zero `outOfScope`: "none of the groups" is a candidate. */
  open: boolean;
}

/** Check `options` and fill in their defaults (in this order, so the first bad option is the one reported). */
function resolveEnsembleOptions(options: EnsembleOptions, model: RegistryModel): Settings {
  const mode: EnsembleMode = options.mode ?? 'bayes';
  if (mode !== 'mean' && mode !== 'bayes') throw new RangeError(`unknown mode ${JSON.stringify(mode)}`);
  const floor = checkFraction('floor', options.floor ?? 1e-3);
  const temperature = options.temperature ?? 1;
  if (!Number.isFinite(temperature) || temperature <= 0) {
    throw new RangeError(`temperature must be a positive number, got ${temperature}`);
  }
  const abstainBelow = checkFraction('abstainBelow', options.abstainBelow ?? 0.7);
  const lookAlikeTolerance = checkFraction('lookAlikeTolerance', options.lookAlikeTolerance ?? 0.1);
  const candidateThreshold = checkFraction('candidateThreshold', options.candidateThreshold ?? 0.01);
  const spacingTolerance = options.spacingTolerance ?? 0.03;
  if (!Number.isFinite(spacingTolerance) || spacingTolerance <= 0) {
    throw new RangeError(`spacingTolerance must be a positive number, got ${spacingTolerance}`);
  }
  const knownLattice = options.knownLattice;
  if (knownLattice !== undefined && !(Number.isFinite(knownLattice) && knownLattice > 0)) {
    throw new RangeError(`knownLattice must be a positive number, got ${knownLattice}`);
  }
  const prior = readPrior(options.prior, model);
  const outOfScope = checkFraction('outOfScope', options.outOfScope ?? 0);
  if (outOfScope >= 1) throw new RangeError('outOfScope must be below 1');
  return {
    mode,
    floor,
    temperature,
    abstainBelow,
    lookAlikeTolerance,
    candidateThreshold,
    spacingTolerance,
    knownLattice,
    prior,
    outOfScope,
    open: mode === 'bayes' && outOfScope > 0,
  };
}

/** The label divisor of a pattern at a zone index (-1: unknown). */
type Divisor = (zone: number) => Float64Array;

/**
 * Label divisors: the label marginal under the prior (mean: Jeffrey's rule; per zone when the zone is known),
 * or the classifier's training label frequencies (bayes).
 */
function labelDivisors(
  labelPrior: EnsembleOptions['labelPrior'],
  model: RegistryModel,
  { mode, prior }: Settings,
): Divisor {
  const G = model.groups.length;
  const L = model.labels.length;
  const uniform = new Float64Array(G).fill(1 / G);
  const trainLabels =
    labelPrior === undefined
      ? labelMarginal(new Float64Array(L), model, uniform, -1)
      : readLabelProbabilities(labelPrior, model, 'labelPrior');
  const meanDivisors = new Map<number, Float64Array>();
  return (zone: number): Float64Array => {
    if (mode === 'bayes') return trainLabels;
    let d = meanDivisors.get(zone);
    if (d === undefined) meanDivisors.set(zone, (d = labelMarginal(new Float64Array(L), model, prior, zone)));
    return d;
  };
}

/** What {@link scorePatterns} makes of the patterns, one by one. */
interface ScoredPatterns {
  /** Patterns compared jointly through their spacings (none, or two or more). */
  spaced: (SpacedPattern & { scaled: Float64Array; informative: boolean })[];
  /** Label-only likelihoods (scaled) of the informative patterns (for the look-alike test). */
  scaled: Float64Array[];
  /**
   * The patterns not in the joint term, each with its lattice fit (`PatternContext.fit`, used with
   * `outOfScope`; 1 otherwise).
   */
  separate: { lik: Float64Array; fit: number }[];
  /** P(group | pattern) of each informative pattern alone. */
  perPattern: Float64Array[];
  reports: PatternReport[];
  /** Every pattern's evidence weights (P(label | image) / divisor at its zone), in input order. */
  weights: Float64Array[];
  /** With `outOfScope`: Σ of the separate patterns' log-likelihood terms of "none of the groups". */
  otherLog: number;
  /** With `outOfScope`: the number of patterns that no group can produce (ln floor per group each). */
  impossible: number;
}

/** Each pattern's likelihood of every group, sorted into the joint (spacing) term and the separate ones. */
function scorePatterns(
  evidence: readonly ReadEvidence[],
  model: RegistryModel,
  { mode, floor, temperature, prior, outOfScope, open, knownLattice }: Settings,
  divisor: Divisor,
): ScoredPatterns {
  const G = model.groups.length;
  const L = model.labels.length;
  // Patterns with a spot spacing are compared jointly (bayes, registry with spacings, two or more of them, or one
  // with a known lattice parameter).
  const spacedCount = evidence.filter((e) => !Number.isNaN(e.logSpacing)).length;
  const fewest = knownLattice === undefined ? 2 : 1;
  const joint = mode === 'bayes' && model.spacings !== null && spacedCount >= fewest;
  const out: ScoredPatterns = {
    spaced: [],
    scaled: [],
    separate: [],
    perPattern: [],
    reports: [],
    weights: [],
    otherLog: open ? Math.log(outOfScope) : Number.NEGATIVE_INFINITY,
    impossible: 0,
  };
  const { spaced, scaled, separate, perPattern, reports } = out;
  const otherTerm = Math.log((1 - floor) * OUT_OF_SCOPE_SHARE ** (1 / temperature) + floor);
  evidence.forEach(({ q, zone, logSpacing, fit }, i) => {
    const w = evidenceWeights(new Float64Array(L), q, divisor(zone));
    out.weights.push(w);
    const lik = likelihoodFromWeights(new Float64Array(G), model, w, zone);
    let max = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let g = 0; g < G; g++) {
      if (prior[g] === 0) continue;
      max = Math.max(max, lik[g]!);
      min = Math.min(min, lik[g]!);
    }
    const consistent = max > 0;
    const informative = consistent && min < max * (1 - FLAT);
    const alone = new Float64Array(prior);
    if (consistent) {
      // Scale to a maximum of 1 first: tiny (subnormal) likelihoods would lose precision in the sum.
      for (let g = 0; g < G; g++) lik[g] = prior[g] === 0 ? 0 : lik[g]! / max;
      for (let g = 0; g < G; g++) alone[g] = prior[g]! * lik[g]!;
      normalise(alone);
    }
    const inJoint = joint && consistent && !Number.isNaN(logSpacing);
    const used = open ? fit : 1;
    if (inJoint) spaced.push({ w, zone, logSpacing, max, scaled: lik, informative, fit: used });
    if (informative) {
      scaled.push(lik);
      if (!inJoint) {
        separate.push({ lik, fit: used });
      }
      perPattern.push(alone);
    } else if (open && consistent && !inJoint && used < 1) {
      // every group explains it equally, but only as well as its lattice fits
      separate.push({ lik: new Float64Array(G).fill(1), fit: used });
    }
    if (open && !inJoint) {
      if (!consistent) out.impossible++;
      else out.otherLog += otherTerm;
    }

    reports.push({
      index: i,
      zone: null,
      zoneProbability: 0,
      zoneKnown: zone >= 0,
      groups: ranked(alone, model),
      informative,
      consistent,
    });
  });

  // Fewer spaced patterns than a joint term needs (a lone one, the others inconsistent, with a unknown): nothing to
  // compare it with.
  if (spaced.length > 0 && spaced.length < fewest) {
    const only = spaced.pop()!;
    if (only.informative) {
      separate.push({ lik: only.scaled, fit: only.fit ?? 1 });
    }
    if (open) out.otherLog += otherTerm;
  }
  return out;
}

/** `mode: 'mean'`: the mean of the informative patterns' distributions (the prior when there is none). */
function meanProbabilities(perPattern: readonly Float64Array[], prior: Float64Array): Float64Array {
  const G = prior.length;
  const p = new Float64Array(G);
  if (perPattern.length === 0) p.set(prior);
  else {
    for (const alone of perPattern) for (let g = 0; g < G; g++) p[g]! += alone[g]!;
    normalise(p);
  }
  return p;
}

/**
 * `mode: 'bayes'`: the posterior over the groups (`p`, over the registry alone) and of "none of the groups"
 * (`pOther`). Adds the spacing gain of a joint term to `scored.scaled`.
 *
 * @throws {@link EnsembleError} `E_ENSEMBLE_CONTRADICTION` when no group (nor "none") explains every pattern.
 */
function bayesProbabilities(
  scored: ScoredPatterns,
  model: RegistryModel,
  { floor, temperature, prior, outOfScope, open, spacingTolerance, knownLattice }: Settings,
): { p: Float64Array; pOther: number } {
  const G = model.groups.length;
  const { separate, spaced, impossible } = scored;
  let otherLog = scored.otherLog;
  const log = new Float64Array(G);
  for (let g = 0; g < G; g++) log[g] = Math.log(prior[g]!);
  for (const { lik: s, fit } of separate) {
    for (let g = 0; g < G; g++) {
      const l = temperature === 1 ? s[g]! * fit : (s[g]! * fit) ** (1 / temperature);
      log[g]! += Math.log((1 - floor) * l + floor);
    }
  }
  if (open) {
    for (let g = 0; g < G; g++) log[g]! += Math.log(1 - outOfScope) + impossible * Math.log(floor);
  }
  if (spaced.length > 0) {
    const joint = spacingLogLikelihood(
      model,
      model.spacings!,
      spaced,
      spacingTolerance,
      floor,
      temperature,
      knownLattice,
    );
    const together = joint.groups;
    otherLog += joint.other;
    for (let g = 0; g < G; g++) log[g]! += prior[g] === 0 ? 0 : together[g]!;
    // What the spacings add beyond the labels, as one more "pattern" for the look-alike test.
    scored.scaled.push(spacingGain(together, spaced, prior, floor, temperature));
  }
  let best = otherLog;
  for (const x of log) best = Math.max(best, x);
  if (best === Number.NEGATIVE_INFINITY) {
    throw new EnsembleError(
      'E_ENSEMBLE_CONTRADICTION',
      'no space group explains every pattern; one may be wrong (use floor > 0 to tolerate it)',
    );
  }
  const p = new Float64Array(G);
  let total = Math.exp(otherLog - best);
  for (let g = 0; g < G; g++) total += p[g] = Math.exp(log[g]! - best);
  const pOther = Math.exp(otherLog - best) / total;
  normalise(p);
  return { p, pOther };
}

/**
 * The most likely zone of a pattern whose zone was not given: P(zone | pattern, all) =
 * Σ_group P(group | all) · P(zone | group, pattern), with the zone uniform a priori over the group's zones.
 * Writes it into `report` (unchanged when no group of non-zero probability explains the pattern).
 */
function inferZone(report: PatternReport, w: Float64Array, model: RegistryModel, p: Float64Array): void {
  const G = model.groups.length;
  const Z = model.zones.length;
  const zoneProbability = new Float64Array(Z);
  const lik = new Float64Array(G);
  const perZone = new Float64Array(G * Z);
  const total = new Float64Array(G);
  const largest = new Float64Array(G);
  for (let z = 0; z < Z; z++) {
    likelihoodFromWeights(lik, model, w, z);
    for (let g = 0; g < G; g++) {
      perZone[g * Z + z] = lik[g]!;
      largest[g] = Math.max(largest[g]!, lik[g]!);
    }
  }
  for (let g = 0; g < G; g++) {
    if (!(largest[g]! > 0)) continue;
    for (let z = 0; z < Z; z++) total[g]! += perZone[g * Z + z]! /= largest[g]!;
  }
  let mass = 0;
  for (let g = 0; g < G; g++) {
    if (!(total[g]! > 0) || p[g] === 0) continue;
    mass += p[g]!;
    for (let z = 0; z < Z; z++) zoneProbability[z]! += (p[g]! * perZone[g * Z + z]!) / total[g]!;
  }
  if (!(mass > 0)) return;
  let bestZone = 0;
  for (let z = 1; z < Z; z++) if (zoneProbability[z]! > zoneProbability[bestZone]! + TIE) bestZone = z;
  const z = model.zones[bestZone]!;
  report.zone = [z[0], z[1], z[2]];
  report.zoneProbability = zoneProbability[bestZone]! / mass;
}

/**
 * Fill in each report's zone: the given one, or the most likely one under the groups' probabilities `p`
 * (from the pattern's evidence weights `weights[i]`).
 */
function reportZones(
  evidence: readonly ReadEvidence[],
  weights: readonly Float64Array[],
  reports: PatternReport[],
  model: RegistryModel,
  p: Float64Array,
): void {
  evidence.forEach(({ zone }, i) => {
    const report = reports[i]!;
    if (zone >= 0) {
      const z = model.zones[zone]!;
      report.zone = [z[0], z[1], z[2]];
      report.zoneProbability = 1;
      return;
    }
    inferZone(report, weights[i]!, model, p);
  });
}

/**
 * Zones already recorded: given with a pattern, or inferred with high confidence for an informative one
 * (recording the same zone again would mostly repeat the same, possibly ambiguous, image).
 */
function recordedZones(reports: readonly PatternReport[]): ZoneAxis[] {
  const known: ZoneAxis[] = [];
  for (const report of reports) {
    if (report.zone === null) continue;
    if (report.zoneKnown || (report.informative && report.zoneProbability >= RECORDED))
      known.push(report.zone);
  }
  return known;
}

/**
 * Space-group probabilities from several diffraction patterns of one crystal.
 *
 * Each pattern is first turned into a likelihood of every group of the registry, from its label probabilities
 * and the registry's P(label | group, zone) (see {@link RegistryModel}); the zone of the pattern, when given,
 * restricts that to the labels the group gives at that zone. Then:
 *
 * - `mode: 'mean'` (the paper's): P(group | pattern) = Σ_label P(label | image) · P(group | label), with
 *   P(group | label) = prior(group) · P(label | group) / Σ_h prior(h) · P(label | h) (Bayes' rule over the
 *   registry, so for a uniform prior a label shared by four groups at one zone each gives each 1/4). The result
 *   is the mean of these distributions over the informative patterns (patterns that leave the prior unchanged are
 *   skipped, so adding one changes nothing).
 * - `mode: 'bayes'` (default): P(group | patterns) ∝ prior(group) · Π_patterns L'(group), where
 *   L(group) ∝ Σ_label P(label | group, zone) · P(label | image) / P_train(label), scaled to a maximum of 1,
 *   raised to 1 / `temperature` and floored: L' = (1 − floor) · L + floor.
 *   Two or more patterns with a `spacing` (recorded with one camera) are scored together instead: their
 *   spacings must stand in the proportions of the registry's `LabelMember.spacing` for one unknown lattice
 *   parameter, which is integrated out (see `spacingTolerance`). A single pattern's term is unchanged by it.
 *   With `knownLattice` the spacings are in units of 1/a of a known a and must match the registry's at that a;
 *   then one spaced pattern is scored so too.
 *
 * With one pattern whose zone is not given and a uniform prior, both modes give the same distribution. With a
 * given zone, `mean` divides by the label frequencies at that zone (Jeffrey's rule over P(group | label, zone))
 * while `bayes` divides by the classifier's training frequencies; for a single hard label both agree again.
 *
 * @param patterns - The evidence, one entry per pattern, in any order (the result does not depend on it).
 * @param registry - Labels with the (space group, zone axis, variant) members that produce them.
 * @throws {@link EnsembleError} for a malformed registry, an unknown label or zone, or (bayes, floor 0)
 *   contradictory patterns; RangeError / TypeError for bad options or probabilities.
 */
export function ensemble(
  patterns: readonly PatternEvidence[],
  registry: LabelRegistry,
  options: EnsembleOptions = {},
): Prediction {
  const model = compileRegistry(registry);
  if (!Array.isArray(patterns)) throw new TypeError('patterns must be an array');
  const settings = resolveEnsembleOptions(options, model);
  const evidence = patterns.map((pattern, i) => readEvidence(pattern, model, i));
  const divisor = labelDivisors(options.labelPrior, model, settings);
  const scored = scorePatterns(evidence, model, settings, divisor);
  const { p, pOther } =
    settings.mode === 'mean'
      ? { p: meanProbabilities(scored.perPattern, settings.prior), pOther: 0 }
      : bayesProbabilities(scored, model, settings);
  reportZones(evidence, scored.weights, scored.reports, model, p);

  // Zones, look-alikes and the next zone are about the registry's groups: they use p as is; the reported
  // probabilities make room for "none of the groups".
  const { candidateThreshold } = settings;
  const groups = ranked(pOther > 0 ? p.map((x) => x * (1 - pOther)) : p, model, options.families);
  const top = groups[0]!;
  const abstained = top.probability < settings.abstainBelow;
  const known = recordedZones(scored.reports);
  const exclude = zoneMask(model, [...known, ...(options.exclude ?? [])], new Uint8Array(model.zones.length));
  const best = scoreZones(model, p, exclude, candidateThreshold)[0];
  const weighted = scored.weights.map((w, i) => ({ w, zone: evidence[i]!.zone }));
  const topIndex = model.groups.indexOf(top.spaceGroup);
  return {
    mode: settings.mode,
    groups,
    best: abstained ? null : top.spaceGroup,
    abstained,
    outOfScope: pOther,
    unresolved: lookAlikes(scored.scaled, p, model.groups, candidateThreshold, settings.lookAlikeTolerance),
    entropy: entropyBits(p),
    nextZone: best !== undefined && best.totalInformationGain > TIE ? best : null,
    hiddenLookAlikes: hiddenLookAlikes(
      registry,
      model,
      weighted,
      topIndex,
      settings.prior,
      settings.knownLattice !== undefined,
    ),
    patterns: scored.reports,
  };
}
