/**
 * Safety limits of `@sadp/cif`, in one place. Each can be raised per call through the option of the same
 * name on {@link parseCif} / {@link readStructures}.
 *
 * @packageDocumentation
 */

/** Default safety limits; inputs beyond them throw `CifError` with code `E_CIF_LIMIT` before the work is done. */
export const limits = {
  /**
   * Atoms per data block: rows of an `_atom_site_` loop (counted while parsing, so a huge file stops early
   * with the file and line of the first row over the limit) and atoms of the expanded conventional cell.
   */
  maxAtoms: 100_000,
  /** Longest cell edge a, b or c in Å. */
  maxCellEdge: 1000,
  /** Nesting depth of CIF 2.0 lists and tables. */
  maxDepth: 10_000,
} as const;

/** The limits as {@link limits} has them, each overridable. */
export type CifLimits = { -readonly [K in keyof typeof limits]: number };
