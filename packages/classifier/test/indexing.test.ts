import { encodePng, simulate } from '@sadp/diffraction-sim';
import { CUBIC_VARIANTS, CUBIC_ZONES, cubicRegistry, latticeOfImage, membersOf } from '@sadp/lattice-labels';
import { writeMrc } from '@sadp/micrograph';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dmImage } from '../../micrograph/test/dm-writer';
import {
  decodeCalibratedImage,
  indexPattern,
  isClassifierError,
  overlayPng,
  overlaySvg,
  pngTextChunks,
  zoneBasis,
} from '../src/node';
import { cameraPattern } from './camera-pattern';

const CELL_PIXELS = 18;

describe('indexPattern', () => {
  it('indexes every representative structure along five zones and finds a within 0.5 %', () => {
    let indexed = 0;
    let worst = 0;
    for (const v of CUBIC_VARIANTS)
      for (const zone of CUBIC_ZONES.slice(0, 5)) {
        const { structure, image } = cameraPattern(v.id, zone, CELL_PIXELS);
        const calibration = 1 / (structure.cell.a * CELL_PIXELS);
        const fit = latticeOfImage(image);
        const member = fit?.label
          ? membersOf(cubicRegistry, fit.label).find(
              (m) => m.variant === v.id && m.zone.join() === zone.join(),
            )
          : undefined;
        if (!fit || !member) continue; // a look-alike fit (e.g. 221 [001] without its weak (100) spots)
        const result = indexPattern(fit, member, { calibration });
        expect(result).not.toBeNull();
        indexed++;
        const { lattice, spots, basis } = result!;
        worst = Math.max(worst, Math.abs(lattice!.a / structure.cell.a - 1));
        expect(Math.abs(lattice!.a - structure.cell.a)).toBeLessThan(
          Math.max(4 * lattice!.sigma, 0.005 * structure.cell.a),
        );
        for (const hkl of [basis.a, basis.b, ...spots.map((s) => s.hkl)]) {
          expect(hkl[0] * zone[0] + hkl[1] * zone[1] + hkl[2] * zone[2]).toBe(0);
          if (v.spaceGroup === 225 || v.spaceGroup === 227)
            expect(new Set(hkl.map((h) => h & 1)).size).toBe(1);
          if (v.spaceGroup === 229) expect((hkl[0] + hkl[1] + hkl[2]) & 1).toBe(0);
        }
        for (const s of spots) expect(s.d! / s.dExpected!).toBeCloseTo(1, 1);
      }
    console.log(
      `indexing: ${indexed} of ${CUBIC_VARIANTS.length * 5} patterns, worst a error ${(100 * worst).toFixed(2)} %`,
    );
    expect(indexed).toBeGreaterThanOrEqual(CUBIC_VARIANTS.length * 5 - 2);
    expect(worst).toBeLessThan(0.005);
  }, 60_000);

  it('gives Cu [001] the (200) and (020) basis and null for a candidate of another shape', () => {
    const { image } = cameraPattern('225', [0, 0, 1], CELL_PIXELS);
    const fit = latticeOfImage(image)!;
    const cu = membersOf(cubicRegistry, 'A1-0').find((m) => m.spaceGroup === 225)!;
    const result = indexPattern(fit, cu)!;
    expect(result.basis.a.map(Math.abs).sort()).toEqual([0, 0, 2]);
    expect(result.lattice).toBeNull(); // no calibration
    expect(result.cellPixels.value).toBeCloseTo(CELL_PIXELS, 1);
    const hexagonal = membersOf(cubicRegistry, 'C1-0').find((m) => m.spaceGroup === 225)!;
    expect(indexPattern(fit, hexagonal)).toBeNull();
    expect(zoneBasis(225, [1, 1, 1], 2 * Math.SQRT2, 2 * Math.SQRT2, Math.PI / 3)).not.toBeNull();
    expect(zoneBasis(225, [1, 1, 1], 2, 2, Math.PI / 2)).toBeNull();
  });
});

describe('overlays', () => {
  const { image } = cameraPattern('225', [0, 1, 1], CELL_PIXELS);
  const fit = latticeOfImage(image)!;
  const member = membersOf(cubicRegistry, fit.label!).find((m) => m.spaceGroup === 225)!;
  const indexing = indexPattern(fit, member, { calibration: 0.01 })!;

  it('draws an SVG of the image size with lattice vectors and hkl labels', () => {
    const svg = overlaySvg(image, { spots: fit.spots, indexing, title: '225 [011]' });
    expect(svg).toMatch(/^<svg [^>]*width="256" height="256"/);
    expect(svg).toContain('data:image/png;base64,');
    expect(svg.match(/<line class="[ab]"/g)).toHaveLength(2);
    const labels = [...svg.matchAll(/data-hkl="(-?\d+) (-?\d+) (-?\d+)"/g)].map((m) =>
      m.slice(1).map(Number),
    );
    expect(labels.length).toBeGreaterThan(4);
    expect(labels).toContainEqual(indexing.spots[0]!.hkl);
    expect(svg).toContain('text-decoration="overline"'); // negative indices
  });

  it('draws a PNG of the image size with coloured marks', () => {
    const png = PNG.sync.read(Buffer.from(overlayPng(image, { spots: fit.spots, indexing })));
    expect([png.width, png.height]).toEqual([256, 256]);
    let red = 0;
    for (let p = 0; p < png.data.length; p += 4) if (png.data[p]! > 200 && png.data[p + 1]! < 100) red++;
    expect(red).toBeGreaterThan(10); // the a vector
  });
});

describe('decodeCalibratedImage', () => {
  const pattern = simulate(cameraPattern('225', [0, 0, 1], CELL_PIXELS).structure, {
    zone: [0, 0, 1],
    size: 64,
    calibration: 0.02,
  });

  it('reads the calibration sadp simulate writes into PNG tEXt', () => {
    const bytes = encodePng(pattern);
    expect(pngTextChunks(bytes)['Calibration 1/A per px']).toBe('0.02');
    const image = decodeCalibratedImage(bytes, 'p.png');
    expect(image).toMatchObject({ width: 64, height: 64, format: 'png' });
    expect(image.calibration).toEqual({ reciprocalPerPixel: 0.02, source: 'PNG tEXt' });
    expect(decodeCalibratedImage(encodePng({ image: pattern.image, size: 64 })).calibration).toBeNull();
  });

  it('reads DM4 and MRC with the calibration they carry, as grey values 0..1', () => {
    const counts = Array.from(pattern.image, (v) => 5000 * v - 10);
    const dm = decodeCalibratedImage(dmImage(4, 64, 64, counts, { scale: 0.2, units: '1/nm' }), 'p.dm4');
    expect(dm.format).toBe('dm4');
    expect(dm.calibration?.reciprocalPerPixel).toBeCloseTo(0.02, 6);
    expect(dm.calibration?.source).toBe('DM4 file');
    expect(Math.max(...dm.data)).toBe(1);
    expect(Math.min(...dm.data)).toBe(0);
    const mrc = decodeCalibratedImage(writeMrc({ width: 64, height: 64, data: counts }), 'p.mrc');
    expect(mrc.calibration).toBeNull();
    expect(Array.from(mrc.data)).toEqual(Array.from(dm.data));
  });

  it('names the file and every format it reads for anything else', () => {
    try {
      decodeCalibratedImage(new TextEncoder().encode('hello world, not an image'), 'notes.txt');
      expect.unreachable();
    } catch (error) {
      expect(isClassifierError(error, 'E_CLASSIFIER_IMAGE')).toBe(true);
      expect((error as Error).message).toMatch(
        /^notes\.txt: unsupported image format: expected PNG, .*DM4.*EMD/,
      );
    }
    expect(() => decodeCalibratedImage(new Uint8Array(100), 'cut.dm4')).toThrow(/cut\.dm4/);
  });
});
