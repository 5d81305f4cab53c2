import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('sadp demo', { timeout: 120_000 }, () => {
  it('narrows NaCl down to Fm-3m (225) as patterns are added', async () => {
    const { code, out } = await runCli(['demo', '--classifier', 'spots', '--json', '-o', tmp]);
    expect(code).toBe(ExitCode.ok);
    const result = JSON.parse(out);
    const [first, , last] = result.steps;
    // [001] alone cannot tell 221, 225, 227 and 229 apart (the paper's example) and rules out 213.
    expect(first.label).toBe('A1-0');
    expect(first.prediction.abstained).toBe(true);
    expect(
      first.prediction.groups.find((g: { spaceGroup: number }) => g.spaceGroup === 213).probability,
    ).toBeLessThan(0.01);
    expect(last.prediction.best).toBe(225);
    expect(last.prediction.groups[0].probability).toBeGreaterThan(0.95);
    for (const zone of ['001', '111', '013']) expect(existsSync(join(tmp, `NaCl_${zone}.png`))).toBe(true);
  });

  it('prints a readable verdict', async () => {
    const { code, out } = await runCli(['demo', '--classifier', 'spots', '-z', '001,011']);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/Verdict: space group 225/);
  });

  it('uses the shipped ResNet by default and still finds Fm-3m', async () => {
    const { code, out } = await runCli(['demo', '--json']);
    expect(code).toBe(ExitCode.ok);
    const result = JSON.parse(out);
    expect(result.classifier).toBe('resnet');
    expect(result.steps.map((s: { label: string }) => s.label).slice(0, 2)).toEqual(['A1-0', 'C1-0']);
    expect(result.steps.at(-1).prediction.best).toBe(225);
  });
});
