import type { Structure } from '@sadp/cif';
import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  labelOf,
  REFLECTION_CLASSES,
  representativeStructure,
  weakLookAlikes,
  type ZoneAxis,
} from '../src/index';

const representatives = () => CUBIC_VARIANTS.map((v) => ({ ...v, structure: representativeStructure(v.id) }));

/** The structure with every atom of `from` made `to` (atomic numbers as the representatives' table has them). */
function replaced(s: Structure, from: string, to: string, z: number): Structure {
  const element = s.atoms.element.map((e) => (e === from ? to : e));
  const atomicNumber = Uint8Array.from(s.atoms.atomicNumber, (n, i) => (s.atoms.element[i] === from ? z : n));
  return { ...s, atoms: { ...s.atoms, element, atomicNumber } };
}

/** Name and spacing in 1/a of each zone's label. */
const looks = (s: Structure, zones: readonly ZoneAxis[] = CUBIC_ZONES) =>
  zones.map((z) => {
    const l = labelOf(s, z);
    return `${l.name} ${(l.lengths[0] * s.cell.a).toFixed(4)}`;
  });

describe('weakLookAlikes', () => {
  it('is what the cubic registry stores (regenerate it with scripts/generate-registry.ts otherwise)', () => {
    expect(cubicRegistry.weakLookAlikes).toEqual(weakLookAlikes(representatives(), CUBIC_ZONES));
  });

  it('finds the look-alikes a microscopist knows, each named once', () => {
    const found = weakLookAlikes(representatives(), CUBIC_ZONES).map(
      (e) => `${e.variant} ${e.weak} ${e.example.join('')} → ${e.looksLike} × ${e.latticeRatio}`,
    );
    expect(found).toEqual([
      '221 h+k+l odd 100 → 229 × 1', // B2 (NiAl, CsCl) with faint superlattice reflections
      '221 mixed parity 100 → 225 × 1', // L1₂ (Cu₃Au)
      '225 all odd 111 → 221 × 0.5', // rock salt with equal scatterers (KCl), at half the cell
      '225 all even, h+k+l = 4n+2 200 → 227-2 × 1', // fluorite with cancelling 200s (Li₂O)
      '227-2 all odd 111 → 229 × 0.5',
      '229 mixed parity 110 → 221 × 0.5',
    ]);
  });

  it('agrees with structures whose weak reflections vanish: equal scatterers on both CsCl sites give W’s patterns', () => {
    const cscl = representativeStructure('221');
    const bcc = representativeStructure('229');
    // Cs on both sites: bcc at CsCl's cell; scale W's spacings (in 1/a) to the same a.
    const equal = replaced(cscl, 'Cl', 'Cs', 55);
    expect(looks(equal)).toEqual(looks(bcc));
    expect(looks(cscl)).not.toEqual(looks(bcc));
  });

  it('agrees with rock salt of equal scatterers: a primitive cubic pattern of half the cell', () => {
    const salt = representativeStructure('225');
    // Cu (4a) with a second Cu lattice at (½, 0, 0): rock salt of one element.
    const n = salt.atoms.count;
    const position = new Float64Array(6 * n);
    position.set(salt.atoms.position);
    for (let i = 0; i < n; i++) {
      position[3 * (n + i)] = (salt.atoms.position[3 * i]! + 0.5) % 1;
      position[3 * (n + i) + 1] = salt.atoms.position[3 * i + 1]!;
      position[3 * (n + i) + 2] = salt.atoms.position[3 * i + 2]!;
    }
    const doubled: Structure = {
      ...salt,
      atoms: {
        ...salt.atoms,
        count: 2 * n,
        element: [...salt.atoms.element, ...salt.atoms.element],
        atomicNumber: Uint8Array.from([...salt.atoms.atomicNumber, ...salt.atoms.atomicNumber]),
        label: [...salt.atoms.label, ...salt.atoms.label.map((l) => `${l}b`)],
        position,
        occupancy: new Float64Array(2 * n).fill(1),
        b: new Float64Array(2 * n).fill(Number.NaN),
      },
    };
    // Same labels as CsCl's, every spacing (in units of 1/a) twice CsCl's: Pm-3m of half the cell.
    const cscl = representativeStructure('221');
    const parts = (t: Structure) => looks(t).map((x) => x.split(' '));
    expect(parts(doubled).map(([name]) => name)).toEqual(parts(cscl).map(([name]) => name));
    const cells = parts(cscl).map(([, spacing]) => Number(spacing));
    parts(doubled).forEach(([, spacing], z) => {
      expect(Number(spacing)).toBeCloseTo(2 * cells[z]!, 3);
    });
  });

  it('sorts reflections into the parity classes', () => {
    const classes = (h: number, k: number, l: number) =>
      Object.entries(REFLECTION_CLASSES)
        .filter(([, test]) => test(h, k, l))
        .map(([name]) => name);
    expect(classes(1, 0, 0)).toEqual(['h+k+l odd', 'mixed parity']);
    expect(classes(1, 1, 0)).toEqual(['mixed parity']);
    expect(classes(1, 1, 1)).toEqual(['all odd', 'h+k+l odd']);
    expect(classes(2, 0, 0)).toEqual(['all even, h+k+l = 4n+2']);
    expect(classes(-2, 2, 2)).toEqual(['all even, h+k+l = 4n+2']);
    expect(classes(2, 2, 0)).toEqual([]);
  });
});
