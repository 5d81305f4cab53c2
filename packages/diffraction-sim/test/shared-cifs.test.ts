import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSystematicallyAbsent, readStructures, type Structure } from '@sadp/cif';
import { describe, expect, it } from 'vitest';
import { sharedCifDir, sharedCifs, sharedSuite } from '../../../vitest.shared';
import { spotList } from '../src/spot-list';
import { silicon } from './fixtures/reference';

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

const corpus = sharedSuite(sharedCifs, 'shared CIF corpus');
describe.skipIf(corpus.skip)(corpus.title, { timeout: 120_000 }, () => {
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

  it('Si read from CIFs in either origin choice of Fd-3m gives the hand-built Si pattern', () => {
    const si = silicon();
    let compared = 0;
    for (const file of [
      '227_openchem_Si-Silicon.cif',
      '227_pyobjcryst_Si.cif',
      '227_pyobjcryst_Si_setting2.cif',
      '227_dans_Silicon.cif',
    ]) {
      const path = join(sharedCifDir, 'cubic', file);
      if (!existsSync(path)) continue;
      const [structure] = readStructures(readFileSync(path, 'utf8'), { file, mode: 'lenient' });
      expect(structure!.atoms.count, file).toBe(8);
      for (const zone of ZONES) {
        const settings = { zone, debyeWaller: false, maxG: 1.5 } as const;
        const theirs = spotList(structure!, settings);
        const ours = spotList(si, settings);
        // Same hkl set and intensities (cell edges differ slightly between files, hence 2 decimals).
        const key = (s: typeof ours, i: number) => `${s.h[i]},${s.k[i]},${s.l[i]}`;
        const map = new Map<string, number>();
        for (let i = 0; i < ours.count; i++) map.set(key(ours, i), ours.intensity[i]!);
        for (let i = 0; i < theirs.count; i++) {
          if (theirs.g[i]! > 1.45) continue;
          expect(map.get(key(theirs, i)), `${file} [${zone}] ${key(theirs, i)}`).toBeCloseTo(
            theirs.intensity[i]!,
            2,
          );
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});
