import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const fixtures = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-train-'));
const data = join(tmp, 'data');
const run = join(tmp, 'run');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tiny = ['--input-size', '32', '--width', '0.125', '--batch-size', '4', '--json'];

describe('sadp train, eval and classify on a tiny dataset', () => {
  beforeAll(async () => {
    const made = await runCli([
      'dataset',
      fixtures,
      '-o',
      data,
      '-z',
      '001,011,111',
      '--size',
      '32',
      '--cell-pixels',
      '4,5',
      '--val-fraction',
      '0.5',
      '--workers',
      '1',
      '--json',
    ]);
    expect(made.code).toBe(ExitCode.ok);
  }, 60_000);

  it('trains, checkpoints every epoch and resumes to the requested epoch count', async () => {
    const first = await runCli(['train', data, '-o', run, '--epochs', '1', ...tiny]);
    expect(first.err).not.toMatch(/^sadp: /m);
    expect(first.code).toBe(ExitCode.ok);
    expect(JSON.parse(first.out).history).toHaveLength(1);
    expect(existsSync(join(run, 'checkpoints', 'latest'))).toBe(true);

    const second = await runCli(['train', data, '-o', run, '--epochs', '2', '--resume', ...tiny]);
    expect(second.code).toBe(ExitCode.ok);
    const summary = JSON.parse(second.out);
    expect(summary.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2]);
    expect(readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const meta = JSON.parse(readFileSync(join(run, 'model', 'model.json'), 'utf8')).userDefinedMetadata.sadp;
    // Class order is the registry's, so probabilities line up with @sadp/ensemble.
    expect(meta.labels[0]).toBe('A1-0');
    expect(meta.labels.length).toBeGreaterThan(50);
  }, 120_000);

  it('evaluates the model on the validation folder', async () => {
    const { code, out } = await runCli(['eval', join(run, 'model'), join(data, 'val'), '--json']);
    expect(code).toBe(ExitCode.ok);
    const evaluation = JSON.parse(out);
    expect(evaluation.count).toBeGreaterThan(0);
    expect(evaluation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(evaluation.count);
  }, 60_000);

  it('classifies images into label probabilities, zone candidates and a space-group distribution', async () => {
    const manifest = readFileSync(join(data, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const files = manifest.slice(0, 2).map((r: { file: string }) => join(data, r.file));
    const { code, out } = await runCli([
      'classify',
      ...files,
      '--model',
      join(run, 'model'),
      '-z',
      '001',
      '--json',
    ]);
    expect(code).toBe(ExitCode.ok);
    const result = JSON.parse(out);
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      const probabilities = image.labels.map((l: { probability: number }) => l.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
      expect(image.candidates.length).toBeGreaterThan(0);
    }
    const total = result.prediction.groups.reduce(
      (s: number, g: { probability: number }) => s + g.probability,
      0,
    );
    // the groups share what "none of the supported groups" leaves
    expect(total + result.prediction.outOfScope).toBeCloseTo(1, 6);
    expect(result.prediction.outOfScope).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('rejects a file that is not an image, and a missing model, in one line each', async () => {
    const notImage = join(tmp, 'notes.png');
    writeFileSync(notImage, 'not a png');
    const bad = await runCli(['classify', notImage, '--model', join(run, 'model')]);
    expect(bad.code).toBe(ExitCode.badInput);
    expect(bad.err).toMatch(
      /notes\.png: unsupported image format: expected PNG, JPEG, TIFF, NumPy \.npy, MRC, DM3, DM4, TIA SER, EMD/,
    );
    const manifest = readFileSync(join(data, 'manifest.jsonl'), 'utf8').split('\n');
    const image = join(data, JSON.parse(manifest[0]!).file);
    const noModel = await runCli(['classify', image, '--model', tmp]);
    expect(noModel.code).toBe(ExitCode.badInput);
    expect(noModel.err).toMatch(/no model\.json/);
  });
});
