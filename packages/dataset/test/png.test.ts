import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from '../src/png';

function textChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const buf = Buffer.from(png);
  let o = 8;
  while (o < buf.length) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    if (type === 'tEXt') {
      const body = buf.toString('latin1', o + 8, o + 8 + len);
      const z = body.indexOf('\0');
      out[body.slice(0, z)] = body.slice(z + 1);
    }
    o += 12 + len;
  }
  return out;
}

describe('encodeGrayPng', () => {
  const w = 37;
  const h = 23;
  const image = new Float32Array(w * h);
  for (let i = 0; i < image.length; i++) image[i] = (i % 17) / 16;
  image[5] = -0.5; // clamps to 0
  image[6] = 1.7; // clamps to 1

  it('decodes (pngjs) to the quantised pixels, 8 bit', () => {
    const png = encodeGrayPng(image, w, h, { text: { label: 'A1-0', zone: '[0 0 1]' } });
    const decoded = PNG.sync.read(Buffer.from(png));
    expect(decoded.width).toBe(w);
    expect(decoded.height).toBe(h);
    for (let i = 0; i < w * h; i++) {
      const expected = Math.round(Math.min(1, Math.max(0, image[i]!)) * 255);
      expect(decoded.data[4 * i]).toBe(expected);
    }
    expect(textChunks(png)).toEqual({ label: 'A1-0', zone: '[0 0 1]' });
  });

  it('writes 16-bit samples', () => {
    const png = encodeGrayPng(image, w, h, { bitDepth: 16 });
    const decoded = PNG.sync.read(Buffer.from(png), { skipRescale: true } as never);
    expect(Buffer.from(png)[24]).toBe(16); // IHDR bit depth
    // with skipRescale pngjs keeps the 16-bit samples
    for (let i = 0; i < w * h; i += 7) {
      const v = Math.min(1, Math.max(0, image[i]!));
      expect(Math.abs(decoded.data[4 * i]! - v * 65535)).toBeLessThanOrEqual(0.5);
    }
  });

  it('is byte-for-byte deterministic and rejects bad sizes', () => {
    const a = encodeGrayPng(image, w, h, { text: { b: '2', a: '1' } });
    const b = encodeGrayPng(Float32Array.from(image), w, h, { text: { a: '1', b: '2' } });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(() => encodeGrayPng(image, w, h + 1)).toThrow(RangeError);
    expect(() => encodeGrayPng(new Float32Array(0), 0, 0)).toThrow(RangeError);
  });
});
