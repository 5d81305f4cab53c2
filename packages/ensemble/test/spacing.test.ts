/**
 * Patterns of one crystal recorded with one camera: their spot spacings, compared through the registry's
 * `LabelMember.spacing`, separate groups whose labels agree.
 */
import { cubicRegistry, type LabelRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { ensemble, type PatternEvidence } from '../src/index';
import { member } from './registry-members';

const prob = (p: { groups: { spaceGroup: number; probability: number }[] }, g: number): number =>
  p.groups.find((x) => x.spaceGroup === g)!.probability;

const Z001: ZoneAxis = [0, 0, 1];
const Z011: ZoneAxis = [0, 1, 1];
const Z111: ZoneAxis = [1, 1, 1];

describe('spacings: Pm-3m against Im-3m at [001], [011], [111]', () => {
  // Textbook shortest spacings in units of 1/a: P (100), (100), (1-10) = 1, 1, √2; I (110), (01-1), (1-10) = √2 each.
  const primitive = [1, 1, Math.SQRT2];
  const bodyCentred = [Math.SQRT2, Math.SQRT2, Math.SQRT2];
  const labels = [Z001, Z011, Z111].map((z) => member('221', z).label);

  it('gives the same labels for both, so labels alone leave them at 50:50', () => {
    expect([Z001, Z011, Z111].map((z) => member('229', z).label)).toEqual(labels);
    const p = ensemble(
      labels.map((label) => ({ label })),
      cubicRegistry,
    );
    expect(prob(p, 221)).toBeCloseTo(prob(p, 229), 9);
    expect(prob(p, 221) + prob(p, 229)).toBeGreaterThan(0.99);
    expect(p.unresolved).toEqual([[221, 229]]);
  });

  it.each([
    ['221', primitive],
    ['229', bodyCentred],
  ] as const)('tells %s apart from the spacings in pixels, at any camera constant', (group, spacings) => {
    for (const pixelsPerUnit of [3.7, 11, 42.5]) {
      const patterns: PatternEvidence[] = labels.map((label, i) => ({
        label,
        spacing: spacings[i]! * pixelsPerUnit,
      }));
      const p = ensemble(patterns, cubicRegistry);
      expect(p.best).toBe(Number(group));
      expect(prob(p, Number(group))).toBeGreaterThan(0.99);
      expect(p.unresolved).toEqual([]);
    }
  });

  it('tolerates a 1 % measurement error and not a 20 % one', () => {
    const noisy = labels.map((label, i) => ({ label, spacing: primitive[i]! * (1 + 0.01 * (i - 1)) }));
    expect(ensemble(noisy, cubicRegistry).best).toBe(221);
    // [111] 20 % long: neither the P (√2) nor the I (1) proportions fit; each pays the floor once, neither wins.
    const off = labels.map((label, i) => ({ label, spacing: i === 2 ? Math.SQRT2 * 1.2 : 1 }));
    const p = ensemble(off, cubicRegistry);
    expect(prob(p, 221)).toBeGreaterThan(0.3);
    expect(prob(p, 229)).toBeGreaterThan(0.3);
  });
});

describe('spacings: a known lattice parameter (knownLattice)', () => {
  // Rock salt with f(Na) ≈ f(F): the all-odd reflections vanish and every zone shows the pattern of Pm-3m at a / 2.
  // In units of 1/a: [001] square of 200 (2), [011] rectangle of 200 and 022 (2), [111] hexagon of 220 (2√2).
  const halfCell: PatternEvidence[] = [
    { label: member('221', Z001).label, spacing: 2 },
    { probabilities: { [member('221', Z011).label]: 0.6, [member('225', Z011).label]: 0.4 }, spacing: 2 },
    { label: member('221', Z111).label, spacing: 2 * Math.SQRT2 },
  ];

  it('reads rock salt without its odd reflections as Fm-3m when a is known, as Pm-3m at a / 2 when not', () => {
    expect([Z001, Z111].map((z) => member('225', z).label)).toEqual(
      [Z001, Z111].map((z) => member('221', z).label),
    );
    const unknown = ensemble(halfCell, cubicRegistry);
    expect(unknown.best).toBe(221);
    const known = ensemble(halfCell, cubicRegistry, { knownLattice: 0.03 });
    expect(known.best).toBe(225);
    expect(prob(known, 221)).toBeLessThan(0.01);
  });

  it('lets one pattern’s spacing count: a square at 1/a is Pm-3m [001], at 2/a Fm-3m [001]', () => {
    const { label } = member('221', Z001);
    expect(member('225', Z001)).toEqual({ label, spacing: 2 });
    const alone = ensemble([{ label, spacing: 1 }], cubicRegistry);
    expect(prob(alone, 221)).toBeCloseTo(prob(alone, 225), 9);
    expect(ensemble([{ label, spacing: 1 }], cubicRegistry, { knownLattice: 0.03 }).best).toBe(221);
    expect(ensemble([{ label, spacing: 2 }], cubicRegistry, { knownLattice: 0.03 }).best).toBe(225);
  });

  it('tolerates an a off by its stated uncertainty, and gives way to "none of the groups" when far off', () => {
    const patterns = [Z001, Z011, Z111].map((z) => member('229', z));
    const scaled = (f: number) => patterns.map((p) => ({ ...p, spacing: p.spacing * f }));
    expect(ensemble(scaled(1.03), cubicRegistry, { knownLattice: 0.03 }).best).toBe(229);
    const off = ensemble(scaled(1.3), cubicRegistry, { knownLattice: 0.03, outOfScope: 0.1 });
    const right = ensemble(scaled(1), cubicRegistry, { knownLattice: 0.03, outOfScope: 0.1 });
    expect(off.outOfScope).toBeGreaterThan(0.5);
    expect(right.outOfScope).toBeLessThan(0.01);
  });

  it('rejects an uncertainty that is not a positive number', () => {
    for (const knownLattice of [0, -0.1, Number.NaN]) {
      expect(() => ensemble(halfCell, cubicRegistry, { knownLattice })).toThrow(/knownLattice/);
    }
  });
});

describe('spacings: the model', () => {
  it('leaves a single spaced pattern as it is', () => {
    for (const variant of ['221', '225', '227-2', '213']) {
      const { label, spacing } = member(variant, [0, 1, 2]);
      const without = ensemble([{ label }], cubicRegistry);
      const withSpacing = ensemble([{ label, spacing: 7 * spacing }], cubicRegistry);
      for (const g of cubicRegistry.spaceGroups)
        expect(prob(withSpacing, g)).toBeCloseTo(prob(without, g), 9);
    }
  });

  it('does not depend on the order of the patterns or the unit of the spacings', () => {
    const zones: ZoneAxis[] = [Z001, [0, 1, 2], Z111, [1, 1, 3]];
    const patterns = zones.map((z) => {
      const { label, spacing } = member('227-2', z);
      return { label, spacing };
    });
    const a = ensemble(patterns, cubicRegistry);
    const b = ensemble(
      [...patterns].reverse().map((p) => ({ ...p, spacing: p.spacing * 0.013 })),
      cubicRegistry,
    );
    for (const g of cubicRegistry.spaceGroups) expect(prob(b, g)).toBeCloseTo(prob(a, g), 9);
  });

  it('uses the zone of a pattern when given', () => {
    // 225 [001] square at 2/a and [111] hexagon at 2√2/a; 221 gives the same pair at 1/a and √2/a.
    const patterns: PatternEvidence[] = [
      { ...member('225', Z001), zone: Z001 },
      { ...member('225', Z111), zone: Z111 },
    ];
    const p = ensemble(patterns, cubicRegistry);
    expect(prob(p, 221)).toBeCloseTo(prob(p, 225), 6);
    // Spacing ratio 1 : 1 instead (229 [001] √2 and [111] √2, 227 2√2 and 2√2): 221 and 225 drop out.
    const q = ensemble(
      patterns.map((x) => ({ ...x, spacing: 5 })),
      cubicRegistry,
    );
    expect(prob(q, 229) + prob(q, 227)).toBeGreaterThan(0.99);
  });

  it('resolves every variant from its [001], [011], [111] patterns, which labels alone cannot', () => {
    const variants = [...new Set(cubicRegistry.labels.flatMap((l) => l.members.map((m) => m.variant)))];
    let tiedWithoutSpacings = 0;
    for (const variant of variants) {
      const patterns = [Z001, Z011, Z111].map((z) => member(variant, z));
      const group = Number(variant.split('-')[0]);
      const spaced = ensemble(patterns, cubicRegistry);
      expect(spaced.best, variant).toBe(group);
      expect(prob(spaced, group), variant).toBeGreaterThan(0.95);
      const plain = ensemble(
        patterns.map(({ label }) => ({ label })),
        cubicRegistry,
      );
      if (plain.unresolved.length > 0) tiedWithoutSpacings++;
    }
    expect(tiedWithoutSpacings).toBeGreaterThan(0);
  });

  it('is ignored in mean mode and for a registry without spacings', () => {
    const patterns = [Z001, Z011, Z111].map((z) => member('221', z));
    const plain = patterns.map(({ label }) => ({ label }));
    const mean = ensemble(patterns, cubicRegistry, { mode: 'mean' });
    const meanPlain = ensemble(plain, cubicRegistry, { mode: 'mean' });
    expect(mean.groups).toEqual(meanPlain.groups);
    const stripped: LabelRegistry = {
      ...cubicRegistry,
      labels: cubicRegistry.labels.map((l) => ({
        ...l,
        members: l.members.map(({ spacing: _, ...m }) => m),
      })),
    };
    expect(ensemble(patterns, stripped).groups).toEqual(ensemble(plain, stripped).groups);
  });

  it('rejects a spacing that is not a positive number and a bad tolerance', () => {
    const { label } = member('221', Z001);
    for (const spacing of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => ensemble([{ label, spacing }], cubicRegistry)).toThrow(/pattern 0: spacing must be/);
    }
    expect(() => ensemble([{ label, spacing: 1 }], cubicRegistry, { spacingTolerance: 0 })).toThrow(
      /spacingTolerance/,
    );
  });
});
