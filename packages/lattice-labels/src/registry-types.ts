/** A zone axis [uvw] as three integers. */
export type ZoneAxis = readonly [number, number, number];

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
}

/** One label of the registry. */
export interface LabelEntry {
  /** Label name in the paper's style, e.g. `"A1-0"`, `"B3-1"`, `"D12-0"`. */
  name: string;
  lattice: LatticeType;
  /** Every (space group, zone axis, variant) that gives this label. */
  members: LabelMember[];
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
}
