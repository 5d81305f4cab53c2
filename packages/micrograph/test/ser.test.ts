import { describe, expect, it } from 'vitest';
import { detectFormat, readMicrograph, readSer } from '../src';
import { writeSer } from './ser-writer';

const W = 5;
const H = 3;
const pixels = Array.from({ length: W * H }, (_, i) => i * 11);

describe('SER', () => {
  for (const version of [0x210, 0x220] as const)
    for (const dataType of [2, 7] as const)
      it(`round-trips version 0x${version.toString(16)} DataType ${dataType}`, () => {
        const bytes = writeSer(W, H, pixels, { version, dataType, deltaX: 1e8, frames: 2 });
        expect(detectFormat(bytes)).toBe('ser');
        const m = readMicrograph(bytes, 'd.ser');
        expect(m).toMatchObject({ width: W, height: H, format: 'ser', frames: 2 });
        expect(Array.from(m.data)).toEqual(pixels);
        expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(0.01, 12);
        expect(m.warnings.join()).toMatch(/1\/m/);
      });

  it('takes a small delta as metres (real space)', () => {
    const m = readSer(writeSer(W, H, pixels, { deltaX: 5e-9 }));
    expect(m.calibration?.pixelSize).toBeCloseTo(50, 9);
    expect(m.calibration?.reciprocalPerPixel).toBeUndefined();
  });

  it('rejects absurd dimensions, truncation, spectra and wrong magic', () => {
    const bytes = writeSer(W, H, pixels);
    const v = new DataView(bytes.buffer);
    const o = Number(v.getBigUint64(64, true));
    v.setUint32(o + 42, 100000, true);
    v.setUint32(o + 46, 100000, true);
    expect(() => readSer(bytes, 'big.ser')).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_DIMENSIONS' }),
    );
    expect(() => readSer(writeSer(W, H, pixels).subarray(0, 100))).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_TRUNCATED' }),
    );
    const spectra = writeSer(W, H, pixels);
    new DataView(spectra.buffer).setUint32(6, 0x4120, true);
    expect(() => readSer(spectra)).toThrow(expect.objectContaining({ code: 'E_MICROGRAPH_UNSUPPORTED' }));
    expect(() => readSer(new Uint8Array(100), 'zero.ser')).toThrow(/zero\.ser SER: not a TIA series/);
  });
});
