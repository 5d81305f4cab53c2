/**
 * The crystal structure that `@sadp/cif` produces and every later stage consumes.
 * Plain, serialisable data: typed arrays for per-atom columns, no classes, no methods.
 *
 * @packageDocumentation
 */

import type { CifWarning } from './errors';

/** Unit-cell parameters: lengths in ångström, angles in degrees. */
export interface Cell {
  /** Length of a, Å. */
  a: number;
  /** Length of b, Å. */
  b: number;
  /** Length of c, Å. */
  c: number;
  /** Angle between b and c, degrees. */
  alpha: number;
  /** Angle between a and c, degrees. */
  beta: number;
  /** Angle between a and b, degrees. */
  gamma: number;
}

/** Space-group tags exactly as the file gives them. */
export interface DeclaredSpaceGroup {
  /** `_space_group_IT_number` / `_symmetry_Int_Tables_number`, when a number 1–230. */
  number?: number;
  /** H-M symbol as written, e.g. `"F d -3 m :2"`. */
  symbol?: string;
  /** Hall symbol as written. */
  hall?: string;
}

/** A space group as resolved for one structure. */
export interface SpaceGroupRef {
  /** International Tables number, 1–230. */
  number: number;
  /** Hermann–Mauguin symbol with spaces, e.g. `"F d -3 m"`. */
  symbol: string;
  /** Hall symbol of the setting in use, when known, e.g. `"-F 4vw 2vw 3"`. */
  hall?: string;
  /** Setting or origin choice, e.g. `"1"`, `"2"`, `"H"`, `"R"`; absent for groups with a single standard setting. */
  setting?: string;
  /**
   * Symmetry operators of the full group (including centring translations) as 3×4 affine
   * matrices `[R | t]`, row-major, 12 numbers each: `x' = R·x + t` in fractional coordinates.
   * Length is `12 × number of operators`; the identity comes first.
   */
  operators: Float64Array;
}

/** One atom site as listed in the file (asymmetric unit). */
export interface AtomSite {
  /** Site label from the file, e.g. `"Si1"`. */
  label: string;
  /** Element symbol, e.g. `"Si"`; `"D"` is reported as `"H"`. */
  element: string;
  /** Atomic number 1–118. */
  atomicNumber: number;
  /** Formal oxidation state, e.g. `3` for `Fe3+`; absent when not given. */
  oxidation?: number;
  /** Fractional coordinates. */
  x: number;
  y: number;
  z: number;
  /** Site occupancy 0–1 (1 when the file gives none). */
  occupancy: number;
  /** Isotropic Debye–Waller factor B in Å² (from Biso, Uiso or Uaniso); `NaN` when the file gives none. */
  b: number;
}

/**
 * All atoms of the conventional cell, column-wise. Index `i` of every column describes the same atom.
 * Positions are wrapped to [0, 1); symmetry-equivalent copies closer than the merge tolerance are merged.
 */
export interface CellAtoms {
  /** Number of atoms. */
  count: number;
  /** Element symbol of each atom. */
  element: string[];
  /** Atomic number of each atom. */
  atomicNumber: Uint8Array;
  /** Label of the site each atom was generated from. */
  label: string[];
  /** Fractional coordinates, `3 × count`: x0, y0, z0, x1, … */
  position: Float64Array;
  /** Occupancy of each atom, 0–1. */
  occupancy: Float64Array;
  /** Isotropic B in Å² of each atom; `NaN` where unknown (consumers substitute their default). */
  b: Float64Array;
}

/** Where a structure came from. */
export interface Provenance {
  /** File name or path, when parsed from a file. */
  file?: string;
  /** Data block name (without `data_`). */
  block: string;
}

/** A crystal structure with full symmetry, expanded to the conventional cell. */
export interface Structure {
  /** Cell parameters as given in the file (the conventional cell of the resolved setting). */
  cell: Cell;
  /** Standard uncertainties of the cell parameters, where the file gives them. */
  cellSu?: Partial<Cell>;
  /** The symmetry used for the expansion, resolved from the file (see `readStructures` for the order of trust). */
  spaceGroup: SpaceGroupRef;
  /** The space-group tags as written in the file, when present (the resolved group may disagree; then a warning says so). */
  declaredSpaceGroup?: DeclaredSpaceGroup;
  /** The sites as listed in the file (asymmetric unit). */
  sites: AtomSite[];
  /** Every atom of the conventional cell. */
  atoms: CellAtoms;
  /** Sum formula of the conventional cell contents in Hill order, occupancy-weighted, space-separated, e.g. `"Cl4 Na4"`, `"C4 H8 O2"`, `"Si8"`. */
  formula: string;
  /** File and data block the structure came from. */
  source: Provenance;
  /** `_chemical_formula_sum` as written in the file, when given (not checked against `formula`). */
  declaredFormula?: string;
  /**
   * Problems found while reading this structure: lenient-mode syntax deviations in its block and guesses
   * made while resolving it (e.g. `W_CIF_ORIGIN_CHOICE`). Absent on hand-built structures.
   */
  warnings?: CifWarning[];
}
