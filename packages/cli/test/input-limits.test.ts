import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { zoneListOption } from '../src/inputs';
import { runCli } from './run-cli';

const fixtures = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const si = join(fixtures, 'Si.cif');

function cif(name: string, a: number, symbol: string, rows = 1): string {
  const file = join(tmp, name);
  const sites = Array.from({ length: rows }, (_, i) => `Cu${i} Cu ${(i % 7) / 7} ${(i % 5) / 5} 0`).join(
    '\n',
  );
  writeFileSync(
    file,
    `data_t\n_cell_length_a ${a}\n_cell_length_b ${a}\n_cell_length_c ${a}\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M '${symbol}'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n${sites}\n`,
  );
  return file;
}

describe('simulate: limits before work', () => {
  it.each([
    [['--kv', '0'], /--kv: voltage must be 1-3000 kV/],
    [['--kv', '1e6'], /--kv: voltage must be 1-3000 kV/],
    [['--kv', '1e12'], /--kv: voltage must be 1-3000 kV/],
    [['--camera-length', '0'], /--camera-length: cameraLength must be a positive number/],
    [['--camera-length', '1e9'], /--camera-length: cameraLength must be 1-100000 mm/],
    [['--size', '0'], /--size: size must be an integer 1-4096/],
    [['--size', '100000'], /--size: size must be an integer 1-4096/],
    [['--pixel-size', '0'], /--pixel-size: pixelSize must be a positive number/],
    [['--max-atoms', '0'], /--max-atoms expects a positive whole number/],
  ])('%j is a usage error (exit 2) and writes nothing', async (args, message) => {
    const out = join(tmp, `usage-${args.join('')}`);
    const { code, err } = await runCli(['simulate', si, '-o', out, ...args]);
    expect(err).toMatch(message);
    expect(code).toBe(ExitCode.usage);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a cell edge over the limit with the file and line (exit 1)', async () => {
    const { code, err } = await runCli(['simulate', cif('a1e9.cif', 1e9, 'F m -3 m'), '-o', tmp]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(
      /a1e9\.cif:2:0: cell length a = 1000000000 Å is longer than maxCellEdge = 1000 Å \[E_CIF_LIMIT\]/,
    );
  });

  it('refuses a pattern of too many reflections before enumerating (exit 1)', async () => {
    const started = Date.now();
    const { code, err } = await runCli(['simulate', cif('a1000.cif', 1000, 'F m -3 m'), '-o', tmp]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(
      /a1000\.cif \[0,0,1\]: about .* reflections .*more than maxReflections = 200000.*\[E_SIM_LIMIT\]/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('--max-reflections raises or lowers the reflection limit', async () => {
    const { code, err } = await runCli(['simulate', si, '-o', tmp, '--max-reflections', '10']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/maxReflections = 10\b/);
  });

  it('--max-atoms stops the CIF reader early with file and line', async () => {
    const file = cif('many.cif', 10, 'P 1', 50);
    const { code, err } = await runCli(['simulate', file, '-o', tmp, '--max-atoms', '20']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/many\.cif:35:1: more than 20 atom sites .*\[E_CIF_LIMIT\]/);
  });

  it('refuses a CIF over 256 MB before reading it', async () => {
    const file = join(tmp, 'sparse.cif');
    writeFileSync(file, '');
    truncateSync(file, 300 * 2 ** 20);
    const { code, err } = await runCli(['labels', file, '-z', '001']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/sparse\.cif: 300 MB, more than the 256 MB a CIF may have/);
    rmSync(file);
  });

  it('a pattern without any diffracted spot is an error, not a silent success', async () => {
    const { code, err } = await runCli(['simulate', si, '-o', tmp, '--camera-length', '90000']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/Si\.cif \[data_Si\] \[001\]: no diffracted spot falls on the image/);
  });

  it('an output path that is a file is one line naming it (exit 1)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const { code, err } = await runCli(['simulate', si, '-o', file]);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/a-file: cannot use as output folder \(a file is in the way, not a folder\)/);
    expect(err).not.toContain('unexpected');
  });
});

describe('CIF warnings reach the user', () => {
  const unknown = cif('unknown.cif', 3.615, 'X y z 99');

  it('simulate prints W_CIF_HM / W_CIF_NO_SYMMETRY on stderr and lists them in --json', async () => {
    const out = join(tmp, 'warn');
    const { code, out: stdout, err } = await runCli(['simulate', unknown, '-o', out, '--json']);
    expect(code).toBe(ExitCode.ok);
    expect(err).toMatch(
      /sadp: warning: .*unknown\.cif:8: H-M symbol "X y z 99" not recognised.*\[W_CIF_HM\]/,
    );
    expect(err).toMatch(/\[W_CIF_NO_SYMMETRY\]/);
    const codes = JSON.parse(stdout).warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(['W_CIF_HM', 'W_CIF_NO_SYMMETRY']);
  });

  it('--strict turns them into an error (exit 1) before anything is written', async () => {
    const out = join(tmp, 'strict');
    const { code, err } = await runCli(['simulate', unknown, '-o', out, '--strict']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/unknown\.cif:8: .*\[W_CIF_HM\] \(an error under --strict\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('labels shows them too, and --strict fails', async () => {
    const shown = await runCli(['labels', unknown, '-z', '001', '--json']);
    expect(shown.code).toBe(ExitCode.ok);
    expect(JSON.parse(shown.out).warnings).toHaveLength(2);
    expect(shown.err).toMatch(/\[W_CIF_NO_SYMMETRY\]/);
    const strict = await runCli(['labels', unknown, '-z', '001', '--strict']);
    expect(strict.code).toBe(ExitCode.badInput);
  });

  it('a clean CIF gives no warning and an empty list', async () => {
    const { code, out, err } = await runCli(['labels', si, '-z', '001', '--json', '--strict']);
    expect(code).toBe(ExitCode.ok);
    expect(err).toBe('');
    expect(JSON.parse(out).warnings).toEqual([]);
  });
});

describe('zone axes as the error text suggests', () => {
  it('reads [1,-1,0], [1 -1 0], 1-10 and lists', () => {
    expect(zoneListOption({ zone: ['[1,-1,0]'] }, 'zone')).toEqual([[1, -1, 0]]);
    expect(zoneListOption({ zone: ['[1 -1 0]'] }, 'zone')).toEqual([[1, -1, 0]]);
    expect(zoneListOption({ zone: ['[1,-1,0],[1,1,1]'] }, 'zone')).toEqual([
      [1, -1, 0],
      [1, 1, 1],
    ]);
    expect(zoneListOption({ zone: ['1-10,110'] }, 'zone')).toEqual([
      [1, -1, 0],
      [1, 1, 0],
    ]);
    expect(() => zoneListOption({ zone: ['[1,-1,0]x'] }, 'zone')).toThrow(/zone axis/);
    expect(() => zoneListOption({ zone: ['[1,-1'] }, 'zone')).toThrow(/zone axis/);
  });

  it("simulate -z '[1,-1,0]' works", async () => {
    const out = join(tmp, 'bracket');
    const { code, err } = await runCli([
      'simulate',
      si,
      '-z',
      '[1,-1,0]',
      '-z',
      '[1 1 1]',
      '--size',
      '64',
      '-o',
      out,
    ]);
    expect(err).toBe('');
    expect(code).toBe(ExitCode.ok);
    expect(readdirSync(out).sort()).toEqual(['Si_1-10.json', 'Si_1-10.png', 'Si_111.json', 'Si_111.png']);
  });
});

describe('dataset: input checks and overwriting', () => {
  it('--simulation with a bad value is a usage error before any work', async () => {
    const out = join(tmp, 'ds-bad');
    const { code, err } = await runCli(['dataset', fixtures, '-o', out, '--simulation', '{"spotSigma":-5}']);
    expect(err).toMatch(/--simulation: spotSigma must be a positive number, got -5/);
    expect(code).toBe(ExitCode.usage);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--kv', '0'], /--kv: voltage must be/],
    [['--camera-length', '0'], /--camera-length: /],
    [['--size', '0'], /--size: /],
    [['--max-atoms=-3'], /--max-atoms expects a positive whole number/],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await runCli(['dataset', fixtures, '-o', join(tmp, 'ds-x'), ...args]);
    expect(err).toMatch(message);
    expect(code).toBe(ExitCode.usage);
  });

  it('exits 1 when every render failed, with the reasons on stderr', async () => {
    const out = join(tmp, 'ds-failed');
    const file = cif('ds-a1000.cif', 1000, 'F m -3 m');
    const { code, err } = await runCli(['dataset', file, '-o', out, '-z', '001', '--workers', '1']);
    expect(code).toBe(ExitCode.badInput);
    expect(err).toMatch(/sadp: warning: .*more than maxReflections = 200000;.*\[E_DATASET_RENDER\]/);
    expect(err).toMatch(/no image was rendered \(1 failed\)/);
  }, 60_000);

  it('--strict fails a dataset with warnings', async () => {
    const out = join(tmp, 'ds-strict');
    const { code, err } = await runCli([
      'dataset',
      fixtures,
      '-o',
      out,
      '-z',
      '001',
      '--size',
      '32',
      '--workers',
      '1',
      '--strict',
    ]);
    // broken.cif among the fixtures is skipped with a warning
    expect(err).toMatch(/broken\.cif/);
    expect(err).toMatch(/an error under --strict/);
    expect(code).toBe(ExitCode.badInput);
  }, 60_000);

  it('refuses a non-empty folder without a manifest unless --force', async () => {
    const out = join(tmp, 'ds-foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.md'), 'my notes');
    const refused = await runCli(['dataset', si, '-o', out, '-z', '001', '--size', '32', '--workers', '1']);
    expect(refused.code).toBe(ExitCode.badInput);
    expect(refused.err).toMatch(/ds-foreign is not empty and holds no dataset .*--force/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe('my notes');
    const forced = await runCli([
      'dataset',
      si,
      '-o',
      out,
      '-z',
      '001',
      '--size',
      '32',
      '--workers',
      '1',
      '--force',
    ]);
    expect(forced.code).toBe(ExitCode.ok);
    expect(existsSync(join(out, 'manifest.jsonl'))).toBe(true);
  }, 60_000);
});

describe('train: never replaces a run', () => {
  const data = join(tmp, 'train-data');
  mkdirSync(join(data, 'train'), { recursive: true });
  mkdirSync(join(data, 'val'), { recursive: true });

  it.each([['model'], ['checkpoints'], ['metrics.jsonl']])(
    'refuses an --out holding %s unless --resume or --force',
    async (name) => {
      const run = join(tmp, `run-${name}`);
      mkdirSync(run);
      if (name.includes('.')) writeFileSync(join(run, name), '{"epoch":1}\n');
      else mkdirSync(join(run, name));
      const { code, err } = await runCli(['train', data, '-o', run]);
      expect(code).toBe(ExitCode.badInput);
      expect(err).toMatch(
        new RegExp(`already holds a run \\(${name.replace('.', '\\.')}\\); pass --resume .* --force`),
      );
      expect(existsSync(join(run, name))).toBe(true);
    },
  );

  it('--resume and --force together are a usage error', async () => {
    const { code, err } = await runCli(['train', data, '-o', join(tmp, 'run-x'), '--resume', '--force']);
    expect(code).toBe(ExitCode.usage);
    expect(err).toMatch(/--resume and --force exclude each other/);
  });
});
