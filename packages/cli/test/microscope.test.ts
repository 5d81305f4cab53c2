import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import type { ZoneAxis } from '@sadp/lattice-labels';
import { electronWavelength } from '@sadp/micrograph';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmImage } from '../../micrograph/test/dm-writer';
import { ExitCode } from '../src/index';
import { indexCandidates } from '../src/indexing-report';
import { CALIBRATION, dm4Of, emdOf, mrcOf, nacl, naclPattern, SIZE, serOf } from './microscope-files';
import { runCli } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-microscope-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// NaCl (225, a = 5.6402 Å) along three zones that together separate the supported groups.
const zones: ZoneAxis[] = [
  [0, 0, 1],
  [1, 1, 1],
  [0, 1, 3],
];
const patterns = zones.map(naclPattern);
const files = (ext: string) => zones.map((_, i) => join(tmp, `nacl-${i}.${ext}`));

beforeAll(async () => {
  for (const [i, p] of patterns.entries()) {
    writeFileSync(files('dm4')[i]!, dm4Of(p));
    writeFileSync(files('mrc')[i]!, mrcOf(p));
    writeFileSync(files('ser')[i]!, serOf(p));
    writeFileSync(files('emd')[i]!, await emdOf(p));
    // a PNG without metadata, and one as `sadp simulate` writes it (calibration in tEXt)
    writeFileSync(files('png')[i]!, encodePng({ image: p.data.map((v) => v / 1000), size: SIZE }));
    const s = simulate(nacl, {
      zone: zones[i]!,
      size: SIZE,
      calibration: CALIBRATION,
      spotSigma: 2,
      gamma: 0.5,
      directBeam: true,
    });
    writeFileSync(join(tmp, `sim-${i}.png`), encodePng(s));
  }
});

interface Candidate {
  spaceGroup: number;
  zone: string;
  indexing: { lattice: { a: number; sigma: number } | null; spots: { hkl: number[] }[] } | null;
}
interface ImageResult {
  file: string;
  format: string;
  calibration: { value: number; source: string } | null;
  labels: { label: string }[];
  candidates: Candidate[];
}

async function classify(args: string[], warning?: RegExp) {
  const { code, out, err } = await runCli(['classify', ...args, '--json']);
  if (warning) expect(err).toMatch(warning);
  else expect(err).toBe('');
  expect(code).toBe(ExitCode.ok);
  return JSON.parse(out) as { images: ImageResult[]; prediction: { groups: { spaceGroup: number }[] } };
}

/** The lattice parameter the 225 candidate of an image gives. */
const latticeOf = (image: ImageResult) =>
  image.candidates.find((c) => c.spaceGroup === 225)?.indexing?.lattice;

describe('sadp classify on microscope files', () => {
  it('classifies DM4 patterns as 225 with the calibration they carry and gives a per candidate', async () => {
    const result = await classify(files('dm4'));
    expect(result.prediction.groups[0]!.spaceGroup).toBe(225);
    expect(result.images.map((i) => i.labels[0]!.label)).toEqual(['A1-0', 'C1-0', 'D6-0']);
    for (const image of result.images) {
      expect(image.format).toBe('dm4');
      expect(image.calibration!.source).toBe('DM4 file');
      expect(image.calibration!.value).toBeCloseTo(CALIBRATION, 6);
      expect(image.candidates[0]!.spaceGroup).toBe(225);
      const a = latticeOf(image)!;
      expect(Math.abs(a.a / nacl.cell.a - 1)).toBeLessThan(0.01);
      expect(a.sigma).toBeGreaterThan(0);
    }
    // [001] of 225: {200} spots first
    const first = result.images[0]!.candidates[0]!.indexing!.spots[0]!.hkl;
    expect(first.map(Math.abs).sort()).toEqual([0, 0, 2]);
  }, 120_000);

  it('classifies MRC patterns (no calibration in MRC) as 225 from their spacing ratios', async () => {
    const result = await classify(files('mrc'));
    expect(result.prediction.groups[0]!.spaceGroup).toBe(225);
    for (const image of result.images) {
      expect(image.calibration).toBeNull();
      expect(latticeOf(image)).toBeNull();
    }
  }, 120_000);

  it('reads SER and EMD with their calibration', async () => {
    const result = await classify(
      [files('emd')[0]!, files('ser')[1]!, files('ser')[2]!],
      /sadp: warning: .*nacl-1\.ser: calibration .* taken as 1\/m/,
    );
    expect(result.images.map((i) => [i.format, i.calibration?.source])).toEqual([
      ['emd', 'EMD file'],
      ['ser', 'SER file'],
      ['ser', 'SER file'],
    ]);
    expect(result.prediction.groups[0]!.spaceGroup).toBe(225);
    for (const image of result.images) expect(latticeOf(image)!.a).toBeCloseTo(nacl.cell.a, 1);
  }, 120_000);

  it('derives the calibration of a DM4 without one from its camera length, voltage and detector pixel', async () => {
    // 14 µm pixels binned 2× at 200 kV: the camera length that gives CALIBRATION
    const cameraLength = 0.028 / (CALIBRATION * electronWavelength(200_000));
    const file = join(tmp, 'camera.dm4');
    writeFileSync(
      file,
      dmImage(4, SIZE, SIZE, patterns[0]!.data, {
        voltage: 200_000,
        cameraLength,
        detectorPixel: 14,
        binning: 2,
      }),
    );
    const [image] = (
      await classify(
        [file],
        /sadp: warning: .*camera\.dm4: reciprocal calibration .* derived from camera length/,
      )
    ).images;
    expect(image!.calibration!.source).toBe('DM4 file: camera length, voltage, detector pixel');
    expect(image!.calibration!.value).toBeCloseTo(CALIBRATION, 6);
    expect(Math.abs(latticeOf(image!)!.a / nacl.cell.a - 1)).toBeLessThan(0.01);
  }, 60_000);

  it('uses the calibration sadp simulate writes into PNG, and --calibration beats it', async () => {
    const sims = zones.map((_, i) => join(tmp, `sim-${i}.png`));
    const fromFile = await classify(sims);
    expect(fromFile.images[0]!.calibration).toEqual({
      value: Number(CALIBRATION.toPrecision(10)),
      source: 'PNG tEXt',
    });
    const flag = await classify([...sims, '--calibration', String(CALIBRATION * 1.1)]);
    expect(flag.images[0]!.calibration!.source).toBe('--calibration');
    expect(latticeOf(flag.images[0]!)!.a).toBeCloseTo(nacl.cell.a / 1.1, 1);
  }, 120_000);

  it('takes --calibration alone: the lattice parameter of each candidate within 1 %', async () => {
    const result = await classify([...files('png'), '--calibration', String(CALIBRATION)]);
    expect(result.prediction.groups[0]!.spaceGroup).toBe(225);
    for (const image of result.images) {
      expect(image.calibration!.source).toBe('--calibration');
      expect(Math.abs(latticeOf(image)!.a / nacl.cell.a - 1)).toBeLessThan(0.01);
    }
    const lattice = await runCli(['classify', files('png')[0]!, '--lattice', '5.64']);
    expect(lattice.code).toBe(ExitCode.usage);
    expect(lattice.err).toMatch(/--lattice needs a calibration: .*nacl-0\.png carries none/);
  }, 120_000);

  it('prints which calibration was used, the indexing and the lattice parameter', async () => {
    const { code, out } = await runCli(['classify', files('dm4')[0]!, '--calibration', String(CALIBRATION)]);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/calibration: 0\.009850 Å⁻¹\/px \(--calibration\)/);
    expect(out).toMatch(/225 \[001\]: a\* \(-?2 0 0\)|225 \[001\]: a\* \(0 -?2 0\)/);
    expect(out).toMatch(/a = 5\.64\d* ± 0\.\d+ Å/);
    expect(out).toMatch(/d measured\/expected: \(.*\) 2\.820\/2\.820 Å/);
    // a known zone axis keeps the candidates along it (B3-0: 221, 225 [014] and 227, 229 [223])
    const groups = new Map([
      [227, 0.5],
      [225, 0.3],
    ]);
    expect(indexCandidates('B3-0', null, groups, undefined).map((c) => `${c.spaceGroup}${c.zone}`)).toEqual([
      '227[223]',
      '225[014]',
      '221[014]',
      '229[223]',
    ]);
    expect(indexCandidates('B3-0', null, groups, undefined, [4, 0, -1]).map((c) => c.spaceGroup)).toEqual([
      225, 221,
    ]);
  }, 120_000);

  it('writes overlays: PNG and SVG of the image size, one per image in a folder or by {name}', async () => {
    const png = join(tmp, 'one.png');
    await classify([files('dm4')[0]!, '--overlay', png]);
    const decoded = PNG.sync.read(readFileSync(png));
    expect([decoded.width, decoded.height]).toEqual([SIZE, SIZE]);
    await classify([...files('dm4').slice(0, 2), '--overlay', join(tmp, 'svg', '{name}.svg')]);
    const svg = readFileSync(join(tmp, 'svg', 'nacl-1.svg'), 'utf8');
    expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${SIZE}" height="${SIZE}"`));
    expect(svg).toMatch(/<text [^>]*data-hkl="-?2 -?2 -?0"/);
    await classify([...files('mrc').slice(0, 2), '--overlay', `${join(tmp, 'dir')}/`]);
    expect(PNG.sync.read(readFileSync(join(tmp, 'dir', 'nacl-0.png'))).width).toBe(SIZE);
    const many = await runCli(['classify', ...files('dm4').slice(0, 2), '--overlay', join(tmp, 'x.png')]);
    expect(many.code).toBe(ExitCode.usage);
    expect(many.err).toMatch(/2 images need a folder \(out\/\) or a \{name\} pattern/);
    const ext = await runCli(['classify', files('dm4')[0]!, '--overlay', join(tmp, 'x.gif')]);
    expect(ext.err).toMatch(/expected a \.png or \.svg file name/);
  }, 120_000);

  it('names the file and what was expected for unreadable input, and lists every format in --help', async () => {
    const bad = join(tmp, 'cut.dm4');
    writeFileSync(bad, dm4Of(patterns[0]!).subarray(0, 300));
    const cut = await runCli(['classify', bad]);
    expect(cut.code).toBe(ExitCode.badInput);
    expect(cut.err).toMatch(/cut\.dm4/);
    const text = join(tmp, 'notes.txt');
    writeFileSync(text, 'not a pattern');
    const other = await runCli(['classify', text]);
    expect(other.code).toBe(ExitCode.badInput);
    expect(other.err).toMatch(
      /notes\.txt: unsupported image format: expected PNG, JPEG, TIFF, NumPy \.npy, MRC, DM3, DM4, TIA SER, EMD/,
    );
    const help = await runCli(['classify', '--help']);
    for (const format of ['PNG', 'JPEG', 'TIFF', 'MRC', 'DM3', 'DM4', 'SER', 'EMD'])
      expect(help.out).toContain(format);
    expect(help.out).toContain('--overlay');
  }, 60_000);
});
