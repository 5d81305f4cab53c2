import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  generatedLattice,
  labelOf,
  representativeStructure,
  zoneName,
} from '../src/index';
import { cubicStructure, readPymatgenReference, referenceStructure } from './fixtures/reference-structures';

const REFERENCES = ['beta-Mn', 'CsCl', 'NaCl', 'Cu', 'Si', 'MgAl2O4', 'W'] as const;

describe("the paper's facts (Ra et al. 2021)", () => {
  it('[001] of 221, 225, 227 and 229 share one label; 213 [001] has another', () => {
    const names = ['CsCl', 'NaCl', 'Cu', 'Si', 'MgAl2O4', 'W'].map(
      (n) => labelOf(referenceStructure(n), [0, 0, 1]).name,
    );
    expect(new Set(names).size).toBe(1);
    expect(names[0]).toBe('A1-0');
    const mn = labelOf(referenceStructure('beta-Mn'), [0, 0, 1]);
    expect(mn.lattice).toBe('A');
    expect(mn.name).not.toBe(names[0]);
    // The difference is the 4₁ screw axis: h00 with h ≠ 4n is missing.
    expect(mn.absentCount).toBeGreaterThan(0);
  });

  it('every [111] pattern is hexagonal', () => {
    for (const n of REFERENCES) expect(labelOf(referenceStructure(n), [1, 1, 1]).lattice).toBe('C');
    for (const v of CUBIC_VARIANTS)
      expect(labelOf(representativeStructure(v.id), [1, 1, 1]).lattice).toBe('C');
  });

  it('BaSe (225) gives a rectangle along [102] and a parallelogram along [214] (Fig. 4)', () => {
    const base = cubicStructure('BaSe', 225, 6.6, [
      ...[0, 0.5].flatMap((s) =>
        [
          [0, 0, 0],
          [0, 0.5, 0.5],
          [0.5, 0, 0.5],
          [0.5, 0.5, 0],
        ].map(([x, y, z]) => [s === 0 ? 'Mg' : 'Cl', x! + s, y!, z!] as const),
      ),
    ]);
    const rect = labelOf(base, [1, 0, 2]);
    expect(rect.lattice).toBe('B');
    // Rectangle 200 × 0-42-like: sides 2 and √20 in units of a*, diagonal angle atan(2/√20).
    expect(rect.diagonalAngle).toBeCloseTo((Math.atan(2 / Math.sqrt(20)) * 180) / Math.PI, 9);
    const par = labelOf(base, [2, 1, 4]);
    expect(par.lattice).toBe('D');
    // [214] is the mirror image of the registry's [124] (an improper operation of m-3m maps one onto the other).
    const ref = labelOf(base, [1, 2, 4]);
    expect(par.angleBOA).toBeCloseTo(ref.angleBOA, 9);
    expect(labelOf(base, [0, 1, 2]).name).toBe(labelOf(base, [1, 0, 2]).name);
  });

  it('centred rectangular patterns (225 along [013]) land in D', () => {
    const l = labelOf(referenceStructure('Cu'), [0, 1, 3]);
    expect(l.lattice).toBe('D');
    expect(l.centred).toBe(true);
    // Centred cell: a = 200, b = 1-31 with b·a = |a|²/2.
    expect(l.angleBOA).toBeCloseTo(l.angleOAB, 9);
  });

  it('Cu and NaCl (both 225) look the same along every zone; Si and spinel (both 227) do not', () => {
    const cu = referenceStructure('Cu');
    const nacl = referenceStructure('NaCl');
    for (const z of CUBIC_ZONES) expect(labelOf(nacl, z).key).toBe(labelOf(cu, z).key);
    const si = referenceStructure('Si');
    const sp = referenceStructure('MgAl2O4');
    expect(CUBIC_ZONES.filter((z) => labelOf(si, z).key !== labelOf(sp, z).key).length).toBeGreaterThan(0);
    // Si along [011]: 200 and 222 are absent (special position 8a) although the lattice nodes exist.
    const l = labelOf(si, [0, 1, 1]);
    expect(l.absentCount).toBeGreaterThan(0);
  });

  it('labels depend on the look only: scaled cells and equivalent zones give the same key', () => {
    const cu = referenceStructure('Cu');
    const big = { ...cu, cell: { ...cu.cell, a: 7.2, b: 7.2, c: 7.2 } };
    for (const z of CUBIC_ZONES) expect(labelOf(big, z).key).toBe(labelOf(cu, z).key);
    // [013] ≡ [103] ≡ [0-31] by proper rotations of the cube.
    const si = referenceStructure('Si');
    expect(labelOf(si, [1, 0, 3]).key).toBe(labelOf(si, [0, 1, 3]).key);
    expect(labelOf(si, [0, -3, 1]).key).toBe(labelOf(si, [0, 1, 3]).key);
  });
});

/** pymatgen's TEMCalculator reflections (independent code, Doyle–Turner factors) for one structure. */
function pymatgenZones(
  name: string,
): Record<string, { hkl: [number, number, number]; intensity_norm: number }[]> {
  return readPymatgenReference(name).zones;
}

describe('agreement with pymatgen TEMCalculator (which reflections have intensity)', () => {
  it.each(REFERENCES)('%s: node lattice and absent nodes match for all 16 zones', (name) => {
    const s = referenceStructure(name);
    const zones = pymatgenZones(name);
    for (const z of CUBIC_ZONES) {
      const l = labelOf(s, z);
      const refl = zones[z.join('')]!;
      const absent = new Set(l.signature === '' ? [] : l.signature.split(';'));
      // Coordinates of hkl in the label's basis (a, b): solve with the two largest 2×2 minors.
      const [a0, a1, a2, b0, b1, b2] = [...l.basis] as number[];
      const minors = [
        [a0! * b1! - a1! * b0!, 0, 1],
        [a0! * b2! - a2! * b0!, 0, 2],
        [a1! * b2! - a2! * b1!, 1, 2],
      ].sort((p, q) => Math.abs(q[0]!) - Math.abs(p[0]!))[0]!;
      const [det, r, c] = minors as [number, number, number];
      const present: number[] = [];
      let checked = 0;
      for (const { hkl, intensity_norm } of refl) {
        const i = (hkl[r]! * [b0, b1, b2][c]! - hkl[c]! * [b0, b1, b2][r]!) / det;
        const j = ([a0, a1, a2][r]! * hkl[c]! - [a0, a1, a2][c]! * hkl[r]!) / det;
        const on = Number.isInteger(i) && Number.isInteger(j);
        // Extinctions are ~1e-33 in these files; accidental weak reflections (~1e-7, e.g. β-Mn 1-44) are present.
        const has = intensity_norm > 1e-15;
        // Every reflection with intensity is a node of our lattice.
        if (has) {
          expect(on, `${name} ${zoneName(z)} ${hkl}`).toBe(true);
          present.push(i, j);
        }
        // Inside the signature window, absent nodes are exactly pymatgen's zero-intensity reflections.
        if (on && (i !== 0 || j !== 0)) {
          const g2 = (hkl[0]! ** 2 + hkl[1]! ** 2 + hkl[2]! ** 2) / s.cell.a ** 2;
          if (g2 <= (5 * l.lengths[1]) ** 2 * 0.999) {
            expect(absent.has(`${i},${j}`), `${name} ${zoneName(z)} ${hkl}`).toBe(!has);
            checked++;
          }
        }
      }
      // pymatgen's reflections with intensity generate the same lattice (index 1 in our basis).
      const h = generatedLattice(present, present.length / 2)!;
      expect(Math.abs(h[0]! * h[3]!)).toBe(1);
      expect(checked).toBeGreaterThan(3);
    }
  });
});

describe('labelOf results', () => {
  it('are fresh objects on every call, named by the registry asked for', () => {
    const si = representativeStructure('227-2');
    const a = labelOf(si, [0, 1, 1]);
    const b = labelOf(si, [0, 1, 1]);
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    a.basis[0] = 99;
    expect(labelOf(si, [0, 1, 1]).basis[0]).not.toBe(99);
    expect(labelOf(si, [0, 1, 1], { registry: null }).name).toBeNull();
    expect(labelOf(si, [0, 1, 1]).name).toBe(b.name);
  });
});

describe('beyond cubic', () => {
  it('labels a hexagonal close-packed crystal from its own metric (Mg, P6₃/mmc)', () => {
    const a = 3.209;
    const c = 5.211;
    const mg = {
      ...cubicStructure('Mg2', 194, a, [
        ['Mg', 1 / 3, 2 / 3, 1 / 4],
        ['Mg', 2 / 3, 1 / 3, 3 / 4],
      ]),
      cell: { a, b: a, c, alpha: 90, beta: 90, gamma: 120 },
    };
    const basal = labelOf(mg, [0, 0, 1]);
    expect(basal.lattice).toBe('C');
    expect(basal.absentCount).toBe(0);
    // Along [100]: the 0kl net is a rectangle b* × c* whose 00l row misses l odd (6₃ screw axis).
    const prism = labelOf(mg, [1, 0, 0]);
    expect(prism.lattice).toBe('B');
    const ratio = (2 * c) / (Math.sqrt(3) * a); // |b*| / |c*|
    expect(prism.diagonalAngle).toBeCloseTo((Math.atan(1 / ratio) * 180) / Math.PI, 9);
    expect(prism.absentCount).toBeGreaterThan(0);
    expect(prism.name).toBeNull();
  });
});
