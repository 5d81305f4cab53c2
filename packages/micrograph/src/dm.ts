import { ByteReader, type PixelType, readPixels } from './bytes';
import type { Calibration, Micrograph } from './types';
import { calibrationFromUnits, reciprocalFromCamera } from './units';

/** A large array left in the file: its element type code, count and byte offset. */
interface DmArrayRef {
  kind: 'array';
  type: number;
  count: number;
  offset: number;
}
/** A tag group: its entries in file order (labels may be empty). */
interface DmGroup {
  kind: 'group';
  entries: Array<{ label: string; value: DmValue }>;
}
type DmValue = number | boolean | string | number[] | DmArrayRef | DmGroup | DmValue[];

const SIMPLE_SIZE: Record<number, number> = {
  2: 2,
  3: 4,
  4: 2,
  5: 4,
  6: 4,
  7: 8,
  8: 1,
  9: 1,
  10: 1,
  11: 8,
  12: 8,
};
const ARRAY_TYPE: Record<number, PixelType> = {
  2: 'int16',
  3: 'int32',
  4: 'uint16',
  5: 'uint32',
  6: 'float32',
  7: 'float64',
  9: 'int8',
  10: 'uint8',
  11: 'int64',
  12: 'uint64',
};
const DATA_TYPE: Record<number, PixelType> = {
  1: 'int16',
  2: 'float32',
  6: 'uint8',
  7: 'int32',
  9: 'int8',
  10: 'uint16',
  11: 'uint32',
  12: 'float64',
  14: 'uint8',
};
/** Image `DataType`s that are not read: complex (including the packed FFT layouts, old 5 and new 27/28) and RGB. */
const NOT_READ: Record<number, string> = {
  3: 'complex',
  4: 'obsolete',
  5: 'packed complex FFT',
  8: 'RGB',
  13: 'complex',
  23: 'RGB',
  27: 'packed complex FFT',
  28: 'packed complex FFT',
};
/** Arrays up to this many elements are read into JS values (units strings, small lists); larger ones and `Data` stay in the file. */
const INLINE_ARRAY = 256;
const MAX_DEPTH = 64;

class DmParser {
  pos = 0;
  readonly wide: boolean;
  constructor(
    readonly r: ByteReader,
    readonly version: 3 | 4,
    readonly le: boolean,
  ) {
    this.wide = version === 4;
  }
  /** A size or count field: 4 bytes (DM3) or 8 bytes (DM4), big endian. */
  size(what: string): number {
    const v = this.wide ? this.r.u64(this.pos, false, what) : this.r.u32(this.pos, false, what);
    this.pos += this.wide ? 8 : 4;
    return v;
  }
  simple(type: number): number | boolean {
    const { r, le } = this;
    const o = this.pos;
    const n = SIMPLE_SIZE[type];
    if (n === undefined) throw r.fail('E_MICROGRAPH_FORMAT', `unknown tag data type ${type} at byte ${o}`);
    this.pos += n;
    switch (type) {
      case 2:
        return r.i16(o, le, 'a tag value');
      case 3:
        return r.i32(o, le, 'a tag value');
      case 4:
        return r.u16(o, le, 'a tag value');
      case 5:
        return r.u32(o, le, 'a tag value');
      case 6:
        return r.f32(o, le, 'a tag value');
      case 7:
        return r.f64(o, le, 'a tag value');
      case 8:
        return r.u8(o, 'a tag value') !== 0;
      case 9:
      case 10:
        return r.u8(o, 'a tag value');
      case 11:
        return r.i64(o, le, 'a tag value');
      default:
        return r.u64(o, le, 'a tag value');
    }
  }
  group(depth: number): DmGroup {
    const { r } = this;
    if (depth > MAX_DEPTH) throw r.fail('E_MICROGRAPH_FORMAT', `tag groups nested deeper than ${MAX_DEPTH}`);
    r.need(this.pos, 2, 'a tag group header');
    this.pos += 2; // sorted, open
    const n = this.size('a tag count');
    if (n > r.length - this.pos)
      throw r.fail(
        'E_MICROGRAPH_FORMAT',
        `tag group announces ${n} tags in ${r.length - this.pos} remaining bytes`,
      );
    const entries: DmGroup['entries'] = [];
    for (let i = 0; i < n; i++) {
      const kind = r.u8(this.pos, 'a tag');
      const labelLength = r.u16(this.pos + 1, false, 'a tag label');
      const label = decodeLatin1(r, this.pos + 3, labelLength);
      this.pos += 3 + labelLength;
      if (this.wide) this.size('a tag size');
      if (kind === 20) entries.push({ label, value: this.group(depth + 1) });
      else if (kind === 21) entries.push({ label, value: this.data(label) });
      else if (kind === 0) break;
      else
        throw r.fail(
          'E_MICROGRAPH_FORMAT',
          `tag "${label}" has kind ${kind}, expected 20 (group) or 21 (data)`,
        );
    }
    return { kind: 'group', entries };
  }
  data(label: string): DmValue {
    const { r } = this;
    if (r.ascii(this.pos, 4) !== '%%%%')
      throw r.fail('E_MICROGRAPH_FORMAT', `tag "${label}" lacks its "%%%%" delimiter at byte ${this.pos}`);
    this.pos += 4;
    const ninfo = this.size('a tag info count');
    if (ninfo < 1 || ninfo > 4096)
      throw r.fail('E_MICROGRAPH_FORMAT', `tag "${label}" has ${ninfo} info entries`);
    const info: number[] = [];
    for (let i = 0; i < ninfo; i++) info.push(this.size('a tag info entry'));
    const head = info[0] as number;
    if (head === 15) return this.struct(info.slice(1), label);
    if (head === 20) {
      const elem = info[1] as number;
      const count = info[info.length - 1] as number;
      if (elem === 15) {
        const fields = structFields(info.slice(2, -1));
        const bytes = fields.reduce((s, t) => s + (SIMPLE_SIZE[t] ?? Number.NaN), 0) * count;
        if (!(bytes <= r.length - this.pos))
          throw r.fail('E_MICROGRAPH_TRUNCATED', `array of structs "${label}" overruns the file`);
        const out: DmValue[] = [];
        for (let i = 0; i < count; i++) out.push(fields.map((t) => this.simple(t) as number));
        return out;
      }
      const size = SIMPLE_SIZE[elem];
      if (size === undefined)
        throw r.fail('E_MICROGRAPH_UNSUPPORTED', `array "${label}" of element type ${elem}`);
      if (count * size > r.length - this.pos)
        throw r.fail(
          'E_MICROGRAPH_TRUNCATED',
          `array "${label}" of ${count} elements overruns the file (${r.length} bytes)`,
        );
      if (count > INLINE_ARRAY || label === 'Data') {
        const ref: DmArrayRef = { kind: 'array', type: elem, count, offset: this.pos };
        this.pos += count * size;
        return ref;
      }
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(Number(this.simple(elem)));
      return out;
    }
    if (head === 18) {
      const length = info[1] as number;
      const s = decodeLatin1(r, this.pos, length);
      this.pos += length;
      return s;
    }
    return this.simple(head);
  }
  struct(info: number[], label: string): number[] {
    const fields = structFields(info);
    if (fields.length === 0 && info.length < 2)
      throw this.r.fail('E_MICROGRAPH_FORMAT', `struct "${label}" has no field list`);
    return fields.map((t) => Number(this.simple(t)));
  }
}

/** Field types of a struct info list `[nameLength, nFields, (fieldNameLength, fieldType) × nFields]`. */
function structFields(info: number[]): number[] {
  const n = info[1] ?? 0;
  // A field count the info list cannot hold marks a corrupt tag: one unknown type makes the reader throw.
  if (2 + 2 * n > info.length) return [-1];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(info[3 + 2 * i] ?? -1);
  return out;
}

function decodeLatin1(r: ByteReader, offset: number, length: number): string {
  return r.ascii(offset, length);
}

function child(g: DmValue | undefined, label: string): DmValue | undefined {
  if (g === undefined || typeof g !== 'object' || !('kind' in g) || g.kind !== 'group') return undefined;
  return g.entries.find((e) => e.label === label)?.value;
}
function path(g: DmValue | undefined, ...labels: string[]): DmValue | undefined {
  let v = g;
  for (const l of labels) v = child(v, l);
  return v;
}
function groupValues(g: DmValue | undefined): DmValue[] {
  return g !== undefined && typeof g === 'object' && 'kind' in g && g.kind === 'group'
    ? g.entries.map((e) => e.value)
    : [];
}
function unitsString(v: DmValue | undefined): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return String.fromCharCode(...(v as number[]).filter((c) => typeof c === 'number'));
  return '';
}

/** `true` when the bytes start like a DM3 or DM4 file (big-endian version 3 or 4, byte-order flag 0 or 1). */
export function looksLikeDm(bytes: Uint8Array): 3 | 4 | 0 {
  if (bytes.length < 16 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0) return 0;
  const version = bytes[3];
  if (version !== 3 && version !== 4) return 0;
  const flag = version === 3 ? bytes.subarray(8, 12) : bytes.subarray(12, 16);
  return flag[0] === 0 && flag[1] === 0 && flag[2] === 0 && (flag[3] === 0 || flag[3] === 1) ? version : 0;
}

/**
 * The image of `ImageList` to read: the largest that is not RGB. The thumbnail is an RGB (DataType 23) image,
 * usually first; an RGB image alone is refused when another of a type not read (complex, packed) is present.
 */
function pickImage(images: DmValue[], r: ByteReader): { image: DmValue; ref: DmArrayRef } {
  let best: { image: DmValue; ref: DmArrayRef; rgb: boolean } | null = null;
  for (const image of images) {
    const ref = path(image, 'ImageData', 'Data');
    const rgb = Number(path(image, 'ImageData', 'DataType')) === 23;
    if (!ref || typeof ref !== 'object' || !('kind' in ref) || ref.kind !== 'array') continue;
    if (!best || (best.rgb && !rgb) || (best.rgb === rgb && ref.count > best.ref.count))
      best = { image, ref, rgb };
  }
  if (!best) throw r.fail('E_MICROGRAPH_FORMAT', 'no image data found in ImageList');
  const others = images.map((i) => Number(path(i, 'ImageData', 'DataType'))).filter((t) => t !== 23);
  if (best.rgb && others.length > 0)
    throw r.fail(
      'E_MICROGRAPH_UNSUPPORTED',
      `image DataType ${others[others.length - 1]} (complex or packed) is not read`,
    );
  return { image: best.image, ref: best.ref };
}

/**
 * An image's calibration: dimension 0 of `ImageData.Calibrations` (`Scale`, `Units`), the voltage and camera
 * length of `Microscope Info`, the detector pixel × binning of `Acquisition`, and a reciprocal scale derived from
 * those three when none is stored (with a warning).
 */
function dmCalibration(
  image: DmValue,
  warnings: string[],
): { calibration: Calibration | null; scale: number; units: string } {
  let calibration: Calibration | null = null;
  const dim0 = groupValues(path(image, 'ImageData', 'Calibrations', 'Dimension'))[0];
  const scale = Number(child(dim0, 'Scale'));
  const units = unitsString(child(dim0, 'Units'));
  if (dim0 !== undefined) calibration = calibrationFromUnits(scale, units, warnings);
  const micro = path(image, 'ImageTags', 'Microscope Info');
  const voltage = Number(child(micro, 'Voltage'));
  const cameraLength = Number(child(micro, 'STEM Camera Length') ?? child(micro, 'Camera Length'));
  if (Number.isFinite(voltage) && voltage > 0) calibration = { ...calibration, voltage };
  if (Number.isFinite(cameraLength) && cameraLength > 0) calibration = { ...calibration, cameraLength };
  // Detector pixel (µm) × binning: with camera length and voltage, a reciprocal calibration when none is stored
  const acquisition = path(image, 'ImageTags', 'Acquisition');
  const pixelTag = path(acquisition, 'Device', 'CCD', 'Pixel Size (um)');
  const detector = Number(Array.isArray(pixelTag) ? pixelTag[0] : (groupValues(pixelTag)[0] ?? pixelTag));
  const binningTag = path(acquisition, 'Parameters', 'High Level', 'Binning');
  const binning = Number(Array.isArray(binningTag) ? binningTag[0] : (groupValues(binningTag)[0] ?? 1));
  if (detector > 0) calibration = { ...calibration, detectorPixel: detector * (binning > 0 ? binning : 1) };
  if (calibration && calibration.reciprocalPerPixel === undefined) {
    const derived = reciprocalFromCamera(
      calibration.cameraLength,
      calibration.voltage,
      calibration.detectorPixel,
    );
    if (derived !== undefined) {
      calibration = { ...calibration, reciprocalPerPixel: derived };
      warnings.push(
        `reciprocal calibration ${derived.toPrecision(4)} Å⁻¹/pixel derived from camera length ${calibration.cameraLength} mm, ${calibration.voltage} V and detector pixel ${calibration.detectorPixel} µm`,
      );
    }
  }
  return { calibration, scale, units };
}

/**
 * Reads a Gatan DigitalMicrograph DM3 or DM4 file: walks the tag tree, takes the largest non-RGB image of
 * `ImageList` (not the thumbnail), its `ImageData.Dimensions`, `DataType` and `Data`, and the calibration of dimension 0 from
 * `ImageData.Calibrations.Dimension` (`Scale`, `Units`). Reciprocal units (`1/nm`, `nm-1`, `1/Å`) become
 * `reciprocalPerPixel` in Å⁻¹; real units are reported as `pixelSize` in Å with a warning. `Voltage` (V) and
 * `STEM Camera Length` (mm) come from `ImageTags.Microscope Info` when present. Rows are stored top first.
 */
export function readDm(bytes: Uint8Array, name = 'input.dm3'): Micrograph {
  const version = looksLikeDm(bytes);
  const r = new ByteReader(bytes, name, version === 4 ? 'dm4' : 'dm3');
  if (version === 0)
    throw r.fail(
      'E_MICROGRAPH_FORMAT',
      'not a DigitalMicrograph file (expected version 3 or 4 in the first 4 bytes)',
    );
  const le = (version === 3 ? r.u32(8, false) : r.u32(12, false)) === 1;
  const p = new DmParser(r, version, le);
  p.pos = version === 3 ? 12 : 16;
  const root = p.group(0);
  const images = groupValues(child(root, 'ImageList'));
  const { image, ref } = pickImage(images, r);
  const dims = groupValues(path(image, 'ImageData', 'Dimensions')).map(Number);
  const width = dims[0] ?? 0;
  const height = dims[1] ?? 1;
  const depth = dims.slice(2).reduce((a, b) => a * b, 1);
  const dataType = Number(path(image, 'ImageData', 'DataType'));
  const notRead = NOT_READ[dataType];
  if (notRead)
    throw r.fail('E_MICROGRAPH_UNSUPPORTED', `image DataType ${dataType} (${notRead}) is not read`);
  if (dims.length === 1 || (dims.length === 2 && height === 1))
    throw r.fail(
      'E_MICROGRAPH_UNSUPPORTED',
      `1D data of ${width} values (a spectrum?); expected a 2D image or a stack of them`,
    );
  const type = DATA_TYPE[dataType] ?? ARRAY_TYPE[ref.type];
  if (type === undefined) throw r.fail('E_MICROGRAPH_UNSUPPORTED', `image DataType ${dataType} is not read`);
  const arrayBytes = ref.count * (SIMPLE_SIZE[ref.type] as number);
  const bytesPerPixel = {
    int8: 1,
    uint8: 1,
    int16: 2,
    uint16: 2,
    float16: 2,
    int32: 4,
    uint32: 4,
    float32: 4,
    float64: 8,
    int64: 8,
    uint64: 8,
  }[type];
  if (
    !(width > 0 && height > 0 && Number.isSafeInteger(width * height * depth)) ||
    width * height * depth * bytesPerPixel !== arrayBytes
  )
    throw r.fail(
      'E_MICROGRAPH_DIMENSIONS',
      `dimensions ${dims.join('×')} of ${type} do not match the ${arrayBytes} data bytes`,
    );
  const data = readPixels(r, ref.offset, width, height, type, le);
  const warnings: string[] = [];
  if (depth > 1) warnings.push(`image holds ${depth} frames; returning the first`);
  const { calibration, scale, units } = dmCalibration(image, warnings);
  const metadata: Record<string, unknown> = {
    version,
    littleEndian: le,
    dataType,
    dimensions: dims,
    images: images.length,
    scale,
    units,
  };
  return {
    width,
    height,
    data,
    format: version === 4 ? 'dm4' : 'dm3',
    calibration,
    ...(depth > 1 ? { frames: depth } : {}),
    warnings,
    metadata,
  };
}
