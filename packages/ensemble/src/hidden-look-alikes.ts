/**
 * Groups a verdict cannot rule out because their weak reflections would hide what sets them apart (the registry's
 * `weakLookAlikes`), or double diffraction would light it (`doubleDiffractionLookAlikes`).
 *
 * @packageDocumentation
 */
import type { LabelRegistry, WeakLookAlike } from '@sadp/lattice-labels';
import type { RegistryModel } from './registry-model';
import type { SpacingTable } from './spacing';
import type { HiddenLookAlike } from './types';

/**
 * A variant of the top group counts as the one the patterns show when their label evidence for it is at least
 * this fraction of that for the group's best variant (227's spinel patterns do not raise diamond's look-alikes).
 */
const SHOWN = 0.1;

/** `HiddenLookAlike.weak` of a double-diffraction look-alike: the reflections that set it apart. */
const LIT_BY_DOUBLE_DIFFRACTION = 'screw or glide absences';

/** One pattern's evidence weights over the registry's labels and its zone index (-1: unknown). */
export interface WeightedPattern {
  w: Float64Array;
  zone: number;
}

/**
 * ln of each variant's label evidence over the patterns: Σ over patterns of ln Σ_zone P(zone | variant) ·
 * Σ_label P(label | variant, zone) · w[label] / max w (the label part of `spacingLogLikelihood`).
 */
function variantEvidence(table: SpacingTable, patterns: readonly WeightedPattern[]): Float64Array {
  const out = new Float64Array(table.variants);
  const sum = new Float64Array(table.variants);
  for (const { w, zone } of patterns) {
    let max = 0;
    for (const x of w) max = Math.max(max, x);
    if (!(max > 0)) continue;
    sum.fill(0);
    for (let m = 0; m < table.variant.length; m++) {
      if (zone >= 0 && table.zone[m] !== zone) continue;
      const v = table.variant[m]!;
      const zoneWeight = zone >= 0 ? 1 : 1 / table.variantZones[v]!;
      sum[v]! += (zoneWeight * table.share[m]! * w[table.label[m]!]!) / max;
    }
    for (let v = 0; v < out.length; v++) out[v]! += Math.log(sum[v]! + 1e-300);
  }
  return out;
}

/** A registry look-alike entry as a {@link HiddenLookAlike}, keeping the group it looks like for the filter. */
function candidate(
  e: Omit<WeakLookAlike, 'weak'>,
  cause: HiddenLookAlike['cause'],
  weak: string,
): HiddenLookAlike & { looksLikeGroup: number } {
  const { spaceGroup, variant, example, looksLike, looksLikeGroup, latticeRatio } = e;
  return {
    cause,
    spaceGroup,
    variant,
    weak,
    example: [example[0], example[1], example[2]],
    looksLike,
    looksLikeGroup,
    latticeRatio,
  };
}

/**
 * The registry's look-alikes of group index `top` that the patterns cannot rule out: groups with a non-zero prior
 * one of whose variants shows the variant of `top` the patterns show (see {@link SHOWN}) when a class of its
 * reflections is too weak to see (`weakLookAlikes`) or when double diffraction lights its screw and glide absences
 * (`doubleDiffractionLookAlikes`). With a known lattice parameter only those of the same cell (`latticeRatio` 1)
 * are left: the spacings tell the others apart.
 */
export function hiddenLookAlikes(
  registry: LabelRegistry,
  model: RegistryModel,
  patterns: readonly WeightedPattern[],
  top: number,
  prior: Readonly<ArrayLike<number>>,
  knownLattice: boolean,
): HiddenLookAlike[] {
  const group = model.groups[top]!;
  const all = [
    ...(registry.weakLookAlikes ?? []).map((e) => candidate(e, 'weak reflections', e.weak)),
    ...(registry.doubleDiffractionLookAlikes ?? []).map((e) =>
      candidate(e, 'double diffraction', LIT_BY_DOUBLE_DIFFRACTION),
    ),
  ];
  const candidates = all.filter((e) => {
    const g = model.groups.indexOf(e.spaceGroup);
    return (
      e.looksLikeGroup === group &&
      g >= 0 &&
      g !== top &&
      prior[g]! > 0 &&
      (!knownLattice || e.latticeRatio === 1)
    );
  });
  if (candidates.length === 0) return [];
  const table = model.spacings;
  let shown = (_variant: string) => true;
  if (table) {
    const evidence = variantEvidence(table, patterns);
    let best = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < table.variants; v++)
      if (table.variantGroup[v] === top) best = Math.max(best, evidence[v]!);
    shown = (variant) => {
      const v = table.variantIds.findIndex((id, i) => id === variant && table.variantGroup[i] === top);
      return v >= 0 && evidence[v]! >= best + Math.log(SHOWN);
    };
  }
  return candidates.filter((e) => shown(e.looksLike)).map(({ looksLikeGroup: _, ...e }) => e);
}

/** The reflection classes of the registry's `weakLookAlikes` (`@sadp/lattice-labels` `ReflectionClass`) in words. */
const WEAK_REFLECTIONS: Readonly<Record<string, string>> = {
  'h+k+l odd': 'h+k+l odd',
  'mixed parity': 'h, k, l of mixed parity',
  'all odd': 'h, k, l all odd',
  'all even, h+k+l = 4n+2': 'h, k, l even, h+k+l = 4n+2',
};

/**
 * `Prediction.hiddenLookAlikes` for people, one sentence per cause, e.g. "The same patterns come from 221 if its
 * reflections (100) (h+k+l odd) are too weak to see (ordered or light-atom phases); no zone axis tells them apart,
 * a longer exposure showing those reflections does." Empty for none.
 *
 * @example
 * const p = ensemble(patterns, cubicRegistry);
 * if (p.best !== null && p.hiddenLookAlikes.length > 0) console.log(describeHiddenLookAlikes(p.hiddenLookAlikes));
 */
export function describeHiddenLookAlikes(hidden: readonly HiddenLookAlike[]): string {
  const cell = (h: HiddenLookAlike) =>
    h.latticeRatio === 1 ? '' : ` with a cell ${+(1 / h.latticeRatio).toFixed(3)}× as large`;
  const weak = hidden.filter((h) => h.cause !== 'double diffraction');
  const lit = hidden.filter((h) => h.cause === 'double diffraction');
  const sentences: string[] = [];
  if (weak.length > 0) {
    const each = weak.map(
      (h) =>
        `${h.spaceGroup}${cell(h)} if its reflections (${h.example.join('')}) (${WEAK_REFLECTIONS[h.weak] ?? h.weak})`,
    );
    sentences.push(
      `The same patterns come from ${each.join(' or from ')} are too weak to see (ordered or light-atom phases); no zone axis tells them apart, a longer exposure showing those reflections does.`,
    );
  }
  if (lit.length > 0) {
    const each = lit.map(
      (h) => `${h.spaceGroup}${cell(h)} if double diffraction lights its (${h.example.join('')})`,
    );
    sentences.push(
      `The same patterns come from ${each.join(' or from ')} and its other ${LIT_BY_DOUBLE_DIFFRACTION} (thicker crystals); no zone axis tells them apart, a pattern tilted off the zone to a systematic row does.`,
    );
  }
  return sentences.join(' ');
}
