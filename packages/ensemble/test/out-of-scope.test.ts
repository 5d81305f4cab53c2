/**
 * "None of the registry's groups": patterns that no group explains together better than chance end there.
 */
import { cubicRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { ensemble } from '../src/index';
import { member } from './registry-members';

/** Confident probabilities on one label (the rest spread evenly), as a classifier gives them. */
function confident(label: string, p = 0.9): Record<string, number> {
  const rest = (1 - p) / (cubicRegistry.labels.length - 1);
  return Object.fromEntries(cubicRegistry.labels.map((l) => [l.name, l.name === label ? p : rest]));
}

const ZONES: ZoneAxis[] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];

describe('outOfScope', () => {
  it('is 0 and changes nothing by default', () => {
    const patterns = ZONES.map((z) => ({ probabilities: confident(member('225', z).label) }));
    const closed = ensemble(patterns, cubicRegistry);
    expect(closed.outOfScope).toBe(0);
    expect(ensemble(patterns, cubicRegistry, { outOfScope: 0 })).toEqual(closed);
  });

  it('stays small for patterns one group explains, with their spacings', () => {
    const patterns = ZONES.map((z) => {
      const { label, spacing } = member('225', z);
      return { probabilities: confident(label), spacing: 3.7 * spacing };
    });
    const p = ensemble(patterns, cubicRegistry, { outOfScope: 0.2 });
    expect(p.best).toBe(225);
    expect(p.outOfScope).toBeLessThan(0.05);
    const sum = p.groups.reduce((s, g) => s + g.probability, 0) + p.outOfScope;
    expect(sum).toBeCloseTo(1, 9);
  });

  it('wins when no group gives more than one of the labels', () => {
    // three patterns at [011]: B14-0 (Pm-3m, Im-3m), D4-0 (Fm-3m), D4-1 (Fd-3m, spinel-like)
    const zone = ZONES[1]!;
    const labels = [member('221', zone), member('225', zone), member('227-1', zone)].map((m) => m.label);
    expect(new Set(labels).size).toBe(3);
    const p = ensemble(
      labels.map((label) => ({ probabilities: confident(label, 0.95), zone })),
      cubicRegistry,
      { outOfScope: 0.2 },
    );
    expect(p.outOfScope).toBeGreaterThan(p.groups[0]!.probability);
    expect(p.abstained).toBe(true);
    expect(p.best).toBeNull();
    // two of three agreeing with one group: that group stays ahead, less surely than with three
    const agreeing = ensemble(
      [labels[0]!, labels[0]!, labels[1]!].map((label) => ({ probabilities: confident(label, 0.95), zone })),
      cubicRegistry,
      { outOfScope: 0.2 },
    );
    expect(agreeing.groups[0]!.probability).toBeGreaterThan(agreeing.outOfScope);
    expect(agreeing.outOfScope).toBeLessThan(p.outOfScope);
  });

  it('grows when the spacings stand in no group’s proportions', () => {
    const fits = ZONES.map((z) => member('225', z));
    const right = ensemble(
      fits.map(({ label, spacing }) => ({ probabilities: confident(label), spacing })),
      cubicRegistry,
      { outOfScope: 0.2 },
    );
    const wrong = ensemble(
      fits.map(({ label, spacing }, i) => ({
        probabilities: confident(label),
        spacing: spacing * [1, 1.37, 0.71][i]!,
      })),
      cubicRegistry,
      { outOfScope: 0.2 },
    );
    expect(wrong.outOfScope).toBeGreaterThan(10 * right.outOfScope);
  });

  it('grows when the lattices fit no label well, and ignores the fit in a closed world', () => {
    const patterns = ZONES.map((z) => ({ probabilities: confident(member('225', z).label, 0.8) }));
    const good = ensemble(patterns, cubicRegistry, { outOfScope: 0.2 });
    const poor = ensemble(
      patterns.map((p) => ({ ...p, fit: 0.03 })),
      cubicRegistry,
      { outOfScope: 0.2 },
    );
    expect(poor.outOfScope).toBeGreaterThan(0.5);
    expect(good.outOfScope).toBeLessThan(0.05);
    const closed = ensemble(
      patterns.map((p) => ({ ...p, fit: 0.03 })),
      cubicRegistry,
    );
    expect(closed).toEqual(ensemble(patterns, cubicRegistry));
    expect(() => ensemble([{ ...patterns[0]!, fit: 0 }], cubicRegistry)).toThrow(/fit/);
  });

  it('rejects values outside [0, 1)', () => {
    expect(() => ensemble([], cubicRegistry, { outOfScope: 1 })).toThrow(/outOfScope/);
    expect(() => ensemble([], cubicRegistry, { outOfScope: -0.1 })).toThrow(/outOfScope/);
  });
});
