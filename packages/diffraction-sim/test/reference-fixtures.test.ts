import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZERO } from '../../../fixtures/pymatgen-tem/index';
import { sharedPymatgenTem, sharedSuite } from '../../../vitest.shared';
import { REFERENCE_NAMES, readReference } from './fixtures/reference';

interface Original {
  a: number;
  sites: [string, number, number, number][];
  zones: Record<string, { hkl: number[]; intensity_norm: number; interplanar_spacing: number }[]>;
}

/** The compact copy that the tests read is faithful to the original pymatgen files of the shared folder. */
const suite = sharedSuite(
  sharedPymatgenTem,
  'fixtures/pymatgen-tem equals the shared pymatgen-tem reference',
);
describe.skipIf(suite.skip)(suite.title, () => {
  it.each(REFERENCE_NAMES)(
    '%s: same crystal, every reflection of every zone, intensities to 12 digits',
    (name) => {
      const original = JSON.parse(
        readFileSync(join(sharedPymatgenTem.dir, `${name}.json`), 'utf8'),
      ) as Original;
      const copy = readReference(name);
      expect(copy.a).toBe(original.a);
      expect(copy.sites).toEqual(original.sites);
      expect(Object.keys(copy.zones).sort()).toEqual(Object.keys(original.zones).sort());
      for (const [key, spots] of Object.entries(original.zones)) {
        const mine = new Map(copy.zones[key]!.map((s) => [s.hkl.join(','), s]));
        expect(mine.size, key).toBe(spots.length);
        for (const s of spots) {
          const m = mine.get(s.hkl.join(','));
          expect(m, `${key} ${s.hkl}`).toBeDefined();
          if (s.intensity_norm < ZERO) expect(m!.intensity_norm).toBe(0);
          else
            expect(Math.abs(m!.intensity_norm - s.intensity_norm)).toBeLessThanOrEqual(
              1e-11 * s.intensity_norm,
            );
          expect(Math.abs(m!.interplanar_spacing - s.interplanar_spacing)).toBeLessThanOrEqual(1e-12);
        }
      }
    },
  );
});
