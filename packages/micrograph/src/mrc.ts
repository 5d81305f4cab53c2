import { ByteReader, type PixelType, readPixels } from './bytes';
import type { Micrograph } from './types';

const MRC_MODES: Record<number, PixelType> = {
  0: 'int8',
  1: 'int16',
  2: 'float32',
  6: 'uint16',
  12: 'float16',
};
const MODE_OF: Partial<Record<PixelType, number>> = { int8: 0, int16: 1, float32: 2, uint16: 6 };

/** `true` when the bytes carry the MRC2014 `"MAP "` tag at offset 208. */
export function looksLikeMrc(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 212 &&
    bytes[208] === 0x4d &&
    bytes[209] === 0x41 &&
    bytes[210] === 0x50 &&
    bytes[211] === 0x20
  );
}

/**
 * Reads an MRC2014 / CCP4 file (modes 0 int8, 1 int16, 2 float32, 6 uint16, 12 float16).
 *
 * Byte order comes from the machine stamp (byte 212: `0x44` little endian, `0x11` big endian; files without a
 * stamp are taken as little endian). MRC stores section 0's row 0 at the bottom (y up), so rows are flipped to
 * put row 0 at the top, as IMOD and ImageJ display it. Of several sections only the first is returned, with
 * `frames` and a warning. The cell (`cella / mx`) gives a real-space pixel size in Å; MRC has no field for a
 * reciprocal-space calibration, so `reciprocalPerPixel` is never set.
 */
export function readMrc(bytes: Uint8Array, name = 'input.mrc'): Micrograph {
  const r = new ByteReader(bytes, name, 'mrc');
  if (bytes.length < 1024)
    throw r.fail('E_MICROGRAPH_TRUNCATED', `file has ${bytes.length} bytes, an MRC header alone has 1024`);
  const stamp = bytes[212];
  const le = stamp !== 0x11;
  const warnings: string[] = [];
  if (!looksLikeMrc(bytes)) warnings.push('no "MAP " tag at byte 208 (pre-2000 MRC?); read as MRC anyway');
  const nx = r.i32(0, le);
  const ny = r.i32(4, le);
  const nz = r.i32(8, le);
  const mode = r.i32(12, le);
  const type = MRC_MODES[mode];
  if (type === undefined)
    throw r.fail('E_MICROGRAPH_UNSUPPORTED', `mode ${mode} is not read (expected 0, 1, 2, 6 or 12)`);
  if (nz < 1) throw r.fail('E_MICROGRAPH_DIMENSIONS', `nz is ${nz}, expected at least 1`);
  const mx = r.i32(28, le);
  const my = r.i32(32, le);
  const cellA = [r.f32(40, le), r.f32(44, le), r.f32(48, le)];
  const nsymbt = r.i32(92, le);
  if (nsymbt < 0) throw r.fail('E_MICROGRAPH_FORMAT', `extended header size NSYMBT is ${nsymbt}`);
  const exttyp = r.ascii(104, 4).replace(/\0/g, '');
  const nversion = r.i32(108, le);
  const nlabl = Math.max(0, Math.min(10, r.i32(220, le)));
  const labels: string[] = [];
  for (let i = 0; i < nlabl; i++) labels.push(r.ascii(224 + 80 * i, 80).replace(/[\0 ]+$/, ''));
  const data = readPixels(r, 1024 + nsymbt, nx, ny, type, le, true);
  const frames = nz;
  if (nz > 1) warnings.push(`file holds ${nz} sections; returning the first`);
  const metadata: Record<string, unknown> = {
    mode,
    pixelType: type,
    nz,
    mx,
    my,
    cella: cellA,
    nsymbt,
    exttyp,
    nversion,
    labels,
    littleEndian: le,
  };
  let calibration: Micrograph['calibration'] = null;
  const sx = mx > 0 ? (cellA[0] as number) / mx : 0;
  if (sx > 0 && Number.isFinite(sx) && !(sx === 1 && cellA[0] === mx)) {
    calibration = { pixelSize: sx, raw: { scale: sx, units: 'Å' } };
    warnings.push(`real-space pixel size ${sx} Å from the cell; MRC carries no reciprocal-space calibration`);
  }
  return {
    width: nx,
    height: ny,
    data,
    format: 'mrc',
    calibration,
    ...(frames > 1 ? { frames } : {}),
    warnings,
    metadata,
  };
}

/** Options of {@link writeMrc}. */
export interface WriteMrcOptions {
  /** Pixel type to store; default `float32`. */
  type?: 'int8' | 'int16' | 'uint16' | 'float32';
  /** Real-space pixel size in Å written into the cell; default 1 (then readers report no calibration). */
  pixelSize?: number;
  /** Write big-endian (machine stamp `0x11 0x11`); default little endian. */
  bigEndian?: boolean;
  /** Number of identical sections to write; default 1. */
  sections?: number;
}

/**
 * Writes a single-image MRC2014 file (row 0 of `data` at the top, stored flipped as MRC expects). Values are
 * rounded and clamped for integer types. Meant for tests and for handing images to MRC tools.
 */
export function writeMrc(
  image: { width: number; height: number; data: Readonly<ArrayLike<number>> },
  options: WriteMrcOptions = {},
): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height)
    throw new RangeError(`data has ${data.length} values, expected ${width * height}`);
  const type = options.type ?? 'float32';
  const le = !options.bigEndian;
  const sections = options.sections ?? 1;
  const size = type === 'float32' ? 4 : type === 'int8' ? 1 : 2;
  const out = new Uint8Array(1024 + width * height * size * sections);
  const v = new DataView(out.buffer);
  const px = options.pixelSize ?? 1;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const d = data[i] as number;
    min = Math.min(min, d);
    max = Math.max(max, d);
    sum += d;
  }
  [width, height, sections, MODE_OF[type] as number, 0, 0, 0, width, height, sections].forEach((n, i) => {
    v.setInt32(4 * i, n, le);
  });
  [width * px, height * px, sections * px, 90, 90, 90].forEach((n, i) => {
    v.setFloat32(40 + 4 * i, n, le);
  });
  [1, 2, 3].forEach((n, i) => {
    v.setInt32(64 + 4 * i, n, le);
  });
  v.setFloat32(76, min, le);
  v.setFloat32(80, max, le);
  v.setFloat32(84, sum / data.length, le);
  v.setInt32(88, sections > 1 ? 0 : 1, le);
  v.setInt32(108, 20140, le);
  out.set([0x4d, 0x41, 0x50, 0x20], 208);
  out.set(le ? [0x44, 0x44, 0, 0] : [0x11, 0x11, 0, 0], 212);
  v.setInt32(220, 1, le);
  const label = '@sadp/micrograph writeMrc';
  for (let i = 0; i < label.length; i++) out[224 + i] = label.charCodeAt(i);
  for (let z = 0; z < sections; z++)
    for (let y = 0; y < height; y++) {
      const row = height - 1 - y;
      let o = 1024 + (z * height + y) * width * size;
      for (let x = 0; x < width; x++, o += size) {
        const d = data[row * width + x] as number;
        if (type === 'float32') v.setFloat32(o, d, le);
        else if (type === 'int8') v.setInt8(o, Math.max(-128, Math.min(127, Math.round(d))));
        else if (type === 'int16') v.setInt16(o, Math.max(-32768, Math.min(32767, Math.round(d))), le);
        else v.setUint16(o, Math.max(0, Math.min(65535, Math.round(d))), le);
      }
    }
  return out;
}
