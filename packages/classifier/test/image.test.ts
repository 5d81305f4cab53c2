import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@sadp/diffraction-sim';
import jpeg from 'jpeg-js';
import UTIF from 'utif2';
import { afterAll, describe, expect, it } from 'vitest';
import { dihedralView } from '../src/model-input';
import { readImage, toModelInput } from '../src/node';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-images-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A 40×40 pattern: a few Gaussian spots of different brightness on black. */
const size = 40;
const spots = [
  [20, 20, 1],
  [10, 14, 0.6],
  [30, 26, 0.3],
] as const;
const pattern = new Float32Array(size * size);
for (const [cx, cy, peak] of spots) {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++)
      pattern[y * size + x]! += peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4.5);
  }
}
const rgba = new Uint8Array(4 * size * size);
pattern.forEach((v, p) => {
  rgba.fill(Math.round(255 * v), 4 * p, 4 * p + 3);
  rgba[4 * p + 3] = 255;
});

function maxError(a: Float32Array, b: Float32Array): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  return e;
}

function npy(values: Uint16Array, width: number, height: number): Buffer {
  let header = `{'descr': '<u2', 'fortran_order': False, 'shape': (${height}, ${width}), }`;
  header += `${' '.repeat(64 - ((10 + header.length + 1) % 64))}\n`;
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]);
}

/** A minimal uncompressed 16-bit greyscale TIFF (big-endian, one strip), as microscope cameras write them. */
function tiff16(values: Uint16Array, width: number, height: number): Buffer {
  const entries: [number, number, number][] = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, 16],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 8 + 2 + 9 * 12 + 4],
    [277, 3, 1],
    [278, 3, height],
    [279, 4, 2 * values.length],
  ];
  const out = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + 2 * values.length);
  out.write('MM\0*', 0, 'latin1');
  out.writeUInt32BE(8, 4);
  out.writeUInt16BE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + 12 * i;
    out.writeUInt16BE(tag, at);
    out.writeUInt16BE(type, at + 2);
    out.writeUInt32BE(1, at + 4);
    if (type === 3) out.writeUInt16BE(value, at + 8);
    else out.writeUInt32BE(value, at + 8);
  });
  const pixels = 8 + 2 + entries.length * 12 + 4;
  for (let i = 0; i < values.length; i++) out.writeUInt16BE(values[i]!, pixels + 2 * i);
  return out;
}

describe('readImage', () => {
  it('reads PNG, JPEG, 8- and 16-bit TIFF and 16-bit .npy to the same grey pattern', () => {
    const files: Record<string, Uint8Array | Buffer> = {
      'p.png': encodePng({ image: pattern, size }),
      'p.jpg': jpeg.encode({ data: rgba, width: size, height: size }, 95).data,
      'p.tif': new Uint8Array(UTIF.encodeImage(rgba, size, size)),
      'p.npy': npy(
        Uint16Array.from(pattern, (v) => Math.round(65535 * v)),
        size,
        size,
      ),
      'p16.tif': tiff16(
        Uint16Array.from(pattern, (v) => Math.round(4000 * v)),
        size,
        size,
      ),
    };
    const tolerance: Record<string, number> = {
      'p.png': 0.003,
      'p.jpg': 0.05,
      'p.tif': 0.003,
      'p.npy': 1e-4,
      'p16.tif': 1e-3,
    };
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(join(tmp, name), bytes);
      const image = readImage(join(tmp, name));
      expect([image.width, image.height], name).toEqual([size, size]);
      expect(maxError(image.data, pattern), name).toBeLessThan(tolerance[name]!);
    }
  });

  it('names the file and the problem for corrupt or unknown files', () => {
    writeFileSync(join(tmp, 'cut.png'), Buffer.from(encodePng({ image: pattern, size })).subarray(0, 60));
    expect(() => readImage(join(tmp, 'cut.png'))).toThrow(/cut\.png: not a readable PNG/);
    writeFileSync(join(tmp, 'a.npy'), Buffer.from('\x93NUMPY\x01\x00\x10\x00{"descr": "<c8"}', 'latin1'));
    expect(() => readImage(join(tmp, 'a.npy'))).toThrow(/a\.npy: unsupported dtype/);
    writeFileSync(join(tmp, 'x.bmp'), 'BM....');
    expect(() => readImage(join(tmp, 'x.bmp'))).toThrow(/x\.bmp: unsupported image format/);
  });
});

describe('toModelInput', () => {
  it('keeps a spot where it is when shrinking, and scales the brightest pixel to 1', () => {
    const big = { width: 256, height: 256, data: new Float32Array(256 * 256) };
    big.data[100 * 256 + 60] = 0.25; // one bright pixel
    const small = toModelInput(big, 64);
    expect(Math.max(...small)).toBe(1);
    expect(small.indexOf(1)).toBe(25 * 64 + 15);
  });

  it('maps a central square of any side onto the input: zoom in, or pad with 0 beyond the image', () => {
    const image = { width: 128, height: 128, data: new Float32Array(128 * 128) };
    image.data[64 * 128 + 64 + 20] = 1; // 20.5 px right of the centre (pixel centres at +0.5)
    const spotColumn = (side: number) => toModelInput(image, 64, undefined, side).indexOf(1) % 64;
    expect(spotColumn(128)).toBe(32 + 10); // halved: 10.25 px right of the centre
    expect(spotColumn(64)).toBe(32 + 20); // the central 64 px at full resolution
    const padded = toModelInput(image, 64, undefined, 256);
    expect(padded.indexOf(1) % 64).toBe(32 + 5);
    expect(padded[0]).toBe(0);
    expect(() => toModelInput(image, 64, undefined, 0)).toThrow(/side must be positive/);
  });

  it('crops a wide image to its central square', () => {
    const wide = { width: 300, height: 100, data: new Float32Array(300 * 100).fill(0.5) };
    wide.data[50 * 300 + 10] = 1; // outside the central 100×100 square
    const out = toModelInput(wide, 50);
    expect(new Set(out)).toEqual(new Set([1]));
  });
});

describe('dihedralView', () => {
  const size = 5;
  const src = Float32Array.from({ length: size * size }, (_, i) => i);
  const at = (view: Float32Array, x: number, y: number) => view[y * size + x];
  const turned = (k: number) => {
    const out = new Float32Array(size * size);
    dihedralView(src, out, size, k);
    return out;
  };

  it('gives the eight symmetries of the square, each once, exactly on the grid', () => {
    const views = Array.from({ length: 8 }, (_, k) => turned(k));
    expect(views[0]).toEqual(src);
    expect(new Set(views.map((v) => v.join())).size).toBe(8);
    for (const v of views) expect([...v].sort((a, b) => a - b)).toEqual([...src]); // a permutation
    // a quarter turn moves the top-left corner to a neighbouring corner, two to the opposite one
    expect(at(views[2]!, size - 1, size - 1)).toBe(at(src, 0, 0));
    expect([at(src, size - 1, 0), at(src, 0, size - 1)]).toContain(at(views[1]!, 0, 0));
    // four quarter turns are the identity; k = 4 is the transpose
    let v = src;
    for (let i = 0; i < 4; i++) {
      const next = new Float32Array(size * size);
      dihedralView(v, next, size, 1);
      v = next;
    }
    expect(v).toEqual(src);
    expect(at(views[4]!, 1, 3)).toBe(at(src, 3, 1));
  });
});
