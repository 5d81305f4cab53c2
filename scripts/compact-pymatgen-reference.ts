/**
 * Writes `fixtures/pymatgen-tem/*.json`, the compact copy of the shared pymatgen TEMCalculator spot lists
 * that the tests read (see fixtures/pymatgen-tem/README.md). Needs the shared folder:
 * `npx tsx scripts/compact-pymatgen-reference.ts` (or with `SADP_SHARED=/path`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOX_MAX, BOX_MIN, type CompactReference, expandZone, ZERO } from '../fixtures/pymatgen-tem/index';
import { pymatgenFixtureDir, sharedPymatgenTem } from '../vitest.shared';

interface Original {
  name: string;
  space_group: number;
  a: number;
  sites: [string, number, number, number][];
  voltage_kV: number;
  wavelength_A: number;
  zones: Record<
    string,
    { hkl: [number, number, number]; intensity_norm: number; interplanar_spacing: number }[]
  >;
}

if (!sharedPymatgenTem.available) {
  console.error(`reference spot lists not found: ${sharedPymatgenTem.reason}`);
  process.exit(1);
}
for (const file of readdirSync(sharedPymatgenTem.dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const original = JSON.parse(readFileSync(join(sharedPymatgenTem.dir, file), 'utf8')) as Original;
  const zones: Record<string, number[]> = {};
  for (const [key, spots] of Object.entries(original.zones)) {
    const zone = [...key].map(Number) as [number, number, number];
    // The compact form relies on each list being exactly the zero-order Laue zone in the box.
    const expected = new Set(expandZone(zone, []).map((s) => s.hkl.join(',')));
    const listed = new Set(spots.map((s) => s.hkl.join(',')));
    if (expected.size !== listed.size || [...listed].some((k) => !expected.has(k)))
      throw new Error(`${file} [${key}]: reflections are not the ZOLZ box ${BOX_MIN}..${BOX_MAX}`);
    const flat: number[] = [];
    for (const s of spots) {
      if (s.intensity_norm < ZERO) continue;
      flat.push(...s.hkl, Number(s.intensity_norm.toPrecision(12)));
    }
    zones[key] = flat;
  }
  const compact: CompactReference = {
    name: original.name,
    space_group: original.space_group,
    a: original.a,
    sites: original.sites,
    voltage_kV: original.voltage_kV,
    wavelength_A: original.wavelength_A,
    zones,
  };
  const zoneLines = Object.entries(zones).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const { zones: _, ...head } = compact;
  const text = `${JSON.stringify(head, null, 1).replace(/\n\s*/g, ' ').slice(0, -2)},\n  "zones": {\n${zoneLines.join(',\n')}\n  }\n}\n`;
  writeFileSync(join(pymatgenFixtureDir, file), text);
  console.log(`${file}: ${text.length} bytes`);
}
