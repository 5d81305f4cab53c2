import { describe, expect, it } from 'vitest';
import { ensemble, isEnsembleError, PAPER_LOOK_ALIKE_FAMILIES, suggestNextZone } from '../src/index';
import { paperRegistry, probabilityOf } from './fixtures/paper-registry';

const at001 = { label: 'A1-0', zone: [0, 0, 1] as const };
const at103 = { label: 'D12-0', zone: [1, 0, 3] as const }; // the paper's "[103]", ≡ [013] in m-3m

/** Labels a group gives at a zone, read straight from the registry's members. */
function labelsOf(group: number, zone: readonly number[]): Set<string> {
  const out = new Set<string>();
  for (const entry of paperRegistry.labels) {
    for (const m of entry.members) {
      if (m.spaceGroup === group && m.zone.every((x, i) => x === zone[i])) out.add(entry.name);
    }
  }
  return out;
}

describe('the paper example, mode "mean" (Ra et al. 2021, section 3.2)', () => {
  it('[001] alone: 221, 225, 227, 229 at 25% each and 213 at 0', () => {
    const p = ensemble([at001], paperRegistry, { mode: 'mean' });
    for (const g of [221, 225, 227, 229]) expect(probabilityOf(p.groups, g)).toBeCloseTo(0.25, 12);
    expect(probabilityOf(p.groups, 213)).toBe(0);
    expect(p.entropy).toBeCloseTo(2, 12);
    expect(p.abstained).toBe(true);
    expect(p.best).toBeNull();
    expect(p.unresolved).toEqual([[221, 225, 227, 229]]);
  });

  it('[001] + a [103] pattern only 225 gives: 225 at 62.5%, the other three at 12.5%', () => {
    const p = ensemble([at001, at103], paperRegistry, { mode: 'mean' });
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(0.625, 12);
    for (const g of [221, 227, 229]) expect(probabilityOf(p.groups, g)).toBeCloseTo(0.125, 12);
    expect(probabilityOf(p.groups, 213)).toBe(0);
    expect(p.groups[0]!.spaceGroup).toBe(225);
    // 62.5 % is below the default abstention threshold (70 %); the paper reports the most probable group.
    expect(p.abstained).toBe(true);
    expect(p.best).toBeNull();
    const paper = ensemble([at001, at103], paperRegistry, { mode: 'mean', abstainBelow: 0.5 });
    expect(paper.best).toBe(225);
    expect(paper.abstained).toBe(false);
    // 221, 227 and 229 each gave A1-0 and not D12-0: these two patterns cannot tell them apart.
    expect(p.unresolved).toEqual([[221, 227, 229]]);
    // -(0.625 log2 0.625 + 3 · 0.125 log2 0.125)
    expect(p.entropy).toBeCloseTo(-(0.625 * Math.log2(0.625) + 3 * 0.125 * Math.log2(0.125)), 12);
  });

  it('gives the same numbers when the zones are not given', () => {
    const p = ensemble([{ label: 'A1-0' }, { label: 'D12-0' }], paperRegistry, { mode: 'mean' });
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(0.625, 12);
    expect(probabilityOf(p.groups, 229)).toBeCloseTo(0.125, 12);
  });

  it('gives the same numbers from probability vectors (one-hot, or sparse records)', () => {
    const oneHot = paperRegistry.labels.map((l) => (l.name === 'A1-0' ? 1 : 0));
    const p = ensemble(
      [{ probabilities: Float32Array.from(oneHot) }, { probabilities: { 'D12-0': 0.7 } }],
      paperRegistry,
      {
        mode: 'mean',
      },
    );
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(0.625, 12);
  });
});

describe('the paper example, mode "bayes"', () => {
  it('[001] + [103]: 225 certain with floor 0', () => {
    const p = ensemble([at001, at103], paperRegistry, { mode: 'bayes', floor: 0 });
    expect(probabilityOf(p.groups, 225)).toBe(1);
    expect(p.entropy).toBe(0);
    expect(p.unresolved).toEqual([]);
    expect(p.nextZone).toBeNull();
  });

  it('[001] + [103] with the default floor: 225 at 1 / (1 + 3·floor + floor²)', () => {
    const p = ensemble([at001, at103], paperRegistry);
    expect(p.mode).toBe('bayes');
    const f = 1e-3;
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(1 / (1 + 3 * f + f * f), 12);
    expect(p.best).toBe(225);
  });

  it('[001] alone: the same 25% split as mode "mean"', () => {
    const p = ensemble([at001], paperRegistry, { floor: 0 });
    for (const g of [221, 225, 227, 229]) expect(probabilityOf(p.groups, g)).toBeCloseTo(0.25, 12);
  });

  it('accumulates: each pattern that halves the candidates halves them again', () => {
    // [001] leaves {221, 225, 227, 229}; [012] B2-0 leaves {221, 225, 229}; [011] B1-0 leaves {221, 229}.
    const p = ensemble([{ label: 'A1-0' }, { label: 'B2-0' }, { label: 'B1-0' }], paperRegistry, {
      floor: 0,
    });
    expect(probabilityOf(p.groups, 221)).toBeCloseTo(0.5, 12);
    expect(probabilityOf(p.groups, 229)).toBeCloseTo(0.5, 12);
    expect(p.unresolved).toEqual([[221, 229]]);
    // 221 and 229 give the same label at every zone of this registry: nothing left to suggest.
    expect(p.nextZone).toBeNull();
  });

  it('one wrong pattern does not veto the right group when there is a floor', () => {
    // A 225 crystal: three correct patterns, then one read as B2-1 (a label of 213 and 227 only).
    const patterns = [
      { label: 'A1-0', zone: [0, 0, 1] as const },
      { label: 'D1-0', zone: [0, 1, 1] as const },
      { label: 'D12-0', zone: [0, 1, 3] as const },
      { label: 'B2-1', zone: [0, 1, 2] as const },
    ];
    const f = 0.01;
    const floored = ensemble(patterns, paperRegistry, { floor: f });
    expect(floored.groups[0]!.spaceGroup).toBe(225);
    // Floored likelihoods per pattern: 225: 1, 1, 1, f; 227: 1, (1 − f)/3 + f (one variant in three gives D1-0),
    // f, 1; 221 and 229: 1, f, f, f; 213: f, f, f, 1.
    const w227 = (1 - f) / 3 + f;
    expect(probabilityOf(floored.groups, 225)).toBeCloseTo(f / (f + w227 * f + 3 * f ** 3), 12);
    expect(probabilityOf(floored.groups, 227)).toBeCloseTo((w227 * f) / (f + w227 * f + 3 * f ** 3), 12);
    expect(() => ensemble(patterns, paperRegistry, { floor: 0 })).toThrow(
      expect.objectContaining({ code: 'E_ENSEMBLE_CONTRADICTION' }),
    );
    try {
      ensemble(patterns, paperRegistry, { floor: 0 });
    } catch (error) {
      expect(isEnsembleError(error)).toBe(true);
    }
    const mean = ensemble(patterns, paperRegistry, { mode: 'mean' });
    expect(mean.groups[0]!.spaceGroup).toBe(225);
  });

  it('a higher temperature softens a single pattern', () => {
    const soft = { probabilities: { 'A1-0': 0.6, 'A1-1': 0.4 } };
    const cold = ensemble([soft], paperRegistry, { floor: 0 });
    const warm = ensemble([soft], paperRegistry, { floor: 0, temperature: 3 });
    // Scaled likelihoods: 213 → 1, the four others → (0.6 · 1/5 / 0.16) / (0.4 · 1/5 / 0.04) = 0.375.
    expect(probabilityOf(cold.groups, 213)).toBeCloseTo(1 / (1 + 4 * 0.375), 12);
    expect(probabilityOf(warm.groups, 213)).toBeCloseTo(1 / (1 + 4 * 0.375 ** (1 / 3)), 12);
    expect(warm.entropy).toBeGreaterThan(cold.entropy);
  });
});

describe('patterns, zones and the next zone', () => {
  it('infers the zone of a pattern whose zone was not given', () => {
    const p = ensemble([{ label: 'A1-0' }, { label: 'D12-0' }, { label: 'B2-0' }], paperRegistry);
    expect(p.patterns.map((r) => r.zone)).toEqual([
      [0, 0, 1],
      [0, 1, 3],
      [0, 1, 2],
    ]);
    for (const r of p.patterns) {
      expect(r.zoneProbability).toBeCloseTo(1, 12);
      expect(r.zoneKnown).toBe(false);
    }
  });

  it('reports a given zone in the registry form', () => {
    const p = ensemble([at103], paperRegistry);
    expect(p.patterns[0]).toMatchObject({
      zone: [0, 1, 3],
      zoneProbability: 1,
      zoneKnown: true,
      informative: true,
    });
  });

  it('flags a pattern that cannot occur at its given zone and ignores it', () => {
    const p = ensemble([at001, { label: 'D12-0', zone: [0, 0, 1] }], paperRegistry, { mode: 'mean' });
    expect(p.patterns[1]).toMatchObject({ consistent: false, informative: false });
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(0.25, 12);
  });

  it('treats a label every group gives equally often as uninformative', () => {
    const base = ensemble([at001, at103], paperRegistry, { mode: 'mean' });
    const more = ensemble([at001, { label: 'C1-0' }, at103], paperRegistry, { mode: 'mean' });
    expect(more.patterns[1]!.informative).toBe(false);
    expect(more.groups).toEqual(base.groups);
  });

  it('after [001], suggests a zone that separates the top two candidates, never [001] again', () => {
    const p = ensemble([at001], paperRegistry);
    const next = p.nextZone!;
    expect(next).not.toBeNull();
    expect(next.zone).not.toEqual([0, 0, 1]);
    const [first, second] = p.groups;
    const a = labelsOf(first!.spaceGroup, next.zone);
    const b = labelsOf(second!.spaceGroup, next.zone);
    expect([...a].some((l) => b.has(l))).toBe(false);
    expect(next.topTwoSeparation).toBe(1);
    // The paper's choice: [013] ("[103]") tells all four candidates apart best (1.5 bits vs 1.23 at [011]).
    expect(next.zone).toEqual([0, 1, 3]);
    expect(next.informationGain).toBeCloseTo(1.5, 12);
  });

  it('suggestNextZone takes plain probabilities and honours exclude', () => {
    const zone = suggestNextZone({ 221: 0.5, 225: 0.5 }, paperRegistry, { exclude: [[0, 1, 1]] });
    expect(zone?.zone).toEqual([0, 1, 3]);
    expect(zone?.informationGain).toBeCloseTo(1, 12);
    expect(suggestNextZone({ 221: 0.5, 229: 0.5 }, paperRegistry)).toBeNull();
    expect(suggestNextZone({ 225: 1 }, paperRegistry)).toBeNull();
  });

  it('lists look-alike families outside the registry when asked', () => {
    const p = ensemble([at001, at103], paperRegistry, { families: PAPER_LOOK_ALIKE_FAMILIES });
    expect(p.groups[0]).toMatchObject({ spaceGroup: 225, family: [196, 202, 216] });
    expect(p.groups.find((g) => g.spaceGroup === 227)!.family).toBeUndefined();
  });

  it('a prior removes groups and reweights the rest', () => {
    const p = ensemble([at001], paperRegistry, { mode: 'mean', prior: { 221: 1, 225: 3 } });
    expect(probabilityOf(p.groups, 225)).toBeCloseTo(0.75, 12);
    expect(probabilityOf(p.groups, 227)).toBe(0);
  });

  it('labelPrior: a hard label does not depend on it, a soft one is read relative to it', () => {
    const names = paperRegistry.labels.map((l) => l.name);
    const flat = names.map(() => 1);
    const hard = ensemble([{ label: 'D1-0' }], paperRegistry, { floor: 0 });
    const hardFlat = ensemble([{ label: 'D1-0' }], paperRegistry, { floor: 0, labelPrior: flat });
    expect(hardFlat.groups).toEqual(hard.groups);
    // A classifier trained mostly on A1-1 that says A1-1 with only 50% is weaker evidence for 213.
    const soft = { probabilities: { 'A1-0': 0.5, 'A1-1': 0.5 } };
    const skewed = Object.fromEntries(names.map((n) => [n, n === 'A1-1' ? 10 : 1]));
    const a = ensemble([soft], paperRegistry, { floor: 0, labelPrior: flat });
    const b = ensemble([soft], paperRegistry, { floor: 0, labelPrior: skewed });
    // Likelihoods 0.5 · 1/5 / prior(label): 213 → 0.5/5/10 vs 221 → 0.5/5/1 under the skewed prior.
    expect(probabilityOf(a.groups, 213)).toBeCloseTo(0.2, 12);
    expect(probabilityOf(b.groups, 213)).toBeCloseTo(0.1 / (0.1 + 4), 12);
  });

  it('does not suggest the zone an informative pattern was confidently inferred to show', () => {
    // Zone not given, but D12-0 occurs at [013] only: [013] counts as recorded.
    const p = ensemble([{ label: 'A1-0' }, { probabilities: { 'D12-0': 0.5, 'D12-2': 0.5 } }], paperRegistry);
    expect(p.patterns[1]).toMatchObject({ zone: [0, 1, 3], zoneKnown: false });
    expect(p.nextZone!.zone).not.toEqual([0, 1, 3]);
    // An uninformative pattern (C1-0, every group at [111]) does not mark its zone as recorded.
    const q = ensemble([{ label: 'C1-0' }], paperRegistry);
    expect(q.patterns[0]).toMatchObject({ zone: [1, 1, 1], informative: false });
  });

  it('exclude keeps a zone out of the suggestion', () => {
    const p = ensemble([at001], paperRegistry, { exclude: [[3, 1, 0]] });
    expect(p.nextZone!.zone).toEqual([0, 1, 1]);
  });

  it('with no patterns returns the prior and abstains', () => {
    const p = ensemble([], paperRegistry);
    expect(p.groups.map((g) => g.probability)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(p.abstained).toBe(true);
    expect(p.entropy).toBeCloseTo(Math.log2(5), 12);
  });
});
