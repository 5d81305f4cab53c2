/**
 * The built-in demo crystal that `sadp demo` and the browser page simulate and classify. Browser-safe.
 *
 * @packageDocumentation
 */

/** Rock salt (NaCl, Fm-3m, 225) as CIF text: a = 5.6402 Å (Walker et al. 2004). */
export const DEMO_CIF = `data_NaCl
_chemical_name_common 'rock salt'
_cell_length_a 5.6402
_cell_length_b 5.6402
_cell_length_c 5.6402
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_space_group_IT_number 225
_space_group_name_H-M_alt 'F m -3 m'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_B_iso_or_equiv
Na1 Na1+ 0 0 0 1.6
Cl1 Cl1- 0.5 0.5 0.5 1.2
`;

/** The zone axes the demo records, in order. */
export const DEMO_ZONES: readonly (readonly [number, number, number])[] = [
  [0, 0, 1],
  [1, 1, 1],
  [0, 1, 3],
];

/** In-plane rotation (degrees) of every demo pattern: not the upright orientation of the training images. */
export const DEMO_ROTATION = 17;
