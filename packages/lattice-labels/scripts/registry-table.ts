/**
 * Prints the label table of docs/label-table.md (Markdown) from the committed registry.
 *
 * Run from the repository root:
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/registry-table.ts
 */
import { cubicRegistry } from '../src/cubic-registry';
import type { LabelEntry } from '../src/registry-types';

function looks(e: LabelEntry): string {
  const s = e.shape!;
  const f = (x: number) => `${x.toFixed(2)}°`;
  let shape: string;
  switch (e.lattice) {
    case 'A':
      shape = 'square';
      break;
    case 'C':
      shape = 'hexagonal';
      break;
    case 'B':
      shape = `rectangle, diagonal ${f(s.diagonalAngle)} (b/a = ${s.ratio.toFixed(3)})`;
      break;
    default:
      shape = `${s.centred ? 'centred rectangular' : 'oblique'}, ∠BOA ${f(s.angleBOA)}, ∠OAB ${f(s.angleOAB)}`;
  }
  const pts = (e.signature ?? '')
    .split(';')
    .filter(Boolean)
    .map((p) => p.split(',').map(Number) as [number, number]);
  let absences = 'all nodes';
  if (pts.length > 0) {
    const [i0, j0] = pts[0]!;
    const row = pts.every(([i, j]) => i * j0 - j * i0 === 0);
    absences = row ? `${pts.length} absent, on one row through 000` : `${pts.length} absent`;
  }
  return `${shape}; ${absences}`;
}

console.log('| label | looks like (absent nodes within 5·|b|) | (group, zone axis) pairs |');
console.log('| --- | --- | --- |');
for (const e of cubicRegistry.labels) {
  const members = e.members.map((m) => `${m.variant} [${m.zone.join('')}]`).join(', ');
  console.log(`| ${e.name} | ${looks(e)} | ${members} |`);
}
