/**
 * Groups that look alike when double diffraction lights the absences it can reach: a beam diffracted by g₁ and
 * again by g₂ puts a spot at g₁ + g₂, so a screw or glide absence that is the sum of two allowed reflections of the
 * zone can show. P4₁32's 4₁ absences (h00, h ≠ 4n) all can: lit, its patterns are Pm-3m's at every zone axis,
 * spacings included, and only a pattern tilted off the zone (a systematic row) or convergent-beam diffraction tells
 * them apart. See docs/double-diffraction.md.
 *
 * @packageDocumentation
 */
import { ABSENT_BELOW } from './pattern-label';
import type { ZoneAxis } from './registry-types';
import { matchingVariants, type VariantStructure, zoneLooks } from './weak-look-alikes';

/** One structure variant that shows another group's patterns when double diffraction lights its absences. */
export interface DoubleDiffractionLookAlike {
  /** The variant (`RegistryVariant.id`) whose absences double diffraction lights, e.g. `"213"`. */
  variant: string;
  /** Its space group. */
  spaceGroup: number;
  /** The lowest-order absence that double diffraction lights, e.g. `[1, 0, 0]`. */
  example: [number, number, number];
  /** The variant whose patterns it then shows at every zone axis of the registry, e.g. `"221"`. */
  looksLike: string;
  /** That variant's space group. */
  looksLikeGroup: number;
  /** Lattice parameter of the look-alike over the crystal's (1: the same patterns at the same cell). */
  latticeRatio: number;
}

/** Intensity, relative to I(000), given to a lit absence: far above `ABSENT_BELOW`, so it counts as a spot. */
const LIT = 1e-6;

/**
 * A `zoneLooks` intensity transform that lights every absent reflection of the list that is the sum of two present
 * ones of the list (index 0 is 000), and records the lit ones in `lit` as `"h,k,l"`.
 */
function lightReachable(lit: Set<string>) {
  return (hkl: Int32Array, intensity: Float64Array): void => {
    const floor = ABSENT_BELOW * intensity[0]!;
    const present = new Set<string>();
    for (let r = 0; r < intensity.length; r++)
      if (intensity[r]! > floor) present.add(`${hkl[3 * r]},${hkl[3 * r + 1]},${hkl[3 * r + 2]}`);
    for (let r = 1; r < intensity.length; r++) {
      if (intensity[r]! > floor) continue;
      const [h, k, l] = [hkl[3 * r]!, hkl[3 * r + 1]!, hkl[3 * r + 2]!];
      for (let p = 1; p < intensity.length; p++) {
        if (!(intensity[p]! > floor)) continue;
        if (!present.has(`${h - hkl[3 * p]!},${k - hkl[3 * p + 1]!},${l - hkl[3 * p + 2]!}`)) continue;
        intensity[r] = LIT * intensity[0]!;
        lit.add(`${h},${k},${l}`);
        break;
      }
    }
  };
}

/** The lit reflection of lowest order (smallest h² + k² + l², then as a sorted triple of absolute values). */
function lowestLit(lit: ReadonlySet<string>): [number, number, number] {
  const triples = [...lit].map((key) =>
    key
      .split(',')
      .map((x) => Math.abs(Number(x)))
      .sort((a, b) => b - a),
  );
  triples.sort((p, q) => p[0]! ** 2 + p[1]! ** 2 + p[2]! ** 2 - (q[0]! ** 2 + q[1]! ** 2 + q[2]! ** 2));
  const [h, k, l] = triples[0]!;
  return [h!, k!, l!];
}

/**
 * `zoneLooks` of `structure` with every absence that double diffraction can reach lit, and the lit reflections
 * (`"h,k,l"`); `looks` is null when a zone is left without a 2D lattice.
 */
export function litZoneLooks(
  structure: VariantStructure['structure'],
  zones: readonly ZoneAxis[],
): { looks: string[] | null; lit: Set<string> } {
  const lit = new Set<string>();
  return { looks: zoneLooks(structure, zones, lightReachable(lit)), lit };
}

/**
 * Every (variant, other variant) such that the variant's patterns, with every absence that double diffraction can
 * reach lit, have the other's labels at every zone with spacings in one common proportion. Variants without such
 * absences, and pairs within one space group, are left out.
 *
 * @example
 * doubleDiffractionLookAlikes(CUBIC_VARIANTS.map((v) => ({ ...v, structure: representativeStructure(v.id) })), CUBIC_ZONES);
 * // [{ variant: '213', example: [1, 0, 0], looksLike: '221', looksLikeGroup: 221, latticeRatio: 1, … }]
 */
export function doubleDiffractionLookAlikes(
  variants: readonly VariantStructure[],
  zones: readonly ZoneAxis[],
): DoubleDiffractionLookAlike[] {
  const full = variants.map((v) => zoneLooks(v.structure, zones));
  const out: DoubleDiffractionLookAlike[] = [];
  variants.forEach((v) => {
    const { looks: seen, lit } = litZoneLooks(v.structure, zones);
    if (seen === null || lit.size === 0) return;
    const example = lowestLit(lit);
    for (const { other, latticeRatio } of matchingVariants(seen, v.spaceGroup, variants, full))
      out.push({
        variant: v.id,
        spaceGroup: v.spaceGroup,
        example,
        looksLike: other.id,
        looksLikeGroup: other.spaceGroup,
        latticeRatio,
      });
  });
  return out;
}
