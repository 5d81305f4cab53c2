import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cubicRegistry, labelOf, labelsOfPair } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { sharedCifDir, sharedCifs, sharedSuite } from '../../../vitest.shared';
import { defaultPlanHooks } from '../src/bindings';
import { parseShard } from '../src/options';
import { planDataset, reducedFormula } from '../src/plan';
import { DEFAULT_ZONES } from '../src/zones';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const hooks = defaultPlanHooks();
const cubicDir = join(sharedCifDir, 'cubic');
const GROUPS = [213, 221, 225, 227, 229];

describe('parseShard', () => {
  it('parses k/n and rejects nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('0/4')).toThrow(RangeError);
    expect(() => parseShard('5/4')).toThrow(RangeError);
    expect(() => parseShard('a/b')).toThrow(RangeError);
  });
});

describe('reducedFormula', () => {
  it('divides element counts by their gcd and sorts elements', () => {
    expect(reducedFormula('Cl4 Na4')).toBe('Cl1Na1');
    expect(reducedFormula('Al16 Mg8 O32')).toBe('Al2Mg1O4');
    expect(reducedFormula('Cl Cs')).toBe('Cl1Cs1');
    expect(reducedFormula('Si8')).toBe('Si1');
  });
});

describe('planDataset on the test fixtures', () => {
  it('lists one job per crystal × zone × voltage × camera length with unique ids and per-job seeds', () => {
    const plan = planDataset(
      { inputs: [fixtures], outDir: 'unused', voltages: [100e3, 200e3], cameraLengths: [300] },
      hooks,
    );
    expect(plan.crystals.map((c) => c.block).sort()).toEqual(['CsCl', 'Cu', 'NaCl', 'Si', 'W', 'beta-Mn']);
    expect(plan.jobs.length).toBe(6 * 16 * 2);
    expect(new Set(plan.jobs.map((j) => j.id)).size).toBe(plan.jobs.length);
    expect(new Set(plan.jobs.map((j) => j.seed)).size).toBe(plan.jobs.length);
    expect(plan.jobs.map((j) => j.index)).toEqual(plan.jobs.map((_, i) => i));
    expect(plan.jobs[0]!.zone).toEqual(DEFAULT_ZONES[0]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['E_CIF_SYNTAX']);
  });

  it('balances space groups with synthetic training crystals whose labels the registry allows', () => {
    const zones = DEFAULT_ZONES.slice(0, 6);
    const plan = planDataset(
      { inputs: [fixtures], outDir: 'unused', zones, seed: 3, synthetic: { perGroup: 3 } },
      hooks,
    );
    for (const g of GROUPS) {
      const train = plan.crystals.filter((c) => c.spaceGroup === g && c.split === 'train');
      expect(train.length).toBe(g === 227 ? 9 : 3); // 227: three per absence variant
      for (const c of train.filter((x) => x.origin === 'synthetic')) {
        expect(c.structure.spaceGroup.number).toBe(g);
        for (const z of zones)
          expect(labelsOfPair(cubicRegistry, g, z)).toContain(labelOf(c.structure, z).name);
      }
    }
    expect(plan.crystals.filter((c) => c.origin === 'synthetic' && c.split === 'val')).toEqual([]);
    const again = planDataset(
      { inputs: [fixtures], outDir: 'unused', zones, seed: 3, synthetic: { perGroup: 3 } },
      hooks,
    );
    expect(again.crystals.map((c) => [c.key, c.formula, c.structure.cell.a])).toEqual(
      plan.crystals.map((c) => [c.key, c.formula, c.structure.cell.a]),
    );
  });

  it('tops up every absence variant of a group with several (227-1, 227-2, 227-3) to the target', () => {
    const zones = DEFAULT_ZONES.slice(0, 6);
    const plan = planDataset(
      {
        inputs: [fixtures],
        outDir: 'unused',
        zones,
        seed: 5,
        spaceGroups: [227],
        synthetic: { perGroup: 2 },
      },
      hooks,
    );
    const train = plan.crystals.filter((c) => c.split === 'train');
    // the real Si fixture is diamond-type (227-2), so 227-2 needs one synthetic crystal, the others two
    expect(train.filter((c) => c.origin === 'real').map((c) => [c.block, c.variant])).toEqual([
      ['Si', '227-2'],
    ]);
    const synthetic = train.filter((c) => c.origin === 'synthetic');
    expect(synthetic.map((c) => c.variant).sort()).toEqual(['227-1', '227-1', '227-2', '227-3', '227-3']);
    for (const c of synthetic) {
      expect(c.key).toMatch(new RegExp(`^syn-${c.variant}-000[12]$`));
      for (const z of zones)
        expect(labelsOfPair(cubicRegistry, c.variant!, z)).toContain(labelOf(c.structure, z).name);
    }
    expect(plan.warnings.filter((w) => w.code === 'E_DATASET_SYNTHETIC')).toEqual([]);
  });

  it('shards partition the job list', () => {
    const all = planDataset({ inputs: [fixtures], outDir: 'unused' }, hooks);
    const ids = [1, 2, 3].flatMap((k) =>
      planDataset({ inputs: [fixtures], outDir: 'unused', shard: `${k}/3` }, hooks).jobs.map((j) => j.id),
    );
    expect(ids.length).toBe(all.jobs.length);
    expect(new Set(ids)).toEqual(new Set(all.jobs.map((j) => j.id)));
  });
});

const corpus = sharedSuite(sharedCifs, 'planDataset on the shared cubic corpus');
describe.skipIf(corpus.skip)(corpus.title, { timeout: 120_000 }, () => {
  const plan = (seed: number) =>
    planDataset({ inputs: [cubicDir], outDir: 'unused', spaceGroups: GROUPS, seed }, hooks);

  it('splits by crystal 85:15 within every space group: no CIF and no same-crystal pair in both splits', () => {
    const p = plan(1);
    const splitOf = new Map<string, string>();
    for (const c of p.crystals) {
      expect(GROUPS).toContain(c.spaceGroup);
      const prev = splitOf.get(c.sourceSha256!);
      if (prev) expect(c.split).toBe(prev);
      splitOf.set(c.sourceSha256!, c.split);
    }
    // the corpus holds several files of one crystal (silicon, alpha-iron, TiN, ...): they share a split
    for (const a of p.crystals) {
      for (const b of p.crystals) {
        if (a.spaceGroup !== b.spaceGroup || reducedFormula(a.formula) !== reducedFormula(b.formula))
          continue;
        if (Math.abs(a.structure.cell.a - b.structure.cell.a) > 0.02 * a.structure.cell.a) continue;
        expect(`${a.key} ${a.split}`).toBe(`${a.key} ${b.split}`);
      }
    }
    const silicon = p.crystals.filter((c) => c.spaceGroup === 227 && reducedFormula(c.formula) === 'Si1');
    expect(silicon.length).toBeGreaterThanOrEqual(5);
    expect(new Set(silicon.map((c) => c.splitUnit)).size).toBe(1);
    for (const g of GROUPS) {
      const units = new Map<string, string>();
      for (const c of p.crystals.filter((x) => x.spaceGroup === g)) units.set(c.splitUnit!, c.split);
      const n = units.size;
      const val = [...units.values()].filter((s) => s === 'val').length;
      expect(val).toBe(Math.max(1, Math.round(0.15 * n)));
    }
    // with tolerance 0 the split is by file only, and more units exist
    const byFile = planDataset(
      { inputs: [cubicDir], outDir: 'unused', spaceGroups: GROUPS, seed: 1, sameCrystalTolerance: 0 },
      hooks,
    );
    expect(new Set(byFile.crystals.map((c) => c.splitUnit)).size).toBeGreaterThan(
      new Set(p.crystals.map((c) => c.splitUnit)).size,
    );
    expect(new Set(p.jobs.map((j) => j.id)).size).toBe(p.jobs.length);
    const same = plan(1);
    expect(same.crystals.map((c) => `${c.key}:${c.split}`)).toEqual(
      p.crystals.map((c) => `${c.key}:${c.split}`),
    );
    const other = plan(2);
    expect(other.crystals.map((c) => `${c.key}:${c.split}`)).not.toEqual(
      p.crystals.map((c) => `${c.key}:${c.split}`),
    );
  });
});
