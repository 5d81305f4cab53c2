import type { ZoneAxis } from '@sadp/diffraction-sim';
import type { DoubleDiffractionLookAlike } from './double-diffraction-look-alikes';
import type { WeakLookAlike } from './weak-look-alikes';

/** A zone axis [uvw] as three integers (the type of `@sadp/diffraction-sim`'s zone-axis module). */
export type { ZoneAxis };

/** 2D Bravais lattice of a pattern: A square, B rectangular primitive, C hexagonal, D oblique (incl. centred rectangular). */
export type LatticeType = 'A' | 'B' | 'C' | 'D';

/** One (space group, zone axis) pair that produces a label. */
export interface LabelMember {
  /** International Tables number. */
  spaceGroup: number;
  /** Zone axis in the standard cubic triangle, e.g. `[0, 1, 3]`. */
  zone: ZoneAxis;
  /**
   * Structure variant within the group when intensities split a group into look-alike families
   * (e.g. `"227-1"`, `"227-2"`, `"227-3"`); equal to the group number as a string when there is one.
   */
  variant: string;
  /**
   * Length of the label's canonical basis vector a (the shortest spot spacing of the pattern, `PatternLabel.lengths[0]`)
   * in units of the reciprocal cell edge 1/a of the cubic cell, e.g. 2 for [001] of Fm-3m ((200) spots) and
   * 2√2 for [001] of Fd-3m ((220) spots). Patterns of one crystal recorded with one camera show these spacings
   * in the same proportions, which separates look-alikes such as [001], [011], [111] of Pm-3m and Im-3m.
   * Present in generated cubic registries.
   */
  spacing?: number;
}

/** Shape of a label's 2D lattice (angles in degrees, see `latticeShape`). */
export interface LabelEntryShape {
  /** |b|/|a| of the canonical reduced basis. */
  ratio: number;
  /** ∠BOA: angle from a to b (counter-clockwise) of the canonical reduced basis. */
  angleBOA: number;
  /** ∠OAB of the triangle O, A, B halving the reduced cell. */
  angleOAB: number;
  /** Angle between the cell diagonal and the longer side (B sub-group angle). */
  diagonalAngle: number;
  /** Centred rectangular (counted as D). */
  centred: boolean;
}

/** One label of the registry. */
export interface LabelEntry {
  /** Label name in the paper's style, e.g. `"A1-0"`, `"B3-1"`, `"D12-0"`. */
  name: string;
  lattice: LatticeType;
  /** Every (space group, zone axis, variant) that gives this label. */
  members: LabelMember[];
  /** Shape sub-group number (the digit(s) after the letter). Present in generated registries. */
  shapeIndex?: number;
  /** Absence sub-group number (after the hyphen). Present in generated registries. */
  subgroup?: number;
  /** Lattice shape. Present in generated registries. */
  shape?: LabelEntryShape;
  /** `PatternLabel.key` of the label (shape key and signature hash). Present in generated registries. */
  key?: string;
  /** Canonical absence signature (absent nodes `"i,j"` of the window, `";"`-separated). */
  signature?: string;
  /** Number of absent nodes in the signature window. */
  absentCount?: number;
}

/** A structure family that stands for one space group (or one intensity variant of it) in a registry. */
export interface RegistryVariant {
  /** Variant id as used in `LabelMember.variant`, e.g. `"227-2"`. */
  id: string;
  spaceGroup: number;
  /** Representative structure the labels were computed from, e.g. `"Si (diamond)"`. */
  representative: string;
  /** What sets this variant apart. */
  description: string;
}

/** The label registry: shipped as data, read by `@sadp/ensemble` and the CLI. */
export interface LabelRegistry {
  /** Format version of this object. */
  version: 1;
  /** Space groups covered. */
  spaceGroups: number[];
  /** Zone axes covered, in order. */
  zones: ZoneAxis[];
  /** Labels in their documented, deterministic order (the class index of a classifier). */
  labels: LabelEntry[];
  /** Effective groups (space groups and intensity variants) the registry was computed from. */
  variants?: RegistryVariant[];
  /** Signature window (in units of |b|) the signatures were computed with. */
  signatureWindow?: number;
  /**
   * Variants that show another group's patterns at every zone when one class of their reflections is too weak to
   * see (ordered alloys with faint superlattice reflections, fluorites with cancelling 200s); see `weakLookAlikes`.
   */
  weakLookAlikes?: WeakLookAlike[];
  /**
   * Variants that show another group's patterns at every zone when double diffraction lights the screw and glide
   * absences it can reach (P4₁32 shows Pm-3m's); see `doubleDiffractionLookAlikes`.
   */
  doubleDiffractionLookAlikes?: DoubleDiffractionLookAlike[];
}
