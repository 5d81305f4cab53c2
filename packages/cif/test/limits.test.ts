import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CifError, isCifError, limits, parseCif, readStructures } from '../src/index';

function cif(a: number | string, rows: number, symbol = 'P 1'): string {
  const head = `data_t
_cell_length_a ${a}
_cell_length_b ${a}
_cell_length_c ${a}
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M '${symbol}'
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
`;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`C${i} ${(i % 97) / 97} ${(i % 89) / 89} ${(i % 83) / 83}`);
  return `${head}${lines.join('\n')}\n`;
}

function thrown(f: () => unknown): CifError {
  try {
    f();
  } catch (error) {
    if (error instanceof CifError) return error;
    throw error;
  }
  throw new Error('expected a CifError');
}

describe('limits', () => {
  it('has documented defaults', () => {
    expect(limits).toEqual({ maxAtoms: 100_000, maxCellEdge: 1000, maxDepth: 10_000 });
  });

  it('stops an atom-site loop at the first row over maxAtoms, naming file and line', () => {
    const error = thrown(() => parseCif(cif(10, 50), { file: 'big.cif', maxAtoms: 20 }));
    expect(error.code).toBe('E_CIF_LIMIT');
    expect(error.file).toBe('big.cif');
    // header is 13 lines, row 21 is on line 14 + 20
    expect(error.line).toBe(34);
    expect(error.message).toMatch(
      /^big\.cif:34:1: more than 20 atom sites in the loop at line 9 \(limit maxAtoms = 20\)/,
    );
    expect(parseCif(cif(10, 20), { maxAtoms: 20 }).blocks).toHaveLength(1);
  });

  it('does not count rows of other loops', () => {
    const text = `data_t\nloop_ _journal_x ${Array.from({ length: 50 }, (_, i) => i).join(' ')}\n`;
    expect(parseCif(text, { maxAtoms: 2 }).blocks).toHaveLength(1);
  });

  it('limits the atoms of the expanded cell', () => {
    // 10 sites × 192 operators of Fm-3m
    const error = thrown(() => readStructures(cif(10, 10, 'F m -3 m'), { file: 'f.cif', maxAtoms: 500 }));
    expect(error.code).toBe('E_CIF_LIMIT');
    expect(error.message).toMatch(/f\.cif.*more than maxAtoms = 500/);
    expect(readStructures(cif(10, 10, 'F m -3 m'), { maxAtoms: 5000 })[0]!.atoms.count).toBeGreaterThan(500);
  });

  it('refuses before expanding when the sites alone give too many atoms', () => {
    const error = thrown(() => readStructures(cif(10, 200, 'F m -3 m'), { file: 'f.cif', maxAtoms: 500 }));
    expect(error.code).toBe('E_CIF_LIMIT');
    expect(error.message).toMatch(/200 sites × 192 operators give at least 800 atoms .*maxAtoms = 500/);
  });

  it('rejects cell edges over maxCellEdge with file and line, unless raised', () => {
    const error = thrown(() => readStructures(cif(1e4, 1), { file: 'a.cif' }));
    expect(error.code).toBe('E_CIF_LIMIT');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/a\.cif:2:0: cell length a = 10000 Å is longer than maxCellEdge = 1000 Å/);
    expect(readStructures(cif(1e4, 1), { maxCellEdge: 1e4 })).toHaveLength(1);
  });

  it('keeps memory bounded on a huge atom loop (stops early)', () => {
    const text = cif(10, 300_000);
    const started = Date.now();
    expect(() => parseCif(text, { maxAtoms: 1000 })).toThrow(/more than 1000 atom sites/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects a negative or NaN maxAtoms', () => {
    expect(() => parseCif('data_x\n', { maxAtoms: -1 })).toThrow(RangeError);
    expect(() => parseCif('data_x\n', { maxAtoms: Number.NaN })).toThrow(RangeError);
  });
});

describe('properties', () => {
  it('parseCif and readStructures throw nothing but CifError on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          readStructures(text, { maxAtoms: 50 });
        } catch (error) {
          if (!isCifError(error)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but CifError on random CIF-like token soup', () => {
    const token = fc.constantFrom(
      'data_x',
      'loop_',
      '_atom_site_fract_x',
      '_atom_site_label',
      '_cell_length_a',
      '1e400',
      '?',
      '.',
      "'q",
      '"',
      ';',
      '\n;\n',
      '[',
      ']',
      '{',
      '0.5',
      '-1',
      'save_',
      '#',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        try {
          readStructures(tokens.join(' '), { maxAtoms: 5 });
        } catch (error) {
          if (!isCifError(error)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an atom loop of n rows parses exactly when n ≤ maxAtoms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (n, max) => {
        const ok = (() => {
          try {
            parseCif(cif(10, n), { maxAtoms: max });
            return true;
          } catch (error) {
            expect((error as CifError).code).toBe('E_CIF_LIMIT');
            return false;
          }
        })();
        expect(ok).toBe(n <= max);
      }),
      { numRuns: 100 },
    );
  });
});
