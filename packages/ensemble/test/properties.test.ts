import type { LabelMember, LabelRegistry, ZoneAxis } from '@sadp/lattice-labels';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type EnsembleMode,
  ensemble,
  type PatternEvidence,
  type Prediction,
  suggestNextZone,
} from '../src/index';

// More runs for a deeper search: FC_RUNS=5000 npx vitest run --project @sadp/ensemble
if (process.env.FC_RUNS) fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS) });

const GROUPS = [213, 221, 225, 227, 229];
const ZONES: ZoneAxis[] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
  [0, 1, 2],
  [1, 1, 2],
  [1, 2, 2],
];

/**
 * A random registry: group g has 1–3 structure variants; each (group, zone, variant) gives one of K labels
 * (labels nobody gives are kept).
 */
interface Toy {
  registry: LabelRegistry;
  /** Label index per variant of (group g, zone z), at g * Z + z. */
  assign: number[][];
  G: number;
  Z: number;
}

const toyArb: fc.Arbitrary<Toy> = fc
  .record({
    G: fc.integer({ min: 2, max: 5 }),
    Z: fc.integer({ min: 1, max: 6 }),
    K: fc.integer({ min: 1, max: 7 }),
  })
  .chain(({ G, Z, K }) =>
    fc
      .array(fc.integer({ min: 1, max: 3 }), { minLength: G, maxLength: G })
      .chain((variants) =>
        fc.tuple(
          ...Array.from({ length: G * Z }, (_, i) => {
            const v = variants[Math.floor(i / Z)]!;
            return fc.array(fc.nat(K - 1), { minLength: v, maxLength: v });
          }),
        ),
      )
      .map((assign) => {
        const labels = Array.from({ length: K }, (_, k) => ({
          name: `L${k}`,
          lattice: 'D' as const,
          members: [] as LabelMember[],
        }));
        for (let g = 0; g < G; g++) {
          for (let z = 0; z < Z; z++) {
            assign[g * Z + z]!.forEach((k, v) => {
              labels[k]!.members.push({
                spaceGroup: GROUPS[g]!,
                zone: ZONES[z]!,
                variant: `${GROUPS[g]}-${v}`,
              });
            });
          }
        }
        const registry: LabelRegistry = {
          version: 1,
          spaceGroups: GROUPS.slice(0, G),
          zones: ZONES.slice(0, Z),
          labels,
        };
        return { registry, assign, G, Z };
      }),
  );

/** P(label | group g, zone z) of the toy, counted from its variants: label index → probability. */
function labelDistribution(toy: Toy, g: number, z: number): Map<number, number> {
  const variants = toy.assign[g * toy.Z + z]!;
  const out = new Map<number, number>();
  for (const k of variants) out.set(k, (out.get(k) ?? 0) + 1 / variants.length);
  return out;
}

/** Total-variation distance between two label distributions. */
function totalVariation(a: Map<number, number>, b: Map<number, number>): number {
  let tv = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) tv += Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0));
  return tv / 2;
}

/** A pattern of some group of the toy registry: a hard label (zone given or not) or a soft vector. */
function patternArb(toy: Toy): fc.Arbitrary<PatternEvidence> {
  const K = toy.registry.labels.length;
  const hard = fc
    .record({ g: fc.nat(toy.G - 1), z: fc.nat(toy.Z - 1), v: fc.nat(2), withZone: fc.boolean() })
    .map(({ g, z, v, withZone }): PatternEvidence => {
      const variants = toy.assign[g * toy.Z + z]!;
      const label = `L${variants[v % variants.length]}`;
      return withZone ? { label, zone: toy.registry.zones[z]! } : { label };
    });
  const soft = fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K })
    .filter((v) => v.some((x) => x > 1e-3))
    .map((v): PatternEvidence => ({ probabilities: v }));
  return fc.oneof(hard, soft);
}

const scenarioArb = toyArb.chain((toy) =>
  fc.record({
    toy: fc.constant(toy),
    patterns: fc.array(patternArb(toy), { minLength: 1, maxLength: 5 }),
    keys: fc.array(fc.double({ noNaN: true }), { minLength: 5, maxLength: 5 }),
    mode: fc.constantFrom<EnsembleMode>('mean', 'bayes'),
  }),
);

const byGroup = (p: Prediction): Record<number, number> =>
  Object.fromEntries(p.groups.map((g) => [g.spaceGroup, g.probability]));

function expectSameProbabilities(a: Prediction, b: Prediction): void {
  const pa = byGroup(a);
  const pb = byGroup(b);
  for (const g of Object.keys(pa)) expect(pa[Number(g)]).toBeCloseTo(pb[Number(g)]!, 9);
}

/** P(label) for a uniformly drawn group, zone and variant, counted from the toy's members. */
function labelMarginal(toy: Toy): number[] {
  const m = new Array<number>(toy.registry.labels.length).fill(0);
  for (const variants of toy.assign) for (const k of variants) m[k]! += 1 / (toy.G * toy.Z * variants.length);
  return m;
}

describe('properties over random registries', () => {
  it('the order of the patterns does not matter', () => {
    fc.assert(
      fc.property(scenarioArb, ({ toy, patterns, keys, mode }) => {
        const shuffled = patterns
          .map((p, i) => ({ p, k: keys[i]! }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.p);
        const a = ensemble(patterns, toy.registry, { mode, floor: 0.01 });
        const b = ensemble(shuffled, toy.registry, { mode, floor: 0.01 });
        expectSameProbabilities(a, b);
        expect(new Set(b.unresolved.map((c) => c.join()))).toEqual(
          new Set(a.unresolved.map((c) => c.join())),
        );
      }),
    );
  });

  it('adding an uninformative pattern (labels at their registry frequencies) changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(5), ({ toy, patterns, mode }, at) => {
        const blank: PatternEvidence = { probabilities: labelMarginal(toy) };
        const more = [...patterns];
        more.splice(at % (patterns.length + 1), 0, blank);
        const a = ensemble(patterns, toy.registry, { mode, floor: 0.01 });
        const b = ensemble(more, toy.registry, { mode, floor: 0.01 });
        expectSameProbabilities(a, b);
        expect(b.unresolved).toEqual(a.unresolved);
        expect(b.nextZone?.zone).toEqual(a.nextZone?.zone);
        expect(b.patterns[at % (patterns.length + 1)]!.informative).toBe(false);
      }),
    );
  });

  it('probabilities are in [0, 1] and sum to 1; entropy is in [0, log2 G]', () => {
    fc.assert(
      fc.property(scenarioArb, ({ toy, patterns, mode }) => {
        const p = ensemble(patterns, toy.registry, { mode });
        const sum = p.groups.reduce((s, g) => s + g.probability, 0);
        expect(sum).toBeCloseTo(1, 12);
        expect(p.groups).toHaveLength(toy.G);
        for (const g of p.groups) expect(g.probability).toBeGreaterThanOrEqual(0);
        for (let i = 1; i < p.groups.length; i++) {
          expect(p.groups[i]!.probability).toBeLessThanOrEqual(p.groups[i - 1]!.probability + 1e-12);
        }
        expect(p.entropy).toBeGreaterThanOrEqual(0);
        expect(p.entropy).toBeLessThanOrEqual(Math.log2(toy.G) + 1e-12);
        for (const r of p.patterns) {
          expect(r.groups.reduce((s, g) => s + g.probability, 0)).toBeCloseTo(1, 12);
          expect(r.zoneProbability).toBeGreaterThanOrEqual(0);
          expect(r.zoneProbability).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('with one pattern without a zone, "mean" and "bayes" (floor 0) agree', () => {
    fc.assert(
      fc.property(
        toyArb.chain((toy) => fc.tuple(fc.constant(toy), patternArb(toy))),
        ([toy, pattern]) => {
          const single = { ...pattern, zone: undefined } as PatternEvidence;
          const mean = ensemble([single], toy.registry, { mode: 'mean' });
          const bayes = ensemble([single], toy.registry, { mode: 'bayes', floor: 0 });
          expectSameProbabilities(mean, bayes);
        },
      ),
    );
  });

  it('bayes with a floor: one wrong pattern costs the true group at most a factor `floor`', () => {
    const arb = toyArb.chain((toy) =>
      fc.record({
        toy: fc.constant(toy),
        truth: fc.nat(toy.G - 1),
        zones: fc.array(fc.tuple(fc.nat(toy.Z - 1), fc.nat(2)), { minLength: 1, maxLength: 6 }),
        withZone: fc.boolean(),
        wrong: fc.nat(toy.registry.labels.length - 1),
        floor: fc.constantFrom(0.01, 0.05, 0.2),
      }),
    );
    fc.assert(
      fc.property(arb, ({ toy, truth, zones, withZone, wrong, floor }) => {
        const correct: PatternEvidence[] = zones.map(([z, v]) => {
          const variants = toy.assign[truth * toy.Z + z]!;
          const label = `L${variants[v % variants.length]}`;
          return withZone ? { label, zone: toy.registry.zones[z]! } : { label };
        });
        const truthGroup = GROUPS[truth]!;
        const before = byGroup(ensemble(correct, toy.registry, { floor }));
        const after = byGroup(ensemble([...correct, { label: `L${wrong}` }], toy.registry, { floor }));
        expect(after[truthGroup]!).toBeGreaterThan(0);
        expect(after[truthGroup]!).toBeGreaterThanOrEqual(floor * before[truthGroup]! * (1 - 1e-9));
        // When the correct patterns favour the truth by odds above 1 / floor, it stays on top.
        const rivals = Object.entries(before).filter(([g]) => Number(g) !== truthGroup);
        if (rivals.every(([, p]) => before[truthGroup]! > (p / floor) * (1 + 1e-9))) {
          for (const [g] of rivals) expect(after[truthGroup]!).toBeGreaterThan(after[Number(g)]!);
        }
      }),
    );
  });

  it('the suggested zone separates the top two groups as well as any zone can', () => {
    const arb = toyArb.chain((toy) =>
      fc.record({
        toy: fc.constant(toy),
        weights: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: toy.G, maxLength: toy.G }),
      }),
    );
    fc.assert(
      fc.property(
        arb.filter(({ weights }) => weights.filter((w) => w > 0).length >= 2),
        ({ toy, weights }) => {
          const probabilities = Object.fromEntries(weights.map((w, g) => [GROUPS[g]!, w]));
          const order = weights.map((w, g) => ({ w, g })).sort((x, y) => y.w - x.w || x.g - y.g);
          const [a, b] = [order[0]!.g, order[1]!.g];
          const separation = (z: number): number =>
            totalVariation(labelDistribution(toy, a, z), labelDistribution(toy, b, z));
          const best = Math.max(...Array.from({ length: toy.Z }, (_, z) => separation(z)));
          const next = suggestNextZone(probabilities, toy.registry);
          if (best > 0) {
            expect(next).not.toBeNull();
            const z = toy.registry.zones.findIndex((zone) => zone.join() === next!.zone.join());
            expect(separation(z)).toBeCloseTo(best, 9);
            expect(next!.topTwoSeparation).toBeCloseTo(best, 9);
          }
          if (next === null) {
            // Nothing to learn: every group with weight has the top group's label distribution at every zone.
            for (let g = 0; g < toy.G; g++) {
              if (weights[g]! === 0) continue;
              for (let z = 0; z < toy.Z; z++) {
                expect(totalVariation(labelDistribution(toy, g, z), labelDistribution(toy, a, z))).toBe(0);
              }
            }
          }
        },
      ),
    );
  });

  it('never suggests a zone that a pattern was recorded at', () => {
    fc.assert(
      fc.property(scenarioArb, ({ toy, patterns, mode }) => {
        const p = ensemble(patterns, toy.registry, { mode });
        const known = new Set(patterns.filter((x) => x.zone).map((x) => x.zone!.join()));
        if (p.nextZone) expect(known.has(p.nextZone.zone.join())).toBe(false);
      }),
    );
  });
});
