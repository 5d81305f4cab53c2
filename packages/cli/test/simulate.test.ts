import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { parseZone } from '../src/inputs';
import { runCli } from './run-cli';

const fixtures = join(import.meta.dirname, 'fixtures');
const out = mkdtempSync(join(tmpdir(), 'sadp-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('sadp simulate', { timeout: 120_000 }, () => {
  it('writes one PNG and one JSON sidecar per zone axis', async () => {
    const { code, out: stdout } = await runCli([
      'simulate',
      join(fixtures, 'Si.cif'),
      '--zone',
      '001,011',
      '-z',
      '111',
      '--size',
      '128',
      '-o',
      out,
      '--json',
    ]);
    expect(code).toBe(ExitCode.ok);
    const result = JSON.parse(stdout);
    expect(result.patterns.map((p: { zone: string }) => p.zone)).toEqual(['[001]', '[011]', '[111]']);
    expect(readdirSync(out).sort()).toEqual([
      'Si_001.json',
      'Si_001.png',
      'Si_011.json',
      'Si_011.png',
      'Si_111.json',
      'Si_111.png',
    ]);
    const png = PNG.sync.read(readFileSync(join(out, 'Si_001.png')));
    expect([png.width, png.height]).toEqual([128, 128]);
    const sidecar = JSON.parse(readFileSync(join(out, 'Si_011.json'), 'utf8'));
    expect(sidecar.spaceGroup.number).toBe(227);
    const hkls = sidecar.spots.map((s: { hkl: number[] }) => s.hkl.map(Math.abs).sort().join(''));
    // Si [011]: 111 and 022 are there, 200 is forbidden by the diamond glide.
    expect(hkls).toContain('111');
    expect(hkls).toContain('022');
    expect(hkls).not.toContain('002');
  });

  it('names the file and line of a corrupt CIF, without a stack trace', async () => {
    const { code, err } = await runCli(['simulate', join(fixtures, 'broken.cif'), '-o', out]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/broken\.cif:9:\d+: quoted value is not closed/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file in one line', async () => {
    const { code, err } = await runCli(['simulate', join(fixtures, 'nope.cif')]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/nope\.cif: no such file/);
  });

  it('rejects a malformed zone axis as a usage error', async () => {
    const { code, err } = await runCli(['simulate', join(fixtures, 'Si.cif'), '--zone', '01']);
    expect(code).toBe(ExitCode.usage);
    expect(err).toContain('zone axis "01"');
  });
});

describe('parseZone', () => {
  it('reads compact, bracketed and comma forms with negative indices', () => {
    expect(parseZone('013')).toEqual([0, 1, 3]);
    expect(parseZone('1-10')).toEqual([1, -1, 0]);
    expect(parseZone('[1,-1,0]')).toEqual([1, -1, 0]);
    expect(parseZone('2 1 10')).toEqual([2, 1, 10]);
    for (const bad of ['000', '12', '1.5,0,0', 'abc', '0123'])
      expect(() => parseZone(bad)).toThrow(/zone axis/);
  });
});
