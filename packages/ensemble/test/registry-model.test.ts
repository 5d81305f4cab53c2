import type { LabelRegistry } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import {
  compileRegistry,
  ensemble,
  findZone,
  labelLikelihood,
  reduceZone,
  zoneEquivalence,
} from '../src/index';
import { paperRegistry } from './fixtures/paper-registry';

describe('labelLikelihood (P(label | group, zone) from registry members)', () => {
  it('counts structure variants of a group as equally likely', () => {
    expect(labelLikelihood(paperRegistry, 227, 'D1-0', [0, 1, 1])).toBeCloseTo(1 / 3, 15);
    expect(labelLikelihood(paperRegistry, 227, 'D1-1', [0, 1, 1])).toBeCloseTo(2 / 3, 15);
    expect(labelLikelihood(paperRegistry, 225, 'D1-0', [0, 1, 1])).toBe(1);
    expect(labelLikelihood(paperRegistry, 221, 'D1-0', [0, 1, 1])).toBe(0);
  });

  it('averages over the registry zones of the group when the zone is unknown', () => {
    expect(labelLikelihood(paperRegistry, 225, 'D12-0')).toBeCloseTo(1 / 5, 15);
    expect(labelLikelihood(paperRegistry, 227, 'D12-2')).toBeCloseTo(2 / 3 / 5, 15);
  });

  it('gives rows that sum to 1 for every group and zone the registry lists', () => {
    const model = compileRegistry(paperRegistry);
    const L = model.labels.length;
    for (let row = 0; row < model.groups.length * model.zones.length; row++) {
      let sum = 0;
      for (let l = 0; l < L; l++) sum += model.labelGivenZone[row * L + l]!;
      expect(sum).toBeCloseTo(1, 14);
    }
    expect(compileRegistry(paperRegistry)).toBe(model);
  });

  it('splits a (group, zone, variant) that two labels list between them', () => {
    const registry: LabelRegistry = {
      version: 1,
      spaceGroups: [221, 225],
      zones: [[0, 1, 2]],
      labels: [
        { name: 'D5-0', lattice: 'D', members: [{ spaceGroup: 221, zone: [0, 1, 2], variant: '221' }] },
        {
          name: 'D6-0',
          lattice: 'D',
          members: [
            { spaceGroup: 221, zone: [0, 1, 2], variant: '221' },
            { spaceGroup: 225, zone: [0, 2, 1], variant: '225' },
          ],
        },
      ],
    };
    expect(labelLikelihood(registry, 221, 'D5-0', [0, 1, 2])).toBe(0.5);
    expect(labelLikelihood(registry, 225, 'D6-0', [0, 1, 2])).toBe(1);
  });
});

describe('zone matching', () => {
  it('reduces by the common divisor', () => {
    expect(reduceZone([0, 2, 6])).toEqual([0, 1, 3]);
    expect(reduceZone([0, 0, -3])).toEqual([0, 0, -1]);
    expect(() => reduceZone([0, 0, 0])).toThrow(RangeError);
    expect(() => reduceZone([0, 0.5, 1])).toThrow(RangeError);
  });

  it('matches permutations and signs for m-3m groups only', () => {
    const zones = paperRegistry.zones;
    expect(zoneEquivalence([213, 221, 225, 227, 229])).toBe('m-3m');
    expect(zoneEquivalence([200, 221])).toBe('m-3');
    expect(zoneEquivalence([194, 225])).toBe('friedel');
    expect(findZone([1, 0, 3], zones, 'm-3m')).toBe(4);
    expect(findZone([-3, 0, 1], zones, 'm-3m')).toBe(4);
    expect(findZone([1, 0, 3], zones, 'm-3')).toBe(-1); // in m-3 [103] and [013] differ
    expect(findZone([3, 0, 1], zones, 'm-3')).toBe(4); // a cyclic permutation of [013]
    expect(findZone([0, -1, -3], zones, 'friedel')).toBe(4);
    expect(findZone([1, 0, 3], zones, 'friedel')).toBe(-1);
    expect(findZone([1, 2, 3], zones, 'm-3m')).toBe(-1);
  });
});

describe('errors', () => {
  it('rejects an unknown label, an unknown zone and a wrong vector length', () => {
    expect(() => ensemble([{ label: 'Z9-9' }], paperRegistry)).toThrow(
      expect.objectContaining({ name: 'EnsembleError', code: 'E_ENSEMBLE_UNKNOWN_LABEL', pattern: 0 }),
    );
    expect(() => ensemble([{ probabilities: { nope: 1 } }], paperRegistry)).toThrow(
      expect.objectContaining({ code: 'E_ENSEMBLE_UNKNOWN_LABEL', label: 'nope' }),
    );
    expect(() => ensemble([{ label: 'A1-0' }, { label: 'A1-0', zone: [1, 2, 3] }], paperRegistry)).toThrow(
      expect.objectContaining({ code: 'E_ENSEMBLE_UNKNOWN_ZONE', pattern: 1 }),
    );
    expect(() => ensemble([{ probabilities: [1, 0] }], paperRegistry)).toThrow(RangeError);
    expect(() => ensemble([{ probabilities: { 'A1-0': -1 } }], paperRegistry)).toThrow(RangeError);
    expect(() => ensemble([{ probabilities: { 'A1-0': 0 } }], paperRegistry)).toThrow(RangeError);
    expect(() => ensemble([{} as never], paperRegistry)).toThrow(TypeError);
  });

  it('rejects bad options', () => {
    expect(() => ensemble([], paperRegistry, { floor: 2 })).toThrow(RangeError);
    expect(() => ensemble([], paperRegistry, { temperature: 0 })).toThrow(RangeError);
    expect(() => ensemble([], paperRegistry, { mode: 'median' as never })).toThrow(RangeError);
    expect(() => ensemble([], paperRegistry, { prior: { 194: 1 } })).toThrow(RangeError);
    expect(() => ensemble([], paperRegistry, { prior: { 225: 0 } })).toThrow(RangeError);
  });

  it('rejects a malformed registry', () => {
    const twice: LabelRegistry = {
      ...paperRegistry,
      labels: [...paperRegistry.labels, paperRegistry.labels[0]!],
    };
    expect(() => compileRegistry(twice)).toThrow(expect.objectContaining({ code: 'E_ENSEMBLE_REGISTRY' }));
    const stranger: LabelRegistry = {
      ...paperRegistry,
      labels: [{ name: 'X', lattice: 'A', members: [{ spaceGroup: 194, zone: [0, 0, 1], variant: '194' }] }],
    };
    expect(() => compileRegistry(stranger)).toThrow(expect.objectContaining({ code: 'E_ENSEMBLE_REGISTRY' }));
    const offZone: LabelRegistry = {
      ...paperRegistry,
      labels: [{ name: 'X', lattice: 'A', members: [{ spaceGroup: 225, zone: [1, 2, 3], variant: '225' }] }],
    };
    expect(() => compileRegistry(offZone)).toThrow(/not in zones/);
    expect(() => compileRegistry({ ...paperRegistry, version: 2 as 1 })).toThrow(/version/);
  });
});
