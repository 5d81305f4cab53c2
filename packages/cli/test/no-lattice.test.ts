import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import { representativeStructure } from '@sadp/lattice-labels';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-no-lattice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Cu (Fm-3m) along [001], 256 px with 1/a spanning 12 px: the (200) square lattice at 24 px.
const cu = representativeStructure('225');
const size = 256;
const cellPixels = 12;
const pattern = simulate(cu, {
  zone: [0, 0, 1],
  size,
  calibration: 1 / (cu.cell.a * cellPixels),
  spotSigma: 1.5,
  gamma: 0.5,
  directBeam: true,
});
const image = pattern.image;
let beam = 0;
for (let p = 1; p < image.length; p++) if (image[p]! > image[beam]!) beam = p;
const beamY = Math.floor(beam / size);
// The same pattern with only its systematic row through the beam left (what a crystal tilted off the zone to one
// row of reflections shows): every pixel more than 4 px from that row set to 0.
const row = Float32Array.from(image, (v, p) => (Math.abs(Math.floor(p / size) - beamY) <= 4 ? v : 0));

function pngFile(name: string, data: Float32Array): string {
  const file = join(tmp, name);
  writeFileSync(file, encodePng({ image: data, size }));
  return file;
}

describe('classify on a pattern whose spots make no lattice', () => {
  it('says so instead of listing candidates it cannot index, and reports the fitted lattice otherwise', async () => {
    const zone = pngFile('cu-001.png', image);
    const systematicRow = pngFile('cu-row.png', row);
    const json = await runCli(['classify', zone, systematicRow, '--json']);
    expect(json.code).toBe(ExitCode.ok);
    const [full, single] = JSON.parse(json.out).images;
    expect(full.lattice.label).toBe('A1-0');
    // a* and b* are (200)-type: 2/a = 24 px, at right angles
    const { a, b } = full.lattice.basis as { a: [number, number]; b: [number, number] };
    expect(Math.hypot(...a)).toBeCloseTo(2 * cellPixels, 0);
    expect(Math.hypot(...b)).toBeCloseTo(2 * cellPixels, 0);
    expect(a[0] * b[0] + a[1] * b[1]).toBeCloseTo(0, -1);
    expect(full.lattice.spots).toBeGreaterThan(20);
    expect(single.lattice).toBeNull();
    expect(single.candidates.every((c: { indexing: unknown }) => c.indexing === null)).toBe(true);

    const text = await runCli(['classify', zone, systematicRow]);
    expect(text.code).toBe(ExitCode.ok);
    const [, rowPart] = text.out.split('cu-row.png:');
    expect(rowPart).toMatch(
      /spots: no 2D lattice \(one row of spots, or fewer than three\): nothing to index/,
    );
    expect(rowPart).not.toMatch(/not indexed/);
    expect(text.out.split('cu-row.png:')[0]).toMatch(/225 \[001\]: a\* \(/);
  }, 60_000);
});
