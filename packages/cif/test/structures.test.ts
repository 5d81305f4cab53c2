import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CifError, readStructures, type Structure } from '../src/index';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const read = (name: string): Structure[] => readStructures(fixture(name), { file: name });
const codes = (s: Structure): string[] => (s.warnings ?? []).map((w) => w.code);

function positions(s: Structure, element: string): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < s.atoms.count; i++)
    if (s.atoms.element[i] === element) out.push(Array.from(s.atoms.position.subarray(i * 3, i * 3 + 3)));
  return out;
}

describe('readStructures on hand-written fixtures', () => {
  it('Si (Fd-3m, origin 1 without marker): 8 atoms, origin rule + warning, su, B from Uiso', () => {
    const [si] = read('si.cif');
    expect(si!.spaceGroup.number).toBe(227);
    expect(si!.spaceGroup.setting).toBe('1');
    expect(si!.atoms.count).toBe(8);
    expect(si!.formula).toBe('Si8');
    expect(si!.cell.a).toBe(5.4307);
    expect(si!.cellSu!.a).toBeCloseTo(0.0002, 10);
    expect(si!.sites[0]!.b).toBeCloseTo(8 * Math.PI ** 2 * 0.005, 10);
    expect(codes(si!)).toContain('W_CIF_ORIGIN_CHOICE');
    expect(si!.source).toEqual({ file: 'si.cif', block: 'Si' });
    expect(si!.declaredFormula).toBe('Si');
    expect(si!.declaredSpaceGroup).toEqual({ number: 227, symbol: 'F d -3 m' });
    // diamond: atoms at 0,0,0 and 1/4,1/4,1/4 plus F-centring
    const p = positions(si!, 'Si').map((v) => v.map((x) => Math.round(x * 4)).join(','));
    expect(p).toContain('1,1,1');
    expect(p).toContain('0,2,2');
  });

  it('Si with the :2 marker takes origin choice 2 without a warning', () => {
    const [si] = read('si-origin2.cif');
    expect(si!.spaceGroup.setting).toBe('2');
    expect(si!.atoms.count).toBe(8);
    expect(si!.sites[0]!.b).toBe(0.46);
    expect(codes(si!)).not.toContain('W_CIF_ORIGIN_CHOICE');
  });

  it('spinel, origin-1 coordinates without marker: equal atom counts, short O-O contacts decide', () => {
    const [s] = read('spinel-origin1.cif');
    expect(s!.spaceGroup.setting).toBe('1');
    expect(s!.formula).toBe('Al16 Mg8 O32');
    const w = s!.warnings!.find((x) => x.code === 'W_CIF_ORIGIN_CHOICE')!;
    expect(w.message).toMatch(/closer than 0\.5 Å/);
    expect(codes(s!)).not.toContain('W_CIF_CLOSE_CONTACTS');
    // forcing origin 2 reproduces the inconsistency, and the reader says so
    const [t] = readStructures(fixture('spinel-origin1.cif'), { originChoice: '2' });
    expect(t!.formula).toBe('Al8 Mg16 O32');
    expect(codes(t!)).toContain('W_CIF_CLOSE_CONTACTS');
  });

  it('NaCl: oxidation states from type symbols, Hill formula, 192 operators', () => {
    const [s] = read('nacl.cif');
    expect(s!.spaceGroup.number).toBe(225);
    expect(s!.spaceGroup.operators.length / 12).toBe(192);
    expect(s!.atoms.count).toBe(8);
    expect(s!.formula).toBe('Cl4 Na4');
    expect(s!.sites.map((x) => x.oxidation)).toEqual([1, -1]);
    expect(s!.sites[0]!.b).toBe(1.2);
  });

  it('CsCl from the IT number alone: 2 atoms, B unknown', () => {
    const [s] = read('cscl.cif');
    expect(s!.spaceGroup.symbol).toBe('P m -3 m');
    expect(s!.atoms.count).toBe(2);
    expect(Number.isNaN(s!.atoms.b[0]!)).toBe(true);
    expect(s!.sites.map((x) => [x.element, x.oxidation])).toEqual([
      ['Cs', 1],
      ['Cl', -1],
    ]);
  });

  it('Hall symbol only (-P2ybc): P 1 21/c 1, 4 copies per general site, partial occupancy kept', () => {
    const [s] = read('hall-only.cif');
    expect(s!.spaceGroup.number).toBe(14);
    expect(s!.spaceGroup.symbol).toBe('P 1 21/c 1');
    expect(s!.atoms.count).toBe(8);
    expect(s!.formula).toBe('C4 O2');
    // (x, -y+1/2, z+1/2) of C1
    expect(
      positions(s!, 'C').some(
        ([x, y, z]) => Math.abs(x! - 0.1) < 1e-9 && Math.abs(y! - 0.3) < 1e-9 && Math.abs(z! - 0.8) < 1e-9,
      ),
    ).toBe(true);
  });

  it('operators only (rutile): group identified as 136 from the operators, 6 atoms', () => {
    const [s] = read('rutile-ops-only.cif');
    expect(s!.spaceGroup.number).toBe(136);
    expect(s!.atoms.count).toBe(6);
    expect(s!.formula).toBe('O4 Ti2');
    expect(Array.from(s!.spaceGroup.operators.subarray(0, 12))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  });

  it('multi-block: one structure per block with atoms, old symbol "F m 3 m"', () => {
    const list = read('multi-block.cif');
    expect(list.map((s) => [s.source.block, s.spaceGroup.number, s.atoms.count])).toEqual([
      ['rocksalt', 225, 8],
      ['caesium_chloride', 221, 2],
    ]);
  });

  it('R -3 c in hexagonal axes (cell decides): corundum has 30 atoms', () => {
    const [s] = read('corundum-hex.cif');
    expect([s!.spaceGroup.number, s!.spaceGroup.setting]).toEqual([167, 'H']);
    expect(s!.formula).toBe('Al12 O18');
  });

  it('R -3 m in rhombohedral axes: Bi has 2 atoms', () => {
    const [s] = read('bismuth-rhombohedral.cif');
    expect([s!.spaceGroup.number, s!.spaceGroup.setting, s!.atoms.count]).toEqual([166, 'R', 2]);
  });

  it('isotropic B from anisotropic U', () => {
    const [s] = read('aniso.cif');
    expect(s!.sites[0]!.b).toBeCloseTo(8 * Math.PI ** 2 * 0.02, 10);
    expect(s!.sites[1]!.b).toBeCloseTo((8 * Math.PI ** 2 * (0.012 + 0.012 + 0.015)) / 3, 10);
    expect(s!.sites[0]!.oxidation).toBe(3);
  });

  it('CIF 2.0 structure', () => {
    const [s] = read('cif2-list.cif');
    expect([s!.spaceGroup.number, s!.atoms.count, s!.formula]).toEqual([221, 1, 'Po']);
  });

  it('reports the declared number when operators disagree', () => {
    const text = fixture('rutile-ops-only.cif').replace(
      'data_rutile',
      'data_rutile\n_space_group_IT_number 62',
    );
    const [s] = readStructures(text);
    expect(s!.spaceGroup.number).toBe(136);
    expect(codes(s!)).toContain('W_CIF_NUMBER_MISMATCH');
  });

  it('merges symmetry copies within the tolerance but keeps distinct close sites', () => {
    const text = fixture('cscl.cif').replace('Cl1 Cl- 0.5 0.5 0.5', 'Cl1 Cl- 0.5 0.5 0.5001');
    const [s] = readStructures(text);
    // (0.5, 0.5, 0.5001) and its mirror (0.5, 0.5, 0.4999) are 0.0008 Å apart: merged at 0.01 Å
    expect(s!.atoms.count).toBe(2);
    const [t] = readStructures(text.replace('0.5001', '0.51'));
    // at 0.51 the six copies (±0.01 along each axis from the body centre) are 0.04–0.06 Å apart: kept
    expect(t!.atoms.count).toBe(7);
  });

  it('warns about a site listed twice (same element and position, occupancy above 1)', () => {
    const text = fixture('nacl.cif').replace('Cl1 Cl1-', 'Na2 Na1+ 0.5 0 0 1. 1.20\nCl1 Cl1-');
    const [s] = readStructures(text.replace('Na2 Na1+ 0.5 0 0', 'Na2 Na1+ 0 0.5 0.5'));
    expect(codes(s!)).toContain('W_CIF_OVERLAPPING_SITES');
    expect(s!.atoms.count).toBe(12);
    const [t] = readStructures(text.replace('Na2 Na1+ 0.5 0 0', 'Na2 Na1+ 0.25 0.25 0.25'));
    expect(codes(t!)).not.toContain('W_CIF_OVERLAPPING_SITES');
  });

  it('copes with absurd but finite cells and rejects infinite numbers (found by fuzzing)', () => {
    const huge = fixture('cscl.cif').replace('_cell_length_a 4.123', '_cell_length_a 1e30');
    expect(readStructures(huge, { maxCellEdge: Number.POSITIVE_INFINITY })[0]!.atoms.count).toBe(2);
    expect(() => readStructures(huge)).toThrow(/longer than maxCellEdge/);
    const inf = fixture('cscl.cif').replace('_cell_length_a 4.123', '_cell_length_a 1e999');
    expect(() => readStructures(inf)).toThrow(CifError);
    const coord = fixture('cscl.cif').replace('Cl1 Cl- 0.5 0.5 0.5', 'Cl1 Cl- 0.5 0.5 1e400');
    expect(() => readStructures(coord)).toThrow(CifError);
  });

  it('throws E_CIF_STRUCTURE for atoms without a cell, or skips the block when asked', () => {
    const text = fixture('cscl.cif').replace(/_cell_length_a.*\n/, '');
    expect(() => readStructures(text)).toThrow(CifError);
    try {
      readStructures(text, { file: 'x.cif' });
    } catch (e) {
      expect((e as CifError).code).toBe('E_CIF_STRUCTURE');
      expect((e as CifError).block).toBe('CsCl');
    }
    expect(readStructures(text, { skipInvalid: true })).toEqual([]);
  });

  it('throws E_CIF_SYMMETRY with the line of a bad operator', () => {
    const text = fixture('rutile-ops-only.cif').replace("'-y,-x,z'", "'-y,-x,q'");
    try {
      readStructures(text);
      expect.unreachable();
    } catch (e) {
      expect((e as CifError).code).toBe('E_CIF_SYMMETRY');
      expect((e as CifError).line).toBe(26);
    }
  });
});
