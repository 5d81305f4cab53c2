import type { GreyImage } from '@sadp/raster';
import { PNG } from 'pngjs';
import type { ResolvedSettings } from './settings';

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** 8 (default) or 16 bits per grey sample. */
  bitDepth?: 8 | 16;
  /** zlib level 0-9, default 6 (rows are written unfiltered: sparse spot images compress best that way). */
  deflateLevel?: number;
  /** Extra tEXt entries (Latin-1 keys of 1-79 characters; values are written as Latin-1). */
  metadata?: Record<string, string>;
}

/**
 * A simulated pattern as {@link encodePng} takes it: a square image and, for the geometry metadata, the settings it
 * was made with (any other image: `@sadp/raster`'s `GreyImage`).
 */
export interface EncodableImage {
  /** size×size greyscale, row-major, values 0..1 (clamped). */
  image: Readonly<ArrayLike<number>>;
  size: number;
  /** When given, the geometry is written as tEXt chunks (see {@link patternMetadata}). */
  settings?: ResolvedSettings;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function textChunk(key: string, value: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(key) || key.trim() !== key) {
    throw new RangeError(`PNG tEXt key must be 1-79 printable Latin-1 characters, got "${key}"`);
  }
  const body = Buffer.from(`${key}\0${value}`, 'latin1');
  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set([0x74, 0x45, 0x58, 0x74], 4); // "tEXt"
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk, 4, 8 + body.length));
  return chunk;
}

const num = (v: number) => String(Number(v.toPrecision(10)));

/** The tEXt entries written for a pattern: zone, kV, λ, camera length, pixel size, calibration, … */
export function patternMetadata(settings: ResolvedSettings): Record<string, string> {
  const meta: Record<string, string> = {
    Software: '@sadp/diffraction-sim',
    Zone: `[${settings.zone.join(' ')}]`,
    'Voltage kV': num(settings.voltage / 1e3),
    'Wavelength A': num(settings.wavelength),
  };
  if (settings.cameraLength !== undefined) meta['Camera length mm'] = num(settings.cameraLength);
  if (settings.pixelSize !== undefined) meta['Pixel size mm'] = num(settings.pixelSize);
  meta['Calibration 1/A per px'] = num(settings.calibration);
  meta.Center = `${num(settings.center[0])} ${num(settings.center[1])}`;
  meta['Rotation deg'] = num(settings.rotation);
  meta['Tilt deg'] = `${num(settings.tilt[0])} ${num(settings.tilt[1])}`;
  meta['Scattering table'] = settings.table;
  return meta;
}

/**
 * Encodes a pattern's image, or any `@sadp/raster` `GreyImage` (`{ width, height, data }`, values 0..1), as a
 * greyscale PNG (8- or 16-bit, via pngjs) with tEXt chunks describing the geometry (see {@link patternMetadata})
 * when the pattern carries its settings. Deterministic: identical input gives identical bytes.
 */
export function encodePng(pattern: EncodableImage | GreyImage, options: EncodePngOptions = {}): Uint8Array {
  const bitDepth = options.bitDepth ?? 8;
  if (bitDepth !== 8 && bitDepth !== 16) throw new RangeError(`bitDepth must be 8 or 16, got ${bitDepth}`);
  const deflateLevel = options.deflateLevel ?? 6;
  if (!Number.isInteger(deflateLevel) || deflateLevel < 0 || deflateLevel > 9) {
    throw new RangeError(`deflateLevel must be an integer 0-9, got ${deflateLevel}`);
  }
  const { image, width, height } =
    'data' in pattern
      ? { image: pattern.data, width: pattern.width, height: pattern.height }
      : { image: pattern.image, width: pattern.size, height: pattern.size };
  const n = width * height;
  if (image.length !== n) throw new RangeError(`image has ${image.length} pixels, expected ${n}`);
  let data: Buffer;
  if (bitDepth === 8) {
    data = Buffer.allocUnsafe(n);
    for (let p = 0; p < n; p++) {
      const v = image[p]!;
      data[p] = v <= 0 ? 0 : v >= 1 ? 255 : (v * 255 + 0.5) | 0;
    }
  } else {
    const words = new Uint16Array(n);
    for (let p = 0; p < n; p++) {
      const v = image[p]!;
      words[p] = v <= 0 ? 0 : v >= 1 ? 65535 : (v * 65535 + 0.5) | 0;
    }
    data = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  }
  const png = PNG.sync.write({ width, height, data } as unknown as PNG, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth,
    filterType: 0,
    deflateLevel,
  });
  const settings = 'settings' in pattern ? pattern.settings : undefined;
  const meta = { ...(settings ? patternMetadata(settings) : {}), ...options.metadata };
  const chunks = Object.entries(meta).map(([k, v]) => textChunk(k, v));
  const extra = chunks.reduce((s, c) => s + c.length, 0);
  const ihdrEnd = 8 + 25; // signature + IHDR (length, type, 13 data bytes, CRC)
  const out = new Uint8Array(png.length + extra);
  out.set(png.subarray(0, ihdrEnd), 0);
  let o = ihdrEnd;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  out.set(png.subarray(ihdrEnd), o);
  return out;
}
