import { afterAll, describe, expect, it } from 'vitest';
import { SimulationPool, simulateBatch } from '../src/batch';
import { isDiffractionSimError } from '../src/errors';
import { encodePng } from '../src/png';
import type { SimulationSettings } from '../src/settings';
import { simulate } from '../src/simulate';
import { referenceStructure, silicon } from './fixtures/reference';

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('SimulationPool', { timeout: 120_000 }, () => {
  const pool = new SimulationPool({ workers: 2 });
  afterAll(() => pool.close());
  const si = silicon();
  const nacl = referenceStructure('NaCl');
  const zones: [number, number, number][] = [
    [0, 0, 1],
    [0, 1, 1],
    [1, 1, 1],
    [0, 1, 3],
  ];

  it('returns results in job order, identical to single-threaded simulate', async () => {
    const jobs = zones.flatMap((zone, i) =>
      [si, nacl].map((structure) => ({
        structure,
        settings: { zone, rotation: 7 * i, noise: { poisson: 50 }, seed: i } as SimulationSettings,
      })),
    );
    const results = await pool.run(jobs, { output: { png: true }, window: 3 });
    expect(results.map((r) => r.index)).toEqual(jobs.map((_, i) => i));
    results.forEach((r, i) => {
      const local = simulate(jobs[i]!.structure, jobs[i]!.settings);
      expect(r.spots.count).toBe(local.spots.count);
      expect(Array.from(r.spots.intensity)).toEqual(Array.from(local.spots.intensity));
      expect(Buffer.from(r.image!.buffer).equals(Buffer.from(local.image.buffer))).toBe(true);
      expect(Buffer.from(r.png!).equals(Buffer.from(encodePng(local)))).toBe(true);
    });
  });

  it('can return spots only, and reports worker memory', async () => {
    const [r] = await pool.run([{ structure: si, settings: { zone: [1, 1, 2] } }], {
      output: { image: false },
    });
    expect(r!.image).toBeUndefined();
    expect(r!.png).toBeUndefined();
    expect(r!.spots.count).toBeGreaterThan(0);
    const memory = await pool.memory();
    expect(memory).toHaveLength(2);
    for (const m of memory) expect(m.heapUsed).toBeGreaterThan(1e5);
  });

  it('rejects a bad job with the original error type, and keeps working', async () => {
    await expect(pool.run([{ structure: si, settings: { zone: [0, 0, 0] } }])).rejects.toThrow(RangeError);
    const bad = silicon();
    bad.atoms.atomicNumber[0] = 110;
    const error = await pool
      .submit({ structure: bad, settings: { zone: [0, 0, 1] } })
      .catch((e: unknown) => e);
    expect(isDiffractionSimError(error)).toBe(true);
    const ok = await pool.submit({ structure: si, settings: { zone: [0, 0, 1] } });
    expect(ok.spots.count).toBeGreaterThan(0);
  });
});

describe('simulateBatch', { timeout: 120_000 }, () => {
  it('streams an iterable through a temporary pool', async () => {
    function* jobs() {
      for (let i = 0; i < 5; i++)
        yield { structure: silicon(), settings: { zone: [0, 1, 1], rotation: i } as SimulationSettings };
    }
    const results = await simulateBatch(jobs(), { workers: 2, output: { image: false } });
    expect(results.map((r) => r.settings.rotation)).toEqual([0, 1, 2, 3, 4]);
  });
});
