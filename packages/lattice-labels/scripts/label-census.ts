/**
 * How many labels the 7 effective groups × 16 zones give under the registry's rules and under variations of them,
 * to set the count against the paper's 112 → 60. Prints a Markdown table (used in docs/labels.md).
 *
 * Run from the repository root:
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/label-census.ts
 */
import { labelOf } from '../src/label-of';
import { CUBIC_VARIANTS, representativeStructure } from '../src/representatives';
import { CUBIC_ZONES } from '../src/zones';

interface Row {
  variant: string;
  zone: string;
  key: string;
  shapeKey: string;
  lattice: string;
  mirrorKey: string;
}
const rows: Row[] = [];
for (const v of CUBIC_VARIANTS) {
  const s = representativeStructure(v.id);
  for (const z of CUBIC_ZONES) {
    const l = labelOf(s, z, { registry: null });
    // Viewing along −[uvw] shows the mirror image of the pattern along [uvw].
    const m = labelOf(s, [-z[0], -z[1], -z[2]], { registry: null });
    rows.push({
      variant: v.id,
      zone: z.join(''),
      key: l.key,
      shapeKey: l.shapeKey,
      lattice: l.lattice,
      mirrorKey: m.key,
    });
  }
}
const count = (f: (r: Row) => string, keep: (r: Row) => boolean = () => true) =>
  new Set(rows.filter(keep).map(f)).size;
const mirrorMerged = (r: Row) => [r.key, r.mirrorKey].sort().join(' ');
const lines: [string, number, number][] = [
  ['registry rules (type, shape, absences; mirror images distinct)', rows.length, count((r) => r.key)],
  ['mirror images merged', rows.length, count(mirrorMerged)],
  ['shape only (absence sub-groups ignored)', rows.length, count((r) => r.shapeKey)],
  [
    '227 as one group (spinel only): 5 × 16',
    80,
    count(
      (r) => r.key,
      (r) => !['227-2', '227-3'].includes(r.variant),
    ),
  ],
  [
    '227 as two variants (spinel, diamond): 6 × 16',
    96,
    count(
      (r) => r.key,
      (r) => r.variant !== '227-3',
    ),
  ],
  [
    'without 213: 6 effective groups × 16',
    96,
    count(
      (r) => r.key,
      (r) => r.variant !== '213',
    ),
  ],
];
console.log('| rule | (group, zone) classes | labels |\n| --- | --- | --- |');
for (const [name, n, k] of lines) console.log(`| ${name} | ${n} | ${k} |`);
const chiral = rows.filter((r) => r.key !== r.mirrorKey);
console.log(
  `\nchiral patterns (mirror image has another key): ${chiral.map((r) => `${r.variant}[${r.zone}]`).join(' ')}`,
);
const byLattice = ['A', 'B', 'C', 'D'].map(
  (t) =>
    `${t}: ${count(
      (r) => r.key,
      (r) => r.lattice === t,
    )}`,
);
console.log(`labels per lattice type: ${byLattice.join(', ')}`);
