import { SeededRandom } from '@sadp/raster';
import { describe, expect, it } from 'vitest';
import { spotList } from '../src/spot-list';
import { structureFactors } from '../src/structure-factor';
import { cubicStructure, readReference, silicon, ZONES } from './fixtures/reference';
import {
  absentByOperators,
  absentByTables,
  closure,
  GENERATORS,
  ORDER,
  orbit,
} from './fixtures/space-groups';

const ELEMENTS = ['O', 'Si', 'Fe', 'Sr', 'W'] as const;

describe('hand-derived space-group operators', () => {
  for (const group of [213, 221, 225, 227, 229]) {
    it(`${group}: closure has the ITA order and the operators reproduce the printed reflection conditions`, () => {
      const ops = closure(GENERATORS[group]!);
      expect(ops).toHaveLength(ORDER[group]!);
      for (let h = -8; h <= 8; h++)
        for (let k = -8; k <= 8; k++)
          for (let l = -8; l <= 8; l++)
            expect(absentByOperators(ops, h, k, l)).toBe(absentByTables(group, h, k, l));
    });
  }

  it('213 operators map the beta-Mn reference cell onto itself', () => {
    const ref = readReference('beta-Mn');
    const ops = closure(GENERATORS[213]!);
    const sites = ref.sites.map(([, x, y, z]) => [x, y, z] as [number, number, number]);
    for (const s of sites) {
      for (const p of orbit(ops, s)) {
        expect(sites.some((q) => q.every((v, i) => Math.abs(((v - p[i]! + 1.5) % 1) - 0.5) < 1e-4))).toBe(
          true,
        );
      }
    }
  });
});

describe('systematic absences on random structures', () => {
  const rng = new SeededRandom(2021);
  for (const group of [213, 221, 225, 227, 229]) {
    it(`${group}: forbidden reflections have no intensity, allowed ones do, in 3 random structures × 16 zones`, () => {
      const ops = closure(GENERATORS[group]!);
      for (let trial = 0; trial < 3; trial++) {
        const sites: [string, number, number, number][] = [];
        const orbits = 1 + (rng.uint32() % 3);
        for (let o = 0; o < orbits; o++) {
          const element = ELEMENTS[rng.uint32() % ELEMENTS.length]!;
          const p: [number, number, number] = [rng.uniform(), rng.uniform(), rng.uniform()];
          for (const q of orbit(ops, p)) sites.push([element, ...q]);
        }
        const structure = cubicStructure(`random-${group}-${trial}`, 4 + 6 * rng.uniform(), sites, group);
        structure.atoms.b.fill(0.3 + rng.uniform());
        // Every hkl in a box.
        const hkl: number[] = [];
        for (let h = -6; h <= 6; h++)
          for (let k = -6; k <= 6; k++) for (let l = -6; l <= 6; l++) if (h || k || l) hkl.push(h, k, l);
        const { intensity } = structureFactors(structure, Int32Array.from(hkl));
        const max = Math.max(...intensity);
        let allowed = 0;
        let present = 0;
        for (let i = 0; i < intensity.length; i++) {
          const [h, k, l] = [hkl[3 * i]!, hkl[3 * i + 1]!, hkl[3 * i + 2]!];
          if (absentByTables(group, h, k, l)) {
            expect(intensity[i]! / max, `${group} ${h}${k}${l}`).toBeLessThan(1e-20);
          } else {
            allowed++;
            if (intensity[i]! / max > 1e-8) present++;
          }
        }
        expect(present / allowed).toBeGreaterThan(0.95);
        // And through the spot list, for all 16 zones.
        for (const zone of ZONES) {
          const spots = spotList(structure, { zone, minIntensity: 1e-12, shapeFunction: 'none' });
          for (let i = 0; i < spots.count; i++) {
            expect(absentByTables(group, spots.h[i]!, spots.k[i]!, spots.l[i]!), `${group} [${zone}]`).toBe(
              false,
            );
          }
        }
      }
    });
  }

  it('Si (227, 8a only) keeps 200 and 222 absent in every zone that contains them', () => {
    const si = silicon();
    for (const zone of ZONES) {
      const spots = spotList(si, { zone, minIntensity: 1e-12, shapeFunction: 'none', maxG: 2.5 });
      for (let i = 0; i < spots.count; i++) {
        const [h, k, l] = [Math.abs(spots.h[i]!), Math.abs(spots.k[i]!), Math.abs(spots.l[i]!)].sort(
          (a, b) => a - b,
        ) as [number, number, number];
        const key = `${h}${k}${l}`;
        expect(
          key === '002' || key === '222',
          `Si [${zone}] shows ${spots.h[i]} ${spots.k[i]} ${spots.l[i]}`,
        ).toBe(false);
        // hkl all even needs h + k + l = 4n for the diamond special position.
        if ((h | k | l) % 2 === 0) expect((h + k + l) % 4).toBe(0);
      }
    }
  });
});
