import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPlanHooks } from '@sadp/dataset';
import { encodePng } from '@sadp/diffraction-sim';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function png(name: string, width: number, value: (i: number) => number): string {
  const image = Float32Array.from({ length: width * width }, (_, i) => value(i) / 255);
  const file = join(tmp, name);
  writeFileSync(file, encodePng({ image, size: width }));
  return file;
}

let seed = 3;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const black = png('black.png', 128, () => 0);
const noise = [0, 1, 2, 3, 4].map((k) => png(`noise${k}.png`, 128, () => Math.floor(random() * 256)));

describe('classify: evidence that cannot carry information', () => {
  it('the same black image three times: flagged, counted once, no group above the abstain threshold', async () => {
    const { code, out, err } = await runCli(['classify', black, black, black, '--json']);
    expect(code).toBe(ExitCode.ok);
    const result = JSON.parse(out);
    expect(result.prediction.abstained).toBe(true);
    expect(result.prediction.groups[0].probability).toBeLessThan(0.5);
    expect(result.images[0].unusable).toMatch(/blank/);
    expect(result.images[1].unusable).toMatch(/same pixels as .*black\.png/);
    expect(result.warnings.map((w: { code: string }) => w.code)).toEqual([
      'W_IMAGE_BLANK',
      'W_IMAGE_REPEATED',
      'W_IMAGE_REPEATED',
    ]);
    expect(err).toMatch(/warning: .*black\.png: blank/);
  });

  it('five noise images: flagged as noise, no verdict', async () => {
    const { code, out } = await runCli(['classify', ...noise]);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/not sure \(none of the 5 images carries information\)/);
    expect(out.match(/pure noise/g)).toHaveLength(5);
  });

  it('--strict turns an unusable image into an error (exit 1)', async () => {
    const { code, err } = await runCli(['classify', black, '--strict']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/black\.png: blank.*an error under --strict/);
  });
});

describe('classify: limits before work', () => {
  it('--cell-pixels 1e9 is a usage error naming the image and the bound', async () => {
    const { code, err } = await runCli(['classify', noise[0]!, '--cell-pixels', '1e9']);
    expect(code).toBe(ExitCode.usage);
    expect(err).toMatch(
      /--cell-pixels: 1\/a would span 1000000000 px in .*noise0\.png, expected 1 to 128 px/,
    );
  });

  it('an image over --max-pixels fails fast naming the file, its size and the limit', async () => {
    const { code, err } = await runCli(['classify', noise[0]!, '--max-pixels', '1000']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/noise0\.png: 128×128 pixels .*more than the limit .*--max-pixels to raise it/);
  });
});

describe('dataset: limits before work', () => {
  it('--synthetic 1e9 is a usage error', async () => {
    const { code, err } = await runCli(['dataset', tmp, '-o', join(tmp, 'ds-out'), '--synthetic', '1e9']);
    expect(code).toBe(ExitCode.usage);
    expect(err).toMatch(/--synthetic 1e9: more than the limit of 10000/);
  });

  it('--max-atoms stops the CIF parser at the first atom row over it', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `Cu${i} Cu ${i / 50} 0 0`).join('\n');
    const text = `data_t\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n${rows}\n`;
    expect(() => defaultPlanHooks().readStructures(text, 'big.cif', { maxAtoms: 10 })).toThrow(
      /more than 10 atom sites/,
    );
    expect(defaultPlanHooks().readStructures(text, 'big.cif').structures).toHaveLength(1);
  });
});

describe('no silent success', () => {
  const data = join(tmp, 'data');
  for (const split of ['train', 'val'])
    for (const label of ['A1-0', 'B14-0']) {
      mkdirSync(join(data, split, label), { recursive: true });
      for (let k = 0; k < 4; k++)
        cpSync(
          png(`d${k}.png`, 32, () => Math.floor(random() * 256)),
          join(data, split, label, `${k}.png`),
        );
    }
  const trainArgs = ['--input-size', '32', '--width', '0.125', '--batch-size', '4'];

  it('eval on a folder whose only .png is text fails naming the file', async () => {
    const folder = join(tmp, 'fake-eval', 'A1-0');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'x.png'), 'not a png');
    const run = join(tmp, 'run-eval');
    expect((await runCli(['train', data, '-o', run, ...trainArgs, '--epochs', '1'])).code).toBe(0);
    const { code, err } = await runCli(['eval', join(run, 'model'), join(tmp, 'fake-eval')]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/x\.png/);
  });

  it('resume from a checkpoint with NaN weights, or corrupted ones, fails naming the file', async () => {
    const run = join(tmp, 'run-nan');
    expect((await runCli(['train', data, '-o', run, ...trainArgs, '--epochs', '1'])).code).toBe(0);
    const latest = join(run, 'checkpoints', 'latest');
    const weights = readFileSync(join(latest, 'weights.bin'));
    weights.writeFloatLE(Number.NaN, 0);
    writeFileSync(join(latest, 'weights.bin'), weights);
    let result = await runCli(['train', data, '-o', run, ...trainArgs, '--epochs', '2', '--resume']);
    expect(result.code).toBe(ExitCode.badInput);
    expect(result.err).toMatch(/weights\.bin: SHA-256 .* does not match/);
    // a checkpoint without a recorded checksum (older format) is still checked for NaN
    const json = JSON.parse(readFileSync(join(latest, 'model.json'), 'utf8'));
    delete json.weightsSha256;
    writeFileSync(join(latest, 'model.json'), JSON.stringify(json));
    result = await runCli(['train', data, '-o', run, ...trainArgs, '--epochs', '2', '--resume']);
    expect(result.code).toBe(ExitCode.badInput);
    expect(result.err).toMatch(/weights\.bin: weight .* holds NaN/);
    expect(result.out).toBe('');
  });

  it('a model without a checksum (older format) still loads', async () => {
    const run = join(tmp, 'run-old');
    expect((await runCli(['train', data, '-o', run, ...trainArgs, '--epochs', '1'])).code).toBe(0);
    const modelJson = join(run, 'model', 'model.json');
    const json = JSON.parse(readFileSync(modelJson, 'utf8'));
    delete json.weightsSha256;
    writeFileSync(modelJson, JSON.stringify(json));
    const { code } = await runCli(['eval', join(run, 'model'), join(data, 'val')]);
    expect(code).toBe(ExitCode.ok);
  });
});
