import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz';

const dir = new URL('./fixtures/', import.meta.url);
const bases = readdirSync(dir)
  .filter((f) => f.endsWith('.cif'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));
/** `CIF_FUZZ_CASES=100000` runs the full 10^5 (also `npm run fuzz` in packages/cif). */
const cases = Number(process.env.CIF_FUZZ_CASES ?? 3000);

describe('fuzzing: mutated CIFs give results or CifError only', () => {
  it(`${cases} seeded mutations of the fixtures`, { timeout: Math.max(60_000, cases * 5) }, () => {
    const stats = runFuzz(bases, cases, 20261125);
    expect(stats.failures).toEqual([]);
    expect(stats.accepted + stats.cifErrors).toBe(cases);
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.cifErrors).toBeGreaterThan(0);
    // no single input may take long (a hang shows here or as a test timeout)
    expect(stats.maxMs).toBeLessThan(2000);
  });
});
