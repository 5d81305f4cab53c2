import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatasetOptions,
  type DatasetProgress,
  type DatasetSummary,
  formatProgress,
  generateDataset,
  type ManifestRecord,
  readManifest,
} from '../src/index';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sadp-dataset-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const base = (outDir: string): DatasetOptions => ({
  inputs: [fixtures],
  outDir,
  zones: [
    [0, 0, 1],
    [0, 1, 1],
    [1, 1, 1],
    [0, 1, 2],
  ],
  voltages: [100e3, 200e3, 300e3],
  cameraLengths: [250, 400],
  size: 48,
  seed: 7,
  synthetic: { perGroup: 2 },
  augment: { rotation: [0, 30], crop: 40 },
  workers: 2,
});

/** Every file under `dir` (relative, sorted), excluding the timing-dependent summary. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => !f.startsWith('summary')).sort();
}

function expectSameTree(a: string, b: string): void {
  const fa = listFiles(a);
  expect(listFiles(b)).toEqual(fa);
  for (const f of fa) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
}

let reference: DatasetSummary;
const refDir = join(work, 'reference');
const progress: DatasetProgress[] = [];

beforeAll(async () => {
  reference = await generateDataset(base(refDir), { onProgress: (p) => progress.push(p) });
}, 60_000);

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('generateDataset on small hand-written CIFs (real cif, simulator and labels)', {
  timeout: 120_000,
}, () => {
  it('writes labelled images, a manifest with checksums and a summary, and reports the bad CIF', () => {
    const records = readManifest(join(refDir, 'manifest.jsonl'));
    expect(records.length).toBe(reference.images);
    expect(reference.failed).toBe(0);
    // 6 good CIFs + 9 synthetic × 4 zones × 6 settings: every group short of 2 training crystals gets one, and
    // 227 is topped up per absence variant (Si is 227-2, so 227-1 and 227-3 get two each, 227-2 one)
    expect(reference.images).toBe(15 * 4 * 6);
    for (const r of records) {
      const bytes = readFileSync(join(refDir, r.file));
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([40, 40]);
      expect(r.file).toBe(`${r.split}/${r.label}/${r.id}.png`);
      expect(r.augment!.rotation >= 0 && r.augment!.rotation < 30).toBe(true);
    }
    const bad = reference.warnings.find((w) => w.file.endsWith('broken.cif'));
    expect(bad?.code).toBe('E_CIF_SYNTAX');
    expect(bad?.line).toBe(5);
    const md = readFileSync(join(refDir, 'summary.md'), 'utf8');
    expect(md).toContain('broken.cif');
    // labels from @sadp/lattice-labels: [001] of Si (227) is A1-0, [001] of beta-Mn (213) is not
    const si001 = records.find((r) => r.block === 'Si' && r.zone.join() === '0,0,1')!;
    const mn001 = records.find((r) => r.block === 'beta-Mn' && r.zone.join() === '0,0,1')!;
    expect(si001.label).toBe('A1-0');
    expect(mn001.label).not.toBe('A1-0');
    // counts per label add up to the images
    const perLabel = Object.values(reference.perLabel).reduce((n, c) => n + c.train + c.val, 0);
    expect(perLabel).toBe(reference.images);
  });

  it('reports progress with rate and ETA, ending at the total', () => {
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    const last = progress[progress.length - 1]!;
    expect(last).toMatchObject({ done: reference.images, total: reference.images, failed: 0, etaSeconds: 0 });
    expect(last.rate).toBeGreaterThan(0);
    const mid = progress.find((p) => p.done > 0 && p.done < p.total);
    if (mid) expect(mid.etaSeconds).toBeCloseTo((mid.total - mid.done) / mid.rate, 6);
  });

  it('stops on an abort signal, and a resume then completes the same dataset', async () => {
    const outDir = join(work, 'aborted');
    const controller = new AbortController();
    const run = generateDataset(base(outDir), {
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.done >= 20) controller.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(readManifest(join(outDir, 'manifest.jsonl')).length).toBeLessThan(reference.images);
    await generateDataset({ ...base(outDir), resume: true });
    expectSameTree(refDir, outDir);
  }, 60_000);

  it('splits by CIF: no source in both train and val; synthetic crystals only in train', () => {
    const records = readManifest(join(refDir, 'manifest.jsonl'));
    const splitOf = new Map<string, string>();
    for (const r of records) {
      if (r.origin === 'synthetic') {
        expect(r.split).toBe('train');
        expect(r.source).toBeNull();
        continue;
      }
      const prev = splitOf.get(r.sourceSha256!);
      if (prev) expect(r.split).toBe(prev);
      splitOf.set(r.sourceSha256!, r.split);
    }
    // 225 has two CIFs (NaCl, Cu): one goes to validation
    const val = records.filter((r) => r.split === 'val');
    expect(new Set(val.map((r) => r.block))).toHaveProperty('size', 1);
    expect(['NaCl', 'Cu']).toContain(val[0]!.block);
    expect(reference.perSpaceGroup['225']!.crystals).toEqual({ train: 1, val: 1, synthetic: 1 });
  });

  it('formats progress as a one-line bar', () => {
    const line = formatProgress(
      { done: 36000, total: 80000, resumed: 0, failed: 0, rate: 712.4, etaSeconds: 61.8, elapsedSeconds: 50 },
      20,
    );
    expect(line).toBe('[#########-----------]  45% 36000/80000  712 img/s  ETA 01:02');
    expect(
      formatProgress(
        { done: 0, total: 10, resumed: 0, failed: 1, rate: 0, etaSeconds: Infinity, elapsedSeconds: 0 },
        10,
      ),
    ).toBe('[#---------]  10% 0/10  0 img/s  ETA --:--  1 failed');
  });

  it('fails clearly without usable input', async () => {
    await expect(
      generateDataset({ ...base(join(work, 'none')), inputs: [join(work, 'missing')] }),
    ).rejects.toMatchObject({
      code: 'E_DATASET_NO_INPUT',
    });
    await expect(
      generateDataset({ ...base(join(work, 'none')), spaceGroups: [1], synthetic: false }),
    ).rejects.toMatchObject({
      code: 'E_DATASET_NO_INPUT',
    });
  });

  it('refuses to overwrite a run, and to resume with other options or other CIFs', async () => {
    await expect(generateDataset(base(refDir))).rejects.toMatchObject({ code: 'E_DATASET_OUTPUT_EXISTS' });
    await expect(generateDataset({ ...base(refDir), seed: 8, resume: true })).rejects.toMatchObject({
      code: 'E_DATASET_RESUME_MISMATCH',
    });
    const outDir = join(work, 'edited');
    const inputs = join(work, 'edited-inputs');
    cpSync(fixtures, inputs, { recursive: true });
    const options = { ...base(outDir), inputs: [inputs], zones: [[0, 0, 1]] as DatasetOptions['zones'] };
    await generateDataset(options);
    appendFileSync(join(inputs, 'W.cif'), '# edited\n');
    await expect(generateDataset({ ...options, resume: true })).rejects.toMatchObject({
      code: 'E_DATASET_RESUME_MISMATCH',
    });
  });

  it('SIGKILL mid-run, then resume: same manifest and byte-identical images; never a partial PNG under a final name', async () => {
    const outDir = join(work, 'killed');
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(fixtures, 'generate-child.ts'),
        JSON.stringify(base(outDir)),
        String(Math.floor(reference.images / 3)),
      ],
      { cwd: packageDir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const finals = listFiles(outDir).filter((f) => f.endsWith('.png'));
    expect(finals.length).toBeGreaterThan(0);
    expect(finals.length).toBeLessThan(reference.images);
    for (const f of finals) {
      // complete and identical to the uninterrupted run
      expect(readFileSync(join(outDir, f)).equals(readFileSync(join(refDir, f))), f).toBe(true);
    }
    const before = readManifest(join(outDir, 'manifest.jsonl')).length;
    const resumed = await generateDataset({ ...base(outDir), resume: true });
    expect(resumed.resumed).toBe(before);
    expect(resumed.rendered).toBe(reference.images - before);
    expect(readFileSync(join(outDir, 'manifest.jsonl'), 'utf8')).toBe(
      readFileSync(join(refDir, 'manifest.jsonl'), 'utf8'),
    );
    expectSameTree(refDir, outDir);
  }, 60_000);

  it('resume repairs a damaged run: torn manifest line, truncated and missing images, stray temp files', async () => {
    const outDir = join(work, 'damaged');
    cpSync(refDir, outDir, { recursive: true });
    const manifest = join(outDir, 'manifest.jsonl');
    const records: ManifestRecord[] = readManifest(manifest);
    truncateSync(join(outDir, records[3]!.file), 20);
    rmSync(join(outDir, records[10]!.file));
    writeFileSync(join(outDir, `${records[11]!.file}.tmp`), 'partial');
    appendFileSync(manifest, '{"file":"train/A1-0/x.png","id":');
    const s = await generateDataset({ ...base(outDir), resume: true });
    expect(s.resumed).toBe(reference.images - 2);
    expect(s.rendered).toBe(2);
    expect(existsSync(join(outDir, `${records[11]!.file}.tmp`))).toBe(false);
    expectSameTree(refDir, outDir);
  }, 60_000);

  it('runs a plug-in renderer module in the workers (renderer option)', async () => {
    const outDir = join(work, 'plugin');
    const s = await generateDataset({
      ...base(outDir),
      synthetic: false,
      augment: false,
      renderer: join(fixtures, 'flat-renderer.ts'),
    });
    expect(s.images).toBe(6 * 4 * 6);
    expect(Object.keys(s.perLabel)).toEqual(['high', 'low']);
    // manifest order is job order, so line i is job i: its pixels are (i mod 5) / 4
    readManifest(join(outDir, 'manifest.jsonl')).forEach((r, i) => {
      expect(r.label).toBe(r.spaceGroup > 224 ? 'high' : 'low');
      const png = PNG.sync.read(readFileSync(join(outDir, r.file)));
      expect(png.data[0]).toBe(Math.round(((i % 5) / 4) * 255));
    });
  });

  it('rejects with E_DATASET_WORKER when the workers cannot load the renderer module', async () => {
    const outDir = join(work, 'no-renderer');
    await expect(
      generateDataset({
        ...base(outDir),
        synthetic: false,
        augment: false,
        renderer: join(fixtures, 'Cu.cif'),
      }),
    ).rejects.toMatchObject({
      code: 'E_DATASET_WORKER',
      message: expect.stringContaining('renderer failed to load'),
    });
  });

  it('shards partition the jobs: k/n runs together equal the whole run', async () => {
    const a = join(work, 'shards');
    const parts: ManifestRecord[] = [];
    for (const k of [1, 2, 3]) {
      const s = await generateDataset({ ...base(a), shard: `${k}/3`, workers: 1 });
      expect(s.shard).toEqual({ index: k, count: 3 });
      parts.push(...readManifest(join(a, `manifest-${k}-of-3.jsonl`)));
    }
    const whole = readManifest(join(refDir, 'manifest.jsonl'));
    expect(parts.length).toBe(whole.length);
    const byId = new Map(parts.map((r) => [r.id, r]));
    for (const r of whole) expect(byId.get(r.id)).toEqual(r);
  }, 60_000);
});
