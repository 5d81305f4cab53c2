import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { readStructures } from '@sadp/cif';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import jpeg from 'jpeg-js';
import UTIF from 'utif2';
import { afterAll, describe, expect, it } from 'vitest';
import { dmImage } from '../../micrograph/test/dm-writer';
import {
  checkImages,
  decodeCalibratedImage,
  type GreyImage,
  imageSize,
  isClassifierError,
  readImage,
} from '../src/node';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-hostile-images-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A greyscale PNG written by hand (any size in the header, any bit depth), rows from `rows` or zero. */
function greyPng(width: number, height: number, depth: 8 | 16, rows?: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  const idat = deflateSync(rows ?? new Uint8Array(1024));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ]);
}

function npy(descr: string, shape: [number, number], values: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape[0]}, ${shape[1]}), }`;
  header += ' '.repeat(63 - ((header.length + 10) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  const body = new Float64Array(values);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(body.buffer)]);
}

/** A simulated Si [011] pattern at 20 counts with a background, as a grey image. */
function lowCountPattern(seed: number): GreyImage {
  const si = readStructures(
    "data_si\n_cell_length_a 5.431\n_cell_length_b 5.431\n_cell_length_c 5.431\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'F d -3 m'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSi Si 0 0 0\n",
  )[0]!;
  const p = simulate(si, {
    zone: [0, 1, 1],
    size: 256,
    seed,
    noise: { poisson: 20 },
    background: { constant: 0.03, diffuse: 0.1 },
  });
  return { width: p.size, height: p.size, data: p.image };
}

describe('images that carry no information', () => {
  it('flags blank, NaN-only and all-negative images, and repeats, with reasons', () => {
    const black = file('black.png', greyPng(64, 64, 8, new Uint8Array(65 * 64)));
    const nan = file('nan.npy', npy('<f8', [32, 32], new Array(1024).fill(Number.NaN)));
    const negative = file('neg.npy', npy('<f8', [32, 32], new Array(1024).fill(-3)));
    const images = [black, black, nan, negative].map((f) => readImage(f));
    const checks = checkImages(images);
    expect(checks.map((c) => c.usable)).toEqual([false, false, false, false]);
    expect(checks[0]!.reason).toMatch(/blank: every pixel is 0/);
    expect(checks[1]).toMatchObject({ code: 'W_IMAGE_REPEATED', duplicateOf: 0 });
    expect(checks[2]!.reason).toMatch(/every value \(1024\) is NaN or ±Inf/);
    expect(checks[3]!.reason).toMatch(/no value above 0/);
  });

  it('warns about some NaN values and still reads the rest', () => {
    const values = Array.from({ length: 1024 }, (_, i) => (i === 5 ? Number.POSITIVE_INFINITY : i % 7));
    const image = readImage(file('some-nan.npy', npy('<f8', [32, 32], values)));
    expect(image.warnings?.[0]?.message).toMatch(/1 of 1024 values are NaN or ±Inf; read as 0/);
    expect(image.defect).toBeUndefined();
  });

  it('flags pure noise of several kinds and keeps simulated patterns at 20 counts', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const noise = (draw: () => number): GreyImage => ({
      width: 256,
      height: 256,
      data: Float32Array.from({ length: 256 * 256 }, draw),
    });
    const noisy = [
      noise(() => Math.floor(random() * 256) / 255),
      noise(() => (random() < 0.05 ? 1 : 0)),
      noise(() => (random() < 0.001 ? 1 : 0.1 * random())),
    ];
    for (const check of checkImages(noisy))
      expect(check).toMatchObject({ usable: false, code: 'W_IMAGE_NOISE' });
    const patterns = [1, 2, 3].map(lowCountPattern);
    for (const check of checkImages(patterns)) expect(check.usable).toBe(true);
  }, 60_000);
});

describe('micrographs of the specimen', () => {
  it('a DM4 calibrated in real space (nm per pixel) is not used as a diffraction pattern', () => {
    const data = Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 7) * 10);
    const image = decodeCalibratedImage(dmImage(4, 64, 64, data, { scale: 0.2, units: 'nm' }), 'stem.dm4');
    expect(image.calibration).toBeNull();
    expect(image.defect).toMatch(/real-space image \(2\.00 Å per pixel\), not a diffraction pattern/);
    const [check] = checkImages([image]);
    expect(check!.usable).toBe(false);
    // the same pixels in reciprocal units are a pattern like any other
    const pattern = decodeCalibratedImage(
      dmImage(4, 64, 64, data, { scale: 0.02, units: '1/nm' }),
      'sadp.dm4',
    );
    expect(pattern.defect).toBeUndefined();
    expect(pattern.calibration?.reciprocalPerPixel).toBeCloseTo(0.002, 6);
  });
});

describe('image size from the header, before decoding', () => {
  it('refuses a 20000×20000 PNG naming the file, its size and the limit', () => {
    const huge = file('huge.png', greyPng(20000, 20000, 8));
    expect(huge.length).toBeGreaterThan(0);
    try {
      readImage(huge);
      expect.unreachable();
    } catch (error) {
      expect(isClassifierError(error, 'E_CLASSIFIER_LIMIT')).toBe(true);
      expect((error as Error).message).toMatch(
        /huge\.png: 20000×20000 pixels \(381 MP\), more than the limit of 64 MP/,
      );
    }
    expect(() => readImage(huge, { maxPixels: 100 })).toThrow(/limit/);
  });

  it('reads sizes of JPEG, TIFF and NPY headers', () => {
    const rgba = new Uint8Array(4 * 12 * 8).fill(200);
    expect(imageSize(jpeg.encode({ data: rgba, width: 12, height: 8 }, 90).data)).toMatchObject({
      format: 'jpeg',
      width: 12,
      height: 8,
    });
    expect(imageSize(new Uint8Array(UTIF.encodeImage(rgba, 12, 8)))).toMatchObject({
      format: 'tiff',
      width: 12,
      height: 8,
      pages: 1,
    });
    const big = npy('<f8', [30000, 30000], []);
    expect(() => readImage(file('big.npy', big))).toThrow(/30000×30000 pixels/);
  });

  it('names a text file that claims to be a PNG', () => {
    const fake = file('fake.png', 'hello, I am text');
    expect(() => readImage(fake)).toThrow(/fake\.png: unsupported image format/);
  });
});

describe('formats read as the file means', () => {
  it('reads a 16-bit PNG at full depth', () => {
    const rows = Buffer.alloc(2 * (1 + 2 * 2));
    for (const [y, values] of [
      [0, [1000, 1001]],
      [1, [1002, 60000]],
    ] as const) {
      values.forEach((v, x) => {
        rows.writeUInt16BE(v, y * 5 + 1 + 2 * x);
      });
    }
    const image = readImage(file('deep.png', greyPng(2, 2, 16, rows)));
    expect(image.data[1]! - image.data[0]!).toBeCloseTo(1 / 65535, 6);
  });

  it('turns a JPEG as its EXIF orientation asks, with a warning', () => {
    const width = 16;
    const height = 8;
    const rgba = new Uint8Array(4 * width * height);
    for (let p = 0; p < width * height; p++)
      rgba.fill(p % width < 4 && p < width * 4 ? 255 : 0, 4 * p, 4 * p + 4);
    const plain = Buffer.from(jpeg.encode({ data: rgba, width, height }, 95).data);
    const exif = Buffer.from([
      ...[0xff, 0xe1, 0x00, 0x22],
      ...Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'),
      ...[0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00],
      ...[0x00, 0x00, 0x00, 0x00],
    ]);
    const rotated = readImage(
      file('exif.jpg', Buffer.concat([plain.subarray(0, 2), exif, plain.subarray(2)])),
    );
    expect(rotated.width).toBe(height);
    expect(rotated.height).toBe(width);
    expect(rotated.warnings?.[0]).toMatchObject({ code: 'W_IMAGE_ORIENTATION' });
    // the bright top-left block of the stored image is at the top right once turned 90° clockwise
    expect(rotated.data[rotated.width - 1]!).toBeGreaterThan(0.8);
    expect(rotated.data[0]!).toBeLessThan(0.2);
  });

  it('warns that pages after the first of a TIFF are skipped', () => {
    const one = Buffer.from(UTIF.encodeImage(new Uint8Array(4 * 4 * 4).fill(90), 4, 4));
    const le = one[0] === 0x49;
    const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const set32 = (b: Buffer, v: number, at: number) =>
      le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at);
    const ifd = u32(one, 4);
    const entries = le ? one.readUInt16LE(ifd) : one.readUInt16BE(ifd);
    const copy = Buffer.from(one.subarray(ifd, ifd + 2 + 12 * entries + 4));
    set32(copy, 0, 2 + 12 * entries);
    const two = Buffer.concat([one, copy]);
    set32(two, one.length, ifd + 2 + 12 * entries);
    const image = readImage(file('pages.tif', two));
    expect(image.warnings?.[0]).toMatchObject({
      code: 'W_IMAGE_PAGES',
      message: '2 pages; only the first is read',
    });
  });

  it('png from the simulator decodes unchanged', () => {
    const rgba = encodePng({ image: new Float32Array(16).fill(0.5), size: 4 });
    expect(readImage(file('sim.png', rgba)).warnings).toBeUndefined();
  });
});
