import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  labelByName,
  labelOf,
  labelsOfGroup,
  labelsOfPair,
  membersOf,
  representativeStructure,
} from '../src/index';

describe('cubicRegistry', () => {
  it('holds every (variant, zone) pair exactly once, under the label labelOf computes for it', () => {
    const seen = new Map<string, string>();
    for (const e of cubicRegistry.labels) {
      for (const m of e.members) {
        const k = `${m.variant} ${m.zone.join('')}`;
        expect(seen.has(k), k).toBe(false);
        seen.set(k, e.name);
      }
    }
    expect(seen.size).toBe(CUBIC_VARIANTS.length * CUBIC_ZONES.length);
    for (const v of CUBIC_VARIANTS) {
      const s = representativeStructure(v.id);
      for (const z of CUBIC_ZONES) expect(labelOf(s, z).name).toBe(seen.get(`${v.id} ${z.join('')}`));
    }
  });

  it("records each member's shortest spot spacing in units of 1/a", () => {
    for (const e of cubicRegistry.labels) {
      for (const m of e.members) {
        const s = representativeStructure(m.variant);
        expect(m.spacing, `${m.variant} ${m.zone.join('')}`).toBeCloseTo(
          labelOf(s, m.zone).lengths[0] * s.cell.a,
          5,
        );
      }
    }
    // Textbook [001] patterns: (100) of P, (110) of I, (200) of F, (220) of Fd-3m (whose (200) is a d-glide absence).
    const at001 = (variant: string) =>
      membersOf(cubicRegistry, 'A1-0').find((m) => m.variant === variant && m.zone.join('') === '001')!
        .spacing;
    expect(at001('221')).toBeCloseTo(1, 6);
    expect(at001('229')).toBeCloseTo(Math.SQRT2, 6);
    expect(at001('225')).toBeCloseTo(2, 6);
    expect(at001('227-1')).toBeCloseTo(2 * Math.SQRT2, 6);
  });

  it('follows the documented naming and order', () => {
    const names = cubicRegistry.labels.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const types = 'ABCD';
    for (let i = 1; i < cubicRegistry.labels.length; i++) {
      const p = cubicRegistry.labels[i - 1]!;
      const q = cubicRegistry.labels[i]!;
      const order =
        types.indexOf(p.lattice) - types.indexOf(q.lattice) ||
        p.shapeIndex! - q.shapeIndex! ||
        p.subgroup! - q.subgroup!;
      expect(order).toBeLessThan(0);
      expect(q.name).toBe(`${q.lattice}${q.shapeIndex}-${q.subgroup}`);
      if (p.lattice === q.lattice && p.shapeIndex === q.shapeIndex) {
        // Same shape: absence sub-groups ordered by number of absent nodes.
        expect(p.absentCount!).toBeLessThanOrEqual(q.absentCount!);
        expect(p.key!.split('|')[0]).toBe(q.key!.split('|')[0]);
      }
      if (p.lattice === q.lattice && p.shapeIndex !== q.shapeIndex) {
        // Shapes ordered by angle: B by the diagonal angle, D by ∠BOA.
        if (q.lattice === 'B') expect(p.shape!.diagonalAngle).toBeLessThan(q.shape!.diagonalAngle);
        if (q.lattice === 'D') expect(p.shape!.angleBOA).toBeLessThanOrEqual(q.shape!.angleBOA);
      }
    }
    // Sub-group 0 of every shape that a primitive lattice without absences gives has no absent node.
    for (const e of cubicRegistry.labels) if (e.absentCount === 0) expect(e.subgroup).toBe(0);
  });

  it('answers label → members and group → labels with zone counts', () => {
    const a10 = membersOf(cubicRegistry, 'A1-0');
    expect(a10.map((m) => m.variant).sort()).toEqual(['221', '225', '227-1', '227-2', '227-3', '229']);
    expect(membersOf(cubicRegistry, 'nope')).toEqual([]);
    for (const g of [213, 221, 225, 229]) {
      const labels = labelsOfGroup(cubicRegistry, g);
      expect(labels.reduce((s, l) => s + l.zoneCount, 0)).toBe(16);
    }
    // 227 has three variants: each zone is counted once per label, so the sum is between 16 and 48.
    for (const v of ['227-1', '227-2', '227-3']) {
      expect(labelsOfGroup(cubicRegistry, v).reduce((s, l) => s + l.zoneCount, 0)).toBe(16);
    }
    const all227 = labelsOfGroup(cubicRegistry, 227).reduce((s, l) => s + l.zoneCount, 0);
    expect(all227).toBeGreaterThanOrEqual(16);
    expect(all227).toBeLessThanOrEqual(48);
    expect(labelsOfPair(cubicRegistry, 225, [0, 0, 1])).toEqual(['A1-0']);
    expect(labelsOfPair(cubicRegistry, 227, [0, 0, 1])).toEqual(['A1-0']);
    expect(labelByName(cubicRegistry, 'C1-0')!.members).toHaveLength(7);
  });
});
