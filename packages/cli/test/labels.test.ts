import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const fixtures = join(import.meta.dirname, 'fixtures');

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('sadp labels', { timeout: 120_000 }, () => {
  it('labels a CIF along chosen zones and names the pairs that look the same', async () => {
    const { code, out } = await runCli(['labels', join(fixtures, 'NaCl.cif'), '-z', '001,111,013', '--json']);
    expect(code).toBe(ExitCode.ok);
    const { results } = JSON.parse(out);
    expect(results.map((r: { lattice: string }) => r.lattice)).toEqual(['A', 'C', 'D']);
    const groupsAt001 = results[0].sameLook.map((m: { spaceGroup: number }) => m.spaceGroup);
    expect(new Set(groupsAt001)).toEqual(new Set([221, 225, 227, 229]));
    expect(results[2].sameLook.every((m: { spaceGroup: number }) => m.spaceGroup === 225)).toBe(true);
  });

  it('prints the registry without a CIF', async () => {
    const { code, out } = await runCli(['labels']);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^A1-0\s+A\s+.*225\[001\]/m);
  });
});
