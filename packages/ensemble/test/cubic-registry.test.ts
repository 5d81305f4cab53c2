/**
 * The ensemble on the real cubic registry of @sadp/lattice-labels (5 groups, 227 in three variants, 16 zones).
 * Labels are looked up through their members, not by name, so a renumbering of the registry does not matter.
 */
import { cubicRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { ensemble, type PatternEvidence } from '../src/index';
import { sameZone } from './registry-members';

/** Labels that `variant` (e.g. "225", "227-2") gives at `zone`, straight from the members. */
function labelsAt(variant: string, zone: readonly number[]): string[] {
  return cubicRegistry.labels
    .filter((l) => l.members.some((m) => m.variant === variant && sameZone(m.zone, zone)))
    .map((l) => l.name);
}

/** The groups that give a label anywhere. */
function groupsOf(label: string): Set<number> {
  return new Set(cubicRegistry.labels.find((l) => l.name === label)!.members.map((m) => m.spaceGroup));
}

const variants = [...new Set(cubicRegistry.labels.flatMap((l) => l.members.map((m) => m.variant)))].sort();
const prob = (p: { groups: { spaceGroup: number; probability: number }[] }, g: number): number =>
  p.groups.find((x) => x.spaceGroup === g)!.probability;

describe('cubicRegistry: the paper example', () => {
  const at001 = labelsAt('225', [0, 0, 1]);
  const at013 = labelsAt('225', [0, 1, 3]);

  it('has one [001] label shared by 221, 225, 227, 229 and a [013] label only 225 gives', () => {
    expect(at001).toHaveLength(1);
    expect([...groupsOf(at001[0]!)].sort()).toEqual([221, 225, 227, 229]);
    expect(at013).toHaveLength(1);
    expect([...groupsOf(at013[0]!)]).toEqual([225]);
  });

  it('mean: [001] → 25% each for 221/225/227/229, 0 for 213; + [103] → 225 at 62.5%, others 12.5%', () => {
    const first: PatternEvidence = { label: at001[0]!, zone: [0, 0, 1] };
    const one = ensemble([first], cubicRegistry, { mode: 'mean' });
    for (const g of [221, 225, 227, 229]) expect(prob(one, g)).toBeCloseTo(0.25, 12);
    expect(prob(one, 213)).toBe(0);
    const two = ensemble([first, { label: at013[0]!, zone: [1, 0, 3] }], cubicRegistry, { mode: 'mean' });
    expect(prob(two, 225)).toBeCloseTo(0.625, 12);
    for (const g of [221, 227, 229]) expect(prob(two, g)).toBeCloseTo(0.125, 12);
    expect(prob(two, 213)).toBe(0);
    // Without the zones the numbers are the same: these labels occur at one zone only.
    const blind = ensemble([{ label: at001[0]! }, { label: at013[0]! }], cubicRegistry, { mode: 'mean' });
    expect(prob(blind, 225)).toBeCloseTo(0.625, 12);
  });

  it('bayes: the same two patterns make 225 certain', () => {
    const p = ensemble([{ label: at001[0]! }, { label: at013[0]! }], cubicRegistry, { floor: 0 });
    expect(prob(p, 225)).toBe(1);
    expect(p.best).toBe(225);
  });

  it('after [001], suggests a zone that separates the top two, and all four if any zone does', () => {
    const p = ensemble([{ label: at001[0]!, zone: [0, 0, 1] }], cubicRegistry);
    const next = p.nextZone!.zone;
    expect(sameZone(next, [0, 0, 1])).toBe(false);
    const [a, b] = [p.groups[0]!.spaceGroup, p.groups[1]!.spaceGroup];
    const labelsOfGroup = (g: number, z: readonly number[]) =>
      new Set(variants.filter((v) => v.startsWith(String(g))).flatMap((v) => labelsAt(v, z)));
    const disjoint = (x: Set<string>, y: Set<string>) => ![...x].some((l) => y.has(l));
    expect(disjoint(labelsOfGroup(a, next), labelsOfGroup(b, next))).toBe(true);
    const four = [221, 225, 227, 229];
    const allApart = (z: readonly number[]) =>
      four.every((g, i) =>
        four.slice(i + 1).every((h) => disjoint(labelsOfGroup(g, z), labelsOfGroup(h, z))),
      );
    if (cubicRegistry.zones.some(allApart)) {
      expect(allApart(next)).toBe(true);
      expect(p.nextZone!.informationGain).toBeCloseTo(2, 9);
    }
  });
});

describe('cubicRegistry: whole tilt series', () => {
  const series = (variant: string): PatternEvidence[] =>
    cubicRegistry.zones.map((zone: ZoneAxis) => ({ label: labelsAt(variant, zone)[0]! }));

  it.each(variants)(
    '%s seen at all 16 zones (zones not given) is identified, each zone recovered',
    (variant) => {
      const group = Number(variant.slice(0, 3));
      const p = ensemble(series(variant), cubicRegistry);
      expect(p.best).toBe(group);
      expect(prob(p, group)).toBeGreaterThan(0.99);
      expect(p.unresolved).toEqual([]);
      p.patterns.forEach((report, i) => {
        // The inferred zone is one at which this variant gives the label.
        expect(labelsAt(variant, report.zone!)).toContain(series(variant)[i]!.label);
      });
    },
  );

  it.each(variants)(
    '%s: one misread pattern among 16 does not change the verdict (bayes, default floor)',
    (variant) => {
      const group = Number(variant.slice(0, 3));
      const patterns = series(variant);
      // Replace the [111] pattern by a label of another group.
      const wrong = cubicRegistry.labels.find((l) => !l.members.some((m) => m.spaceGroup === group))!.name;
      patterns[2] = { label: wrong };
      const p = ensemble(patterns, cubicRegistry);
      expect(p.best).toBe(group);
    },
  );
});
