// Reads rutile.cif (or the file given on the command line) and prints the structure.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCifError, readStructures } from '@sadp/cif';

const file = process.argv[2] ?? fileURLToPath(new URL('./rutile.cif', import.meta.url));
try {
  for (const s of readStructures(readFileSync(file), { file })) {
    const { a, b, c, alpha, beta, gamma } = s.cell;
    console.log(`data_${s.source.block}: ${s.formula}`);
    console.log(`  cell ${a} ${b} ${c} Å, ${alpha} ${beta} ${gamma}°`);
    console.log(
      `  space group ${s.spaceGroup.number} ${s.spaceGroup.symbol} (Hall ${s.spaceGroup.hall}), ${s.spaceGroup.operators.length / 12} operators`,
    );
    for (const site of s.sites) {
      const ox = site.oxidation === undefined ? '' : ` (${site.oxidation > 0 ? '+' : ''}${site.oxidation})`;
      console.log(
        `  site ${site.label} ${site.element}${ox} at ${site.x} ${site.y} ${site.z}, occupancy ${site.occupancy}, B ${site.b.toFixed(3)} Å²`,
      );
    }
    console.log(`  ${s.atoms.count} atoms in the conventional cell:`);
    for (let i = 0; i < s.atoms.count; i++) {
      const [x, y, z] = s.atoms.position.subarray(3 * i, 3 * i + 3);
      console.log(`    ${s.atoms.element[i].padEnd(2)} ${x.toFixed(5)} ${y.toFixed(5)} ${z.toFixed(5)}`);
    }
    for (const w of s.warnings ?? []) console.log(`  warning ${w.code}: ${w.message}`);
  }
} catch (error) {
  if (!isCifError(error)) throw error;
  console.error(error.message);
  process.exit(1);
}
