/**
 * Groups that look alike when one class of reflections is too weak to see: an ordered alloy whose superlattice
 * reflections are faint (B2 NiAl, Pm-3m) shows a body-centred crystal's patterns (Im-3m) at every zone axis, a
 * fluorite whose 200-type reflections nearly cancel (Li₂O, Fm-3m) shows diamond's (Fd-3m). No zone axis tells
 * them apart; only those weak reflections do.
 *
 * @packageDocumentation
 */
import type { Structure } from '@sadp/cif';
import { structureFactors } from '@sadp/diffraction-sim';
import { ABSENT_BELOW, labelOfPlane } from './pattern-label';
import { roundStored } from './registry';
import type { ZoneAxis } from './registry-types';

/** A parity class of cubic reflections hkl (conventional cell). */
export type ReflectionClass = 'h+k+l odd' | 'mixed parity' | 'all odd' | 'all even, h+k+l = 4n+2';

/**
 * The classes {@link weakLookAlikes} tries, each with its test, in the order it names them: of two classes that
 * remove the same reflections of a variant (all odd and h + k + l odd, for a face-centred one), the first.
 */
export const REFLECTION_CLASSES: Readonly<
  Record<ReflectionClass, (h: number, k: number, l: number) => boolean>
> = Object.freeze({
  'all odd': (h, k, l) => (h & 1) === 1 && (k & 1) === 1 && (l & 1) === 1,
  'all even, h+k+l = 4n+2': (h, k, l) =>
    (h & 1) === 0 && (k & 1) === 0 && (l & 1) === 0 && (((h + k + l) % 4) + 4) % 4 === 2,
  'h+k+l odd': (h, k, l) => (h + k + l) % 2 !== 0,
  'mixed parity': (h, k, l) => {
    const odd = (h & 1) + (k & 1) + (l & 1);
    return odd === 1 || odd === 2;
  },
});

/** One structure variant that shows another group's patterns when a class of its reflections is not seen. */
export interface WeakLookAlike {
  /** The variant (`RegistryVariant.id`) whose weak reflections are missed, e.g. `"221"`. */
  variant: string;
  /** Its space group. */
  spaceGroup: number;
  /** The reflections that, too weak to see, make it look like {@link WeakLookAlike.looksLike}. */
  weak: ReflectionClass;
  /** The lowest-order reflection of that class the variant has, e.g. `[1, 0, 0]`. */
  example: [number, number, number];
  /** The variant whose patterns it then shows at every zone axis of the registry, e.g. `"229"`. */
  looksLike: string;
  /** That variant's space group. */
  looksLikeGroup: number;
  /**
   * Lattice parameter of the look-alike over the crystal's: 1 when the patterns are the same at the same cell
   * (then not even a known lattice parameter tells them apart), ½ for rock salt with equal scatterers, which shows
   * a primitive cubic crystal of half its cell.
   */
  latticeRatio: number;
}

/** A variant of a registry with the structure its labels were computed from. */
export interface VariantStructure {
  id: string;
  spaceGroup: number;
  structure: Structure;
}

/**
 * Label key and shortest spacing (in units of 1/a) of each zone, as `"<key>@<spacing>"`, with `drop` zeroing the
 * reflections a viewer would miss in each zone's kinematic intensities (index 0 is 000); `null` when a zone is left
 * without a 2D lattice. For {@link weakLookAlikes} and the corpus census script.
 */
export function zoneLooks(
  structure: Structure,
  zones: readonly ZoneAxis[],
  drop?: (hkl: Int32Array, intensity: Float64Array) => void,
): string[] | null {
  const intensities = (hkl: Int32Array) => {
    const out = structureFactors(structure, hkl, { debyeWaller: false }).intensity;
    drop?.(hkl, out);
    return out;
  };
  try {
    return zones.map((zone) => {
      const label = labelOfPlane(structure.cell, zone, intensities);
      return `${label.key}@${roundStored(label.lengths[0] * structure.cell.a)}`;
    });
  } catch {
    // a zone left without a 2D lattice: nothing looks like that
    return null;
  }
}

/** {@link zoneLooks}' `drop` for one reflection class. */
const dropClass =
  (weak: ReflectionClass) =>
  (hkl: Int32Array, intensity: Float64Array): void => {
    const test = REFLECTION_CLASSES[weak];
    for (let r = 1; r < intensity.length; r++)
      if (test(hkl[3 * r]!, hkl[3 * r + 1]!, hkl[3 * r + 2]!)) intensity[r] = 0;
  };

/** The lowest-order reflection of `weak` with intensity in `structure` (|h|+|k|+|l| ≤ 6), or null. */
function lowestOf(structure: Structure, weak: ReflectionClass): [number, number, number] | null {
  const test = REFLECTION_CLASSES[weak];
  const candidates: [number, number, number][] = [];
  for (let h = 0; h <= 6; h++)
    for (let k = 0; k <= h; k++)
      for (let l = 0; l <= k; l++) if (h + k + l > 0 && test(h, k, l)) candidates.push([h, k, l]);
  candidates.sort((p, q) => p[0] ** 2 + p[1] ** 2 + p[2] ** 2 - (q[0] ** 2 + q[1] ** 2 + q[2] ** 2));
  const hkl = Int32Array.from([0, 0, 0, ...candidates.flat()]);
  const intensity = structureFactors(structure, hkl, { debyeWaller: false }).intensity;
  const floor = ABSENT_BELOW * intensity[0]!;
  const r = candidates.findIndex((_, i) => intensity[i + 1]! > floor);
  return r < 0 ? null : candidates[r]!;
}

/**
 * The ratio every spacing of `a` bears to the same zone's in `b` ({@link zoneLooks} results) when their label keys
 * all agree, else null.
 */
export function commonRatio(a: readonly string[], b: readonly string[]): number | null {
  let ratio: number | null = null;
  for (let z = 0; z < a.length; z++) {
    const [keyA, spacingA] = a[z]!.split('@');
    const [keyB, spacingB] = b[z]!.split('@');
    if (keyA !== keyB) return null;
    const r = Number(spacingB) / Number(spacingA);
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-4 * ratio) return null;
  }
  return ratio;
}

/**
 * The variants of another space group than `spaceGroup` whose {@link zoneLooks} (`full`, in `variants`' order) have
 * the labels of `seen` at every zone, with spacings in one common proportion: each with that proportion (its lattice
 * parameter over the crystal's, rounded as the registry stores it).
 */
export function matchingVariants(
  seen: readonly string[],
  spaceGroup: number,
  variants: readonly VariantStructure[],
  full: readonly (string[] | null)[],
): { other: VariantStructure; latticeRatio: number }[] {
  return variants.flatMap((other, j) => {
    if (other.spaceGroup === spaceGroup || full[j] === null) return [];
    const ratio = commonRatio(seen, full[j]!);
    return ratio === null ? [] : [{ other, latticeRatio: roundStored(ratio) }];
  });
}

/**
 * Every (variant, reflection class, other variant) such that the variant's patterns without that class's
 * reflections have the other's labels at every zone, with spacings in one common proportion (the other's
 * lattice parameter over the variant's; see {@link WeakLookAlike.latticeRatio}). Pairs within one space group
 * (227's absence variants) and classes the variant has no reflection of are left out; each (variant, look-alike,
 * ratio) is named once, by the first class of {@link REFLECTION_CLASSES} that gives it.
 *
 * @example
 * weakLookAlikes(CUBIC_VARIANTS.map((v) => ({ ...v, structure: representativeStructure(v.id) })), CUBIC_ZONES);
 * // [{ variant: '221', weak: 'h+k+l odd', example: [1, 0, 0], looksLike: '229', latticeRatio: 1, … }, …]
 */
export function weakLookAlikes(
  variants: readonly VariantStructure[],
  zones: readonly ZoneAxis[],
): WeakLookAlike[] {
  const full = variants.map((v) => zoneLooks(v.structure, zones));
  const out: WeakLookAlike[] = [];
  variants.forEach((v) => {
    for (const weak of Object.keys(REFLECTION_CLASSES) as ReflectionClass[]) {
      const example = lowestOf(v.structure, weak);
      if (example === null) continue;
      const seen = zoneLooks(v.structure, zones, dropClass(weak));
      if (seen === null) continue;
      for (const { other, latticeRatio } of matchingVariants(seen, v.spaceGroup, variants, full)) {
        const named = out.some(
          (e) => e.variant === v.id && e.looksLike === other.id && e.latticeRatio === latticeRatio,
        );
        if (named) continue;
        out.push({
          variant: v.id,
          spaceGroup: v.spaceGroup,
          weak,
          example,
          looksLike: other.id,
          looksLikeGroup: other.spaceGroup,
          latticeRatio,
        });
      }
    }
  });
  return out;
}
