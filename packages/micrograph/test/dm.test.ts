import { describe, expect, it } from 'vitest';
import { detectFormat, electronWavelength, readDm, readMicrograph } from '../src';
import { dmImage } from './dm-writer';

const W = 6;
const H = 4;
const pixels = Float32Array.from({ length: W * H }, (_, i) => i * 3 - 20);

describe('DM3/DM4', () => {
  for (const version of [3, 4] as const)
    for (const littleEndian of [true, false]) {
      it(`DM${version} ${littleEndian ? 'LE' : 'BE'}: largest image, pixels and 1/nm calibration`, () => {
        const bytes = dmImage(version, W, H, pixels, {
          scale: 0.02,
          units: '1/nm',
          voltage: 200000,
          cameraLength: 250,
          littleEndian,
        });
        expect(detectFormat(bytes)).toBe(`dm${version}`);
        const m = readMicrograph(bytes, `p.dm${version}`);
        expect(m).toMatchObject({ width: W, height: H, format: `dm${version}`, warnings: [] });
        expect(Array.from(m.data)).toEqual(Array.from(pixels));
        expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(0.002, 9);
        expect(m.calibration).toMatchObject({ voltage: 200000, cameraLength: 250, raw: { units: '1/nm' } });
        expect(m.metadata.images).toBe(2);
      });
    }

  it.each([
    ['nm-1', 0.1],
    ['1/Å', 1],
    ['1/A', 1],
    ['1/m', 1e-10],
  ])('converts %s to Å⁻¹', (units, factor) => {
    const m = readDm(dmImage(3, W, H, pixels, { scale: 2, units }));
    expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(2 * factor, 12);
  });

  it('derives the reciprocal calibration from camera length, voltage and detector pixel when none is stored', () => {
    const bytes = dmImage(4, W, H, pixels, {
      voltage: 200_000,
      cameraLength: 250,
      detectorPixel: 14,
      binning: 2,
    });
    const m = readMicrograph(bytes, 'camera.dm4');
    // 28 µm / (250 mm · λ(200 kV) = 0.025079 Å)
    expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(0.028 / (250 * 0.0250793), 7);
    expect(m.calibration).toMatchObject({ voltage: 200_000, cameraLength: 250, detectorPixel: 28 });
    expect(m.warnings.join()).toMatch(/derived from camera length 250 mm/);
    expect(electronWavelength(200_000)).toBeCloseTo(0.0250793, 6);
    // a stored reciprocal calibration wins
    const stored = dmImage(4, W, H, pixels, {
      scale: 0.2,
      units: '1/nm',
      voltage: 200_000,
      cameraLength: 250,
      detectorPixel: 14,
    });
    expect(readMicrograph(stored, 's.dm4').calibration?.reciprocalPerPixel).toBeCloseTo(0.02, 9);
  });

  it('reports a real-space calibration as pixelSize with a warning', () => {
    const m = readDm(dmImage(4, W, H, pixels, { scale: 0.5, units: 'nm' }));
    expect(m.calibration).toMatchObject({ pixelSize: 5 });
    expect(m.calibration?.reciprocalPerPixel).toBeUndefined();
    expect(m.warnings.join()).toMatch(/real-space/);
  });

  it('reads uint16 and int16 images', () => {
    const ints = Array.from({ length: W * H }, (_, i) => i * 1000);
    expect(Array.from(readDm(dmImage(3, W, H, ints, { dataType: 10, arrayType: 4 })).data)).toEqual(ints);
    const signed = ints.map((v) => v - 12000);
    expect(Array.from(readDm(dmImage(4, W, H, signed, { dataType: 1, arrayType: 2 })).data)).toEqual(signed);
  });

  it('rejects dimensions that do not match the data', () => {
    const bytes = dmImage(3, W, H, pixels.subarray(0, W * H - 1));
    expect(() => readDm(bytes, 'x.dm3')).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_DIMENSIONS' }),
    );
  });

  it('refuses packed complex FFT images (DataType 27) and 1D spectra as unsupported, not as bad dimensions', () => {
    // GMS writes an FFT as DataType 27 with (width/2 + 1) × height complex values in a float32 array
    const packed = dmImage(4, 5, 5, new Float32Array(2 * 3 * 5), { dataType: 27 });
    expect(() => readDm(packed, 'fft.dm4')).toThrow(
      expect.objectContaining({
        code: 'E_MICROGRAPH_UNSUPPORTED',
        message: expect.stringMatching(/DataType 27 \(packed complex FFT\)/),
      }),
    );
    const spectrum = dmImage(3, 24, 1, pixels, { dimensions: [24], units: 'eV' });
    expect(() => readDm(spectrum, 'eels.dm3')).toThrow(
      expect.objectContaining({
        code: 'E_MICROGRAPH_UNSUPPORTED',
        message: expect.stringMatching(/1D data of 24 values/),
      }),
    );
    // an EELS spectrum saved as a 2048 × 1 image (ncempy's 08_carbon.dm3) is a spectrum too
    const row = dmImage(3, 24, 1, pixels, { units: 'eV' });
    expect(() => readDm(row, 'row.dm3')).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_UNSUPPORTED' }),
    );
    const stack = readDm(
      dmImage(4, W, H, Float32Array.from({ length: W * H * 2 }), { dimensions: [W, H, 2] }),
    );
    expect([stack.width, stack.height, stack.frames]).toEqual([W, H, 2]);
  });

  it('rejects truncated files at every cut without crashing', () => {
    for (const version of [3, 4] as const) {
      const bytes = dmImage(version, W, H, pixels, { scale: 1, units: '1/nm' });
      for (let cut = 0; cut < bytes.length - 8; cut += 7) {
        expect(() => readMicrograph(bytes.subarray(0, cut), 'cut.dm')).toThrow(
          /MicrographError|cut\.dm|unknown/,
        );
      }
    }
  });

  it('rejects an absurd tag count or array length before allocating', () => {
    const bytes = dmImage(4, W, H, pixels);
    const v = new DataView(bytes.buffer);
    v.setBigUint64(18, 1n << 40n, false); // root tag count
    expect(() => readDm(bytes)).toThrow(/announces/);
    const dm3 = dmImage(3, W, H, pixels);
    const d3 = new DataView(dm3.buffer);
    // find the 'Data' array count of the main image (type 6 array) and inflate it
    const text = Array.from(dm3, (b) => String.fromCharCode(b)).join('');
    const at = text.lastIndexOf('Data%%%%') + 8 + 12;
    d3.setUint32(at, 0x7fffffff, false);
    expect(() => readDm(dm3)).toThrow(expect.objectContaining({ code: 'E_MICROGRAPH_TRUNCATED' }));
  });

  it('rejects wrong magic', () => {
    expect(() => readDm(new Uint8Array(64), 'zero.dm3')).toThrow(
      /zero\.dm3 DM3: not a DigitalMicrograph file/,
    );
    expect(() => readMicrograph(new Uint8Array(64), 'zero.png')).toThrow(
      expect.objectContaining({ code: 'E_MICROGRAPH_FORMAT' }),
    );
  });
});
