import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allSpaceGroupSettings,
  CifError,
  identifyOperators,
  isSystematicallyAbsent,
  operatorsFromHall,
  spaceGroup,
} from '../src/index';

interface RefSetting {
  number: number;
  xhm: string;
  count: number;
  hash: string;
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/space-group-operators.json', import.meta.url), 'utf8'),
).settings as Record<string, RefSetting>;

/** Same canonical form and FNV-1a hash as scripts/generate-space-group-table.py computes from gemmi. */
function canonicalHash(ops: Float64Array): string {
  const rows: string[] = [];
  for (let o = 0; o < ops.length; o += 12) {
    const rot = [0, 1, 2, 4, 5, 6, 8, 9, 10].map((k) => ops[o + k]!);
    const tran = [3, 7, 11].map((k) => ((Math.round(ops[o + k]! * 24) % 24) + 24) % 24);
    rows.push([...rot, ...tran].join(' '));
  }
  rows.sort();
  let h = 0x811c9dc5;
  for (const ch of rows.join(';')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

describe('space-group table generated from Hall symbols', () => {
  const settings = allSpaceGroupSettings();

  it('covers all 230 numbers in 559 settings', () => {
    expect(settings.length).toBe(559);
    expect(new Set(settings.map((s) => s.number)).size).toBe(230);
  });

  it("every setting's operators equal gemmi's (count and hash)", () => {
    const mismatches: string[] = [];
    for (const s of settings) {
      const ref = reference[s.hall];
      expect(ref, s.hall).toBeDefined();
      const count = s.operators.length / 12;
      const hash = canonicalHash(s.operators);
      if (ref!.count !== count || ref!.hash !== hash)
        mismatches.push(`${s.universal} [${s.hall}] ${count}/${ref!.count}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('puts the identity first', () => {
    for (const s of settings)
      expect(Array.from(s.operators.subarray(0, 12))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  });
});

describe('spaceGroup lookups', () => {
  it('numbers give the reference setting; explicit settings select', () => {
    expect(spaceGroup(227).setting).toBe('2');
    expect(spaceGroup(227, '1').hall).toBe('F 4d 2 3 -1d');
    expect(spaceGroup(166).setting).toBe('H');
    expect(spaceGroup(166, 'R').operators.length / 12).toBe(12);
    expect(spaceGroup(225).operators.length / 12).toBe(192);
  });
  it('understands common symbol spellings', () => {
    const cases: [string, number, string | undefined][] = [
      ['Fd-3m', 227, '2'],
      ['F d -3 m:1', 227, '1'],
      ['F 41/d -3 2/m (origin choice 1)', 227, '1'],
      ['Fd-3m S', 227, '1'],
      ['F4_1/d-32/m', 227, '2'],
      ['f_d_-3_m', 227, '2'],
      ['P4(2)/mnm', 136, undefined],
      ['Pm3m', 221, undefined],
      ['Cmce', 64, undefined],
      ['P21/c', 14, undefined],
      ['R -3 m H', 166, 'H'],
      ['R -3 m:R', 166, 'R'],
      ['-F 4vw 2vw 3', 227, '2'],
    ];
    for (const [symbol, number, setting] of cases) {
      const g = spaceGroup(symbol);
      expect([symbol, g.number, g.setting]).toEqual([symbol, number, setting]);
    }
  });
  it('throws for unknown groups and settings', () => {
    expect(() => spaceGroup('X 9 9')).toThrow(CifError);
    expect(() => spaceGroup(225, '2')).toThrow(CifError);
    expect(() => spaceGroup(231)).toThrow(RangeError);
  });
});

describe('isSystematicallyAbsent', () => {
  const absent = (g: string | number, hkl: [number, number, number], setting?: string): boolean =>
    isSystematicallyAbsent(spaceGroup(g, setting).operators, ...hkl);
  it('F centring and the d glide of Fd-3m (both origins)', () => {
    for (const o of ['1', '2']) {
      expect(absent(227, [1, 1, 1], o)).toBe(false);
      expect(absent(227, [2, 2, 0], o)).toBe(false);
      expect(absent(227, [2, 0, 0], o)).toBe(true); // h00: h = 4n
      expect(absent(227, [4, 0, 0], o)).toBe(false);
      expect(absent(227, [2, 2, 2], o)).toBe(false); // 222 is absent in diamond only because of the 8a site
      expect(absent(227, [1, 1, 0], o)).toBe(true); // F: mixed parity
      expect(absent(227, [4, 2, 0], o)).toBe(true); // 0kl: k + l = 4n
    }
  });
  it('I and P lattices, 21 screw and c glide of P21/c', () => {
    expect(absent(229, [1, 0, 0])).toBe(true);
    expect(absent(229, [1, 1, 0])).toBe(false);
    expect(absent(221, [1, 0, 0])).toBe(false);
    expect(absent(14, [0, 1, 0])).toBe(true);
    expect(absent(14, [0, 2, 0])).toBe(false);
    expect(absent(14, [1, 0, 1])).toBe(true);
    expect(absent(14, [1, 0, 2])).toBe(false);
    expect(absent(14, [1, 1, 1])).toBe(false);
    expect(absent(1, [0, 0, 0])).toBe(false);
  });
});

describe('identifyOperators', () => {
  it('finds exact settings and settings with a shifted origin', () => {
    expect(identifyOperators(spaceGroup(62).operators)!.group.number).toBe(62);
    const shifted = operatorsFromHall('-P 4c 2 (x,y+1/2,z)');
    const m = identifyOperators(shifted)!;
    expect(m.group.number).toBe(131);
    // the reported Hall symbol regenerates the same operator set
    const again = operatorsFromHall(m.hall);
    expect(identifyOperators(again)!.hall).toBe(m.hall);
    expect(again.length).toBe(shifted.length);
  });
  it('returns undefined for operators of no tabulated setting', () => {
    // identity plus the shear x,y-z,z: no tabulated setting has these rotations
    expect(
      identifyOperators(
        Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, -1, 0, 0, 0, 0, 1, 0),
      ),
    ).toBeUndefined();
  });
});
