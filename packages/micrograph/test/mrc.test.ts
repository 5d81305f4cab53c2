import { describe, expect, it } from 'vitest';
import { detectFormat, isMicrographError, readMicrograph, readMrc, writeMrc } from '../src';

const W = 7;
const H = 5;
const pixels = Float32Array.from({ length: W * H }, (_, i) => (i * 37) % 101);

describe('MRC', () => {
  for (const type of ['int8', 'int16', 'uint16', 'float32'] as const)
    for (const bigEndian of [false, true])
      it(`round-trips ${type} ${bigEndian ? 'big' : 'little'} endian`, () => {
        const bytes = writeMrc({ width: W, height: H, data: pixels }, { type, bigEndian, pixelSize: 0.5 });
        expect(detectFormat(bytes, 'x.bin')).toBe('mrc');
        const m = readMicrograph(bytes, 'a.mrc');
        expect(m).toMatchObject({ width: W, height: H, format: 'mrc' });
        expect(Array.from(m.data)).toEqual(Array.from(pixels));
        expect(m.calibration?.pixelSize).toBeCloseTo(0.5, 6);
        expect(m.calibration?.reciprocalPerPixel).toBeUndefined();
        expect(m.metadata.pixelType).toBe(type);
      });

  it('reads mode 12 (float16)', () => {
    const bytes = writeMrc({ width: 2, height: 1, data: [0, 0] });
    const v = new DataView(bytes.buffer);
    v.setInt32(12, 12, true);
    v.setUint16(1024, 0x3c00, true); // 1.0
    v.setUint16(1026, 0xc000, true); // -2.0
    expect(Array.from(readMrc(bytes).data)).toEqual([1, -2]);
  });

  it('puts row 0 at the top (MRC stores y upwards)', () => {
    const bytes = writeMrc({ width: 1, height: 2, data: [10, 20] });
    expect(new DataView(bytes.buffer).getFloat32(1024, true)).toBe(20);
    expect(Array.from(readMrc(bytes).data)).toEqual([10, 20]);
  });

  it('returns the first of several sections with a warning', () => {
    const m = readMrc(writeMrc({ width: W, height: H, data: pixels }, { sections: 3 }));
    expect(m.frames).toBe(3);
    expect(m.warnings.join()).toMatch(/3 sections/);
    expect(m.calibration).toBeNull();
  });

  it('skips the extended header', () => {
    const base = writeMrc({ width: W, height: H, data: pixels });
    const bytes = new Uint8Array(base.length + 64);
    bytes.set(base.subarray(0, 1024));
    bytes.set(base.subarray(1024), 1024 + 64);
    new DataView(bytes.buffer).setInt32(92, 64, true);
    expect(Array.from(readMrc(bytes).data)).toEqual(Array.from(pixels));
  });

  it('rejects absurd dimensions before allocating', () => {
    const bytes = writeMrc({ width: W, height: H, data: pixels });
    const v = new DataView(bytes.buffer);
    v.setInt32(0, 100000, true);
    v.setInt32(4, 100000, true);
    expect(() => readMrc(bytes, 'big.mrc')).toThrow(/big\.mrc MRC: header announces 100000×100000/);
    v.setInt32(0, -1, true);
    expect(() => readMrc(bytes)).toThrow(expect.objectContaining({ code: 'E_MICROGRAPH_DIMENSIONS' }));
  });

  it('rejects truncated files and unknown modes', () => {
    const bytes = writeMrc({ width: W, height: H, data: pixels });
    const err = (() => {
      try {
        readMrc(bytes.subarray(0, 500));
      } catch (e) {
        return e;
      }
    })();
    expect(isMicrographError(err) && err.code).toBe('E_MICROGRAPH_TRUNCATED');
    expect(() => readMrc(bytes.subarray(0, 1030))).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_DIMENSIONS' }),
    );
    new DataView(bytes.buffer).setInt32(12, 4, true);
    expect(() => readMrc(bytes)).toThrow(expect.objectContaining({ code: 'E_MICROGRAPH_UNSUPPORTED' }));
  });
});
