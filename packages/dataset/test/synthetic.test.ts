import { spaceGroup } from '@sadp/cif';
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/random';
import { orbit, randomFixedPoint, randomStructure } from '../src/synthetic';

const d = (a: number, b: number) => Math.abs(a - b - Math.round(a - b));

/** True if every operator maps every atom onto an atom of the same element (mod lattice translations). */
function closedUnderGroup(ops: Float64Array, pos: Float64Array, element: string[]): boolean {
  const n = element.length;
  for (let o = 0; o < ops.length / 12; o++) {
    const b = 12 * o;
    for (let i = 0; i < n; i++) {
      const x = pos[3 * i]!;
      const y = pos[3 * i + 1]!;
      const z = pos[3 * i + 2]!;
      const tx = ops[b]! * x + ops[b + 1]! * y + ops[b + 2]! * z + ops[b + 3]!;
      const ty = ops[b + 4]! * x + ops[b + 5]! * y + ops[b + 6]! * z + ops[b + 7]!;
      const tz = ops[b + 8]! * x + ops[b + 9]! * y + ops[b + 10]! * z + ops[b + 11]!;
      let found = false;
      for (let j = 0; j < n && !found; j++) {
        found =
          element[j] === element[i] &&
          d(tx, pos[3 * j]!) < 1e-6 &&
          d(ty, pos[3 * j + 1]!) < 1e-6 &&
          d(tz, pos[3 * j + 2]!) < 1e-6;
      }
      if (!found) return false;
    }
  }
  return true;
}

describe('randomFixedPoint', () => {
  it('returns points fixed by the chosen operators of Fm-3m and P4_132, and none for a pure screw axis', () => {
    for (const g of [225, 213]) {
      const ops = spaceGroup(g).operators;
      const rng = createRng(g);
      for (let trial = 0; trial < 40; trial++) {
        const chosen = [1 + rng.int(ops.length / 12 - 1)];
        const p = randomFixedPoint(ops, chosen, rng);
        if (!p) continue;
        const b = 12 * chosen[0]!;
        for (let r = 0; r < 3; r++) {
          const t =
            ops[b + 4 * r]! * p[0]! +
            ops[b + 4 * r + 1]! * p[1]! +
            ops[b + 4 * r + 2]! * p[2]! +
            ops[b + 4 * r + 3]!;
          expect(d(t, p[r]!)).toBeLessThan(1e-9);
        }
        expect(orbit(ops, p[0]!, p[1]!, p[2]!).length / 3).toBeLessThan(ops.length / 12);
      }
    }
    // P2_1 (4): the 2_1 screw has no fixed point
    const p21 = spaceGroup(4).operators;
    expect(randomFixedPoint(p21, [1], createRng(1))).toBeUndefined();
  });
});

describe('randomStructure', () => {
  it('builds structures closed under their group, with distinct elements per site and no short contacts', () => {
    for (const g of [213, 221, 225, 227, 229, 62, 194]) {
      const group = spaceGroup(g);
      let special = 0;
      for (let seed = 0; seed < 12; seed++) {
        const s = randomStructure(group, seed, { block: `syn-${g}-${seed}` });
        expect(s.spaceGroup.number).toBe(g);
        expect(s.source.block).toBe(`syn-${g}-${seed}`);
        expect(s.atoms.count).toBe(s.atoms.element.length);
        expect(s.atoms.count).toBeLessThanOrEqual(160);
        expect(closedUnderGroup(group.operators, s.atoms.position, s.atoms.element)).toBe(true);
        const symbols = s.sites.map((x) => x.element);
        expect(new Set(symbols).size).toBe(symbols.length);
        for (const site of s.sites) {
          const mult = orbit(group.operators, site.x, site.y, site.z).length / 3;
          expect(s.atoms.label.filter((l) => l === site.label).length).toBe(mult);
          if (mult < group.operators.length / 12) special++;
        }
        if (g >= 195) {
          expect(s.cell.a).toBe(s.cell.b);
          expect(s.cell.alpha).toBe(90);
          // shortest contact ≥ 1.8 Å (cubic metric, nearest image)
          const p = s.atoms.position;
          for (let i = 0; i < s.atoms.count; i++) {
            for (let j = i + 1; j < s.atoms.count; j++) {
              const r = Math.hypot(
                d(p[3 * i]!, p[3 * j]!),
                d(p[3 * i + 1]!, p[3 * j + 1]!),
                d(p[3 * i + 2]!, p[3 * j + 2]!),
              );
              expect(r * s.cell.a).toBeGreaterThanOrEqual(1.8 - 1e-9);
            }
          }
        }
      }
      expect(special).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed', () => {
    const group = spaceGroup(227);
    const a = randomStructure(group, 5);
    const b = randomStructure(group, 5);
    const c = randomStructure(group, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
