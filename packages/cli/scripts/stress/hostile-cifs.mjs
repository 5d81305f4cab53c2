#!/usr/bin/env node
// Writes the hostile CIFs of issue #21 into a folder (default /tmp/sadp-hostile), for measuring time and
// max RSS of the CLI on them, e.g.:
//   node packages/cli/scripts/stress/hostile-cifs.mjs /tmp/h
//   /usr/bin/time -v node packages/cli/bin/sadp.mjs simulate /tmp/h/huge-a-1e4.cif -o /tmp/h/out
// The files are generated, never committed (huge-loop.cif is ~50 MB).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/tmp/sadp-hostile';
mkdirSync(dir, { recursive: true });

function cell(a, symbol, extra = '') {
  return `data_hostile
_cell_length_a ${a}
_cell_length_b ${a}
_cell_length_c ${a}
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M '${symbol}'
${extra}loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
`;
}

// one atom in Fm-3m with huge cell edges
for (const [name, a] of [
  ['huge-a-1e3', 1000],
  ['huge-a-1e4', 10000],
  ['huge-a-1e9', 1e9],
]) {
  writeFileSync(join(dir, `${name}.cif`), `${cell(a, 'F m -3 m')}Cu1 Cu 0 0 0\n`);
}
writeFileSync(join(dir, 'cu.cif'), `${cell(3.615, 'F m -3 m')}Cu1 Cu 0 0 0\n`);
// unknown space-group symbol: read as P1 with W_CIF_HM and W_CIF_NO_SYMMETRY
writeFileSync(join(dir, 'unknown-symbol.cif'), `${cell(3.615, 'X y z 99')}Cu1 Cu 0 0 0\n`);

// a 50 MB file of 2.8 M atom lines
{
  const lines = [cell(10, 'P 1')];
  let r = 1;
  for (let i = 0; i < 2_800_000; i++) {
    lines.push(`C${i} C ${(r = (r * 16807) % 2147483647) / 2147483647} 0.5 0.25\n`);
  }
  writeFileSync(join(dir, 'huge-loop.cif'), lines.join(''));
}

// P1 cells of 1e4, 1e5, 1e6 atoms at a realistic density (~0.1 atoms/Å³)
for (const n of [1e4, 1e5, 1e6]) {
  const a = Math.cbrt(n * 10).toFixed(3);
  const lines = [cell(a, 'P 1')];
  let r = 7;
  const next = () => (r = (r * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++)
    lines.push(`C${i} C ${next().toFixed(5)} ${next().toFixed(5)} ${next().toFixed(5)}\n`);
  writeFileSync(join(dir, `p1-${n}.cif`), lines.join(''));
}
console.log(`hostile CIFs written to ${dir}`);
