import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const fixtures = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-dataset-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('sadp dataset', { timeout: 120_000 }, () => {
  it('writes labelled PNGs, a manifest and a summary, and skips a corrupt CIF with its reason', async () => {
    const out = join(tmp, 'data');
    const argv = [
      'dataset',
      fixtures,
      '-o',
      out,
      '-z',
      '001,111',
      '--size',
      '64',
      '--workers',
      '1',
      '--json',
    ];
    const { code, out: stdout, err } = await runCli(argv);
    expect(err).not.toContain('unexpected error');
    expect(code).toBe(ExitCode.ok);
    const summary = JSON.parse(stdout);
    // Si (227), NaCl and Cu (225) × 2 zones; broken.cif is reported, not fatal.
    expect(summary.images).toBe(6);
    expect(JSON.stringify(summary.warnings)).toContain('broken.cif');
    const manifest = readFileSync(join(out, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(manifest).toHaveLength(6);
    for (const record of manifest) {
      expect(existsSync(join(out, record.file))).toBe(true);
      expect(record.file.startsWith(`${record.split}/${record.label}/`)).toBe(true);
    }
    expect(readdirSync(out)).toContain('summary.md');

    const again = await runCli(argv);
    expect(again.code).toBe(ExitCode.badInput);
    expect(again.err).toMatch(/resume/);
  });
});
