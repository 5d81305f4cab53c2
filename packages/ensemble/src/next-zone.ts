/**
 * Which zone axis to record next: expected information gain over the registry's zones.
 *
 * @packageDocumentation
 */
import type { LabelRegistry, ZoneAxis } from '@sadp/lattice-labels';
import { EnsembleError } from './errors';
import { entropyBits, likelihoodRow } from './likelihood';
import { compileRegistry, type RegistryModel } from './registry-model';
import type { GroupProbability, ZoneScore } from './types';
import { findZone } from './zone-match';

/** Probabilities closer than this count as tied (then registry order decides). */
export const TIE = 1e-12;

/** Group indices sorted by probability (descending), ties in registry order. */
export function rankOrder(p: Readonly<ArrayLike<number>>): number[] {
  const order = Array.from({ length: p.length }, (_, i) => i);
  return order.sort((a, b) => {
    const d = p[b]! - p[a]!;
    return Math.abs(d) > TIE ? d : a - b;
  });
}

/**
 * Mutual information in bits between the group (weights `p` on the groups where `include` is 1, renormalised)
 * and the label seen at zone `z`. A group without registry data at `z` yields a separate "unknown" outcome.
 */
function mutualInformation(model: RegistryModel, p: Float64Array, include: Uint8Array, z: number): number {
  const G = model.groups.length;
  const L = model.labels.length;
  const Z = model.zones.length;
  let total = 0;
  for (let g = 0; g < G; g++) if (include[g]) total += p[g]!;
  if (!(total > 0)) return 0;
  const outcome = new Float64Array(L + 1);
  let conditional = 0;
  for (let g = 0; g < G; g++) {
    if (!include[g] || p[g] === 0) continue;
    const w = p[g]! / total;
    if (!model.hasZone[g * Z + z]) {
      outcome[L]! += w;
      continue;
    }
    const r = g * Z + z;
    for (let i = model.sparseStart[r]!; i < model.sparseStart[r + 1]!; i++) {
      outcome[model.sparseLabel[i]!]! += w * model.sparseValue[i]!;
    }
    conditional += w * model.rowEntropy[g * Z + z]!;
  }
  return Math.max(0, entropyBits(outcome) - conditional);
}

/** Total-variation distance between the label distributions of groups `a` and `b` at zone `z`. */
function separation(model: RegistryModel, a: number, b: number, z: number): number {
  const Z = model.zones.length;
  const L = model.labels.length;
  const hasA = model.hasZone[a * Z + z] === 1;
  const hasB = model.hasZone[b * Z + z] === 1;
  if (!hasA || !hasB) return hasA === hasB ? 0 : 1;
  const ra = likelihoodRow(model, a, z);
  const rb = likelihoodRow(model, b, z);
  let tv = 0;
  for (let l = 0; l < L; l++) tv += Math.abs(ra.table[ra.at + l]! - rb.table[rb.at + l]!);
  // Snap rounding noise (variant shares such as 1/3 do not sum to exactly 1).
  return tv / 2 > 1 - 1e-12 ? 1 : tv / 2 < 1e-12 ? 0 : tv / 2;
}

/**
 * Score every zone of the model for group probabilities `p` (aligned with `model.groups`, summing to 1) and
 * sort them best first; zones where `exclude` is 1 are left out.
 */
export function scoreZones(
  model: RegistryModel,
  p: Float64Array,
  exclude: Uint8Array,
  candidateThreshold: number,
): ZoneScore[] {
  const G = model.groups.length;
  const order = rankOrder(p);
  const top = order[0]!;
  const second = order.length > 1 ? order[1]! : top;
  const candidates = new Uint8Array(G);
  const all = new Uint8Array(G).fill(1);
  for (let g = 0; g < G; g++) candidates[g] = p[g]! > 0 && p[g]! >= candidateThreshold ? 1 : 0;
  candidates[top] = 1;
  if (p[second]! > 0) candidates[second] = 1;
  const scored: { score: ZoneScore; index: number }[] = [];
  model.zones.forEach((zone, z) => {
    if (exclude[z]) return;
    scored.push({
      index: z,
      score: {
        zone: [zone[0], zone[1], zone[2]],
        informationGain: mutualInformation(model, p, candidates, z),
        totalInformationGain: mutualInformation(model, p, all, z),
        topTwoSeparation: second === top ? 0 : separation(model, top, second, z),
      },
    });
  });
  const useful = (s: ZoneScore): number => (s.totalInformationGain > TIE ? 1 : 0);
  const differ = (a: number, b: number, tolerance: number): number =>
    Math.abs(a - b) > tolerance ? b - a : 0;
  scored.sort(
    (a, b) =>
      useful(b.score) - useful(a.score) ||
      differ(a.score.topTwoSeparation, b.score.topTwoSeparation, 1e-9) ||
      differ(a.score.informationGain, b.score.informationGain, 1e-9) ||
      differ(a.score.totalInformationGain, b.score.totalInformationGain, 1e-9) ||
      a.index - b.index,
  );
  return scored.map((s) => s.score);
}

/** Options of {@link rankZones} and {@link suggestNextZone}. */
export interface NextZoneOptions {
  /** Zone axes already recorded or not reachable (any symmetry-equivalent form). */
  exclude?: readonly ZoneAxis[];
  /** Groups below this probability are not candidates (the top two always are). Default `0.01`. */
  candidateThreshold?: number;
}

/** Group probabilities as an array aligned with `model.groups`, normalised. */
export function readGroupProbabilities(
  probabilities: readonly GroupProbability[] | Readonly<Record<number, number>>,
  model: RegistryModel,
): Float64Array {
  const p = new Float64Array(model.groups.length);
  const entries: [number, number][] = Array.isArray(probabilities)
    ? (probabilities as readonly GroupProbability[]).map((e) => [e.spaceGroup, e.probability])
    : Object.entries(probabilities).map(([k, v]) => [Number(k), v as number]);
  for (const [group, probability] of entries) {
    const g = model.groups.indexOf(group);
    if (g < 0) throw new RangeError(`space group ${group} is not in the registry`);
    if (!Number.isFinite(probability) || probability < 0) {
      throw new RangeError(`probability ${probability} of space group ${group} is not a finite value ≥ 0`);
    }
    p[g] = probability;
  }
  let sum = 0;
  for (const x of p) sum += x;
  if (!(sum > 0)) throw new RangeError('group probabilities are all zero');
  for (let g = 0; g < p.length; g++) p[g]! /= sum;
  return p;
}

/** Mark the zones of `zones` (symmetry-equivalent forms allowed) in a mask over `model.zones`. */
export function zoneMask(model: RegistryModel, zones: readonly ZoneAxis[], out: Uint8Array): Uint8Array {
  for (const zone of zones) {
    const z = findZone(zone, model.zones, model.equivalence);
    if (z < 0) {
      throw new EnsembleError(
        'E_ENSEMBLE_UNKNOWN_ZONE',
        `zone axis ${JSON.stringify(zone)} is not in the registry`,
      );
    }
    out[z] = 1;
  }
  return out;
}

/**
 * Score the registry's zone axes as the next pattern to record, best first.
 *
 * A zone is better when (in this order): its expected information gain over all groups is above zero (zones
 * that cannot change anything go last); its label distributions tell the two most probable groups apart
 * ({@link ZoneScore.topTwoSeparation}); it has the larger expected information gain over the candidate groups;
 * then over all groups; then registry order. The label of the next pattern is assumed to be read correctly.
 *
 * @param probabilities - Current group probabilities, e.g. `prediction.groups` or `{ 225: 0.6, 221: 0.4 }`.
 * @throws RangeError for probabilities of groups not in the registry, negative or all zero.
 */
export function rankZones(
  probabilities: readonly GroupProbability[] | Readonly<Record<number, number>>,
  registry: LabelRegistry,
  options: NextZoneOptions = {},
): ZoneScore[] {
  const model = compileRegistry(registry);
  const p = readGroupProbabilities(probabilities, model);
  const exclude = zoneMask(model, options.exclude ?? [], new Uint8Array(model.zones.length));
  return scoreZones(model, p, exclude, options.candidateThreshold ?? 0.01);
}

/**
 * The best zone axis to record next (see {@link rankZones}), or `null` when no zone left could change the
 * probabilities (the verdict is certain, or the remaining groups look alike at every zone).
 */
export function suggestNextZone(
  probabilities: readonly GroupProbability[] | Readonly<Record<number, number>>,
  registry: LabelRegistry,
  options: NextZoneOptions = {},
): ZoneScore | null {
  const best = rankZones(probabilities, registry, options)[0];
  return best !== undefined && best.totalInformationGain > TIE ? best : null;
}
