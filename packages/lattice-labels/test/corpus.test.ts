import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStructures } from '@sadp/cif';
import { describe, expect, it } from 'vitest';
import { sharedCifDir, sharedCifs, sharedSuite } from '../../../vitest.shared';
import { CUBIC_ZONES, cubicRegistry, labelOf, labelsOfPair } from '../src/index';

const dir = resolve(sharedCifDir, 'cubic');

const corpus = sharedSuite(sharedCifs, '227 structures of the shared corpus');
describe.skipIf(corpus.skip)(corpus.title, () => {
  it('fall into exactly the three Fd-3m variants of the registry, by their atoms’ Wyckoff sites', () => {
    const families = new Map<string, string[]>();
    for (const file of readdirSync(dir)
      .filter((f) => f.startsWith('227_'))
      .sort()) {
      const s = readStructures(readFileSync(resolve(dir, file), 'utf8'), {
        file,
        mode: 'lenient',
        skipInvalid: true,
      })[0];
      if (!s) continue;
      // The variant whose registry labels match this structure on all 16 zones.
      const names = CUBIC_ZONES.map((z) => labelOf(s, z).name);
      const variants = ['227-1', '227-2', '227-3'].filter((v) =>
        CUBIC_ZONES.every((z, i) => labelsOfPair(cubicRegistry, v, z)[0] === names[i]),
      );
      expect(variants, file).toHaveLength(1);
      const list = families.get(variants[0]!) ?? [];
      list.push(file);
      families.set(variants[0]!, list);
    }
    expect([...families.keys()].sort()).toEqual(['227-1', '227-2', '227-3']);
    // Diamond-type elements only on 8a: the 227-2 family.
    for (const f of families.get('227-2')!)
      expect(f).toMatch(/Si|Ge|diamond|Diamond|Sn|9011050|9011998|9012304|allsg/);
    // Spinels (8a + 16d + 32e) are the general family.
    expect(families.get('227-1')).toContain('227_openchem_MgAl2_O4-Spinel.cif');
    // Pyrochlore (16c, 16d, 48f, 8b) and ideal β-cristobalite (8a + 16c): only special positions of both kinds.
    expect(families.get('227-3')).toEqual(
      expect.arrayContaining(['227_codtools_2002248.cif', '227_pyxtal_ht_cristobalite.cif']),
    );
  }, 60_000);
});
