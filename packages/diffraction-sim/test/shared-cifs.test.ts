import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSystematicallyAbsent, readStructures, type Structure } from '@sadp/cif';
import { describe, expect, it } from 'vitest';
import { sharedCifDir } from '../../../vitest.shared';
import { spotList } from '../src/spot-list';

const GROUPS = ['213', '221', '225', '227', '229'];
const ZONES: [number, number, number][] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
  [0, 1, 3],
];

/** Real structures from the shared corpus, read with @sadp/cif (files it cannot read are skipped). */
function load(): { file: string; structure: Structure }[] {
  const dir = join(sharedCifDir, 'cubic');
  const out: { file: string; structure: Structure }[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!GROUPS.some((g) => file.startsWith(`${g}_`))) continue;
    try {
      for (const structure of readStructures(readFileSync(join(dir, file), 'utf8'), {
        file,
        mode: 'lenient',
      })) {
        if (structure.atoms.count <= 200) out.push({ file, structure });
      }
    } catch {
      // not this package's concern
    }
  }
  return out;
}

describe.skipIf(!existsSync(sharedCifDir))('shared CIF corpus (skipped: ../shared/cifs absent)', () => {
  it('no reflection that the space-group operators forbid appears, in 4 zones of every 213/221/225/227/229 CIF', () => {
    const structures = load();
    expect(structures.length).toBeGreaterThan(20);
    let checked = 0;
    for (const { file, structure } of structures) {
      for (const zone of ZONES) {
        const spots = spotList(structure, { zone, minIntensity: 1e-6, shapeFunction: 'none', maxG: 1.2 });
        for (let i = 0; i < spots.count; i++) {
          const absent = isSystematicallyAbsent(
            structure.spaceGroup.operators,
            spots.h[i]!,
            spots.k[i]!,
            spots.l[i]!,
          );
          expect(
            absent,
            `${file} [${zone}] ${spots.h[i]} ${spots.k[i]} ${spots.l[i]} I=${spots.intensity[i]}`,
          ).toBe(false);
        }
        checked++;
      }
    }
    expect(checked).toBe(4 * structures.length);
  }, 60_000);
});
