// Image files → grey values in 0..1, in the browser: PNG, JPEG, GIF, WebP, BMP by the browser's own decoder,
// TIFF (8-bit, or 16/32-bit greyscale at full depth) by utif2, and the micrograph formats (MRC, DM3/DM4, TIA SER,
// EMD) by @sadp/micrograph with the calibration they carry. (The Node decoder, @sadp/classifier's `decodeImage`,
// reads PNG with pngjs, which needs Node's Buffer and zlib.)
import type { GreyImage } from '@sadp/classifier';
import { detectFormat, readMicrographAsync } from '@sadp/micrograph';
import UTIF from 'utif2';

export interface Decoded {
  image: GreyImage;
  /** Å⁻¹ per pixel, when the file records it. */
  calibration?: number;
  notes: string[];
}

function fromRgba(width: number, height: number, rgba: ArrayLike<number>): GreyImage {
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = (rgba[4 * p]! + rgba[4 * p + 1]! + rgba[4 * p + 2]!) / 765;
  return { width, height, data };
}

/** Scales raw detector values to 0..1 (minimum → 0, maximum → 1). */
function stretch(width: number, height: number, raw: ArrayLike<number>): GreyImage {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < width * height; i++) {
    const v = raw[i]!;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const range = max > min ? max - min : 1;
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = Number.isFinite(raw[i]!) ? (raw[i]! - min) / range : 0;
  return { width, height, data };
}

function fromTiff(bytes: Uint8Array): GreyImage {
  const buffer = bytes.slice().buffer;
  const ifd = UTIF.decode(buffer)[0];
  if (!ifd) throw new Error('TIFF holds no image');
  UTIF.decodeImage(buffer, ifd);
  const { width, height } = ifd as unknown as { width: number; height: number };
  const tag = (id: number) => (ifd[`t${id}`] as number[] | undefined)?.[0];
  const bits = tag(258) ?? 1;
  if ((tag(277) ?? 1) === 1 && (bits === 16 || bits === 32)) {
    const raw = (ifd as unknown as { data: Uint8Array }).data;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const float = tag(339) === 3;
    const values = new Float32Array(width * height);
    // utif2 hands 16/32-bit samples over little-endian whatever the file's byte order
    for (let i = 0; i < values.length; i++) {
      values[i] =
        bits === 16
          ? view.getUint16(2 * i, true)
          : float
            ? view.getFloat32(4 * i, true)
            : view.getUint32(4 * i, true);
    }
    return stretch(width, height, values);
  }
  return fromRgba(width, height, UTIF.toRGBA8(ifd));
}

async function fromBrowserCodec(bytes: Uint8Array): Promise<GreyImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2-D canvas in this browser');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return fromRgba(canvas.width, canvas.height, context.getImageData(0, 0, canvas.width, canvas.height).data);
}

/** Decodes one file; throws an Error whose message names what went wrong. */
export async function decodeFile(name: string, bytes: Uint8Array): Promise<Decoded> {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if (head === 'II*\0' || head === 'MM\0*') return { image: fromTiff(bytes), notes: [] };
  const isPicture =
    (bytes[0] === 0x89 && head.slice(1) === 'PNG') || (bytes[0] === 0xff && bytes[1] === 0xd8);
  if (!isPicture && detectFormat(bytes, name)) {
    const micrograph = await readMicrographAsync(bytes, name);
    const calibration = micrograph.calibration?.reciprocalPerPixel;
    return {
      image: stretch(micrograph.width, micrograph.height, micrograph.data),
      ...(calibration ? { calibration } : {}),
      notes: [`${micrograph.format.toUpperCase()} file`, ...micrograph.warnings],
    };
  }
  try {
    return { image: await fromBrowserCodec(bytes), notes: [] };
  } catch {
    throw new Error('not an image this page reads (PNG, JPEG, TIFF, MRC, DM3/DM4, SER, EMD, …)');
  }
}
