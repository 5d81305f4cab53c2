import type * as h5 from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { detectFormat, readEmd, readMicrograph, readMicrographAsync } from '../src';
import { writeH5 } from './emd-writer';

const W = 4;
const H = 3;
const pixels = Float32Array.from({ length: W * H }, (_, i) => i * 2 + 1);

describe('EMD', () => {
  it('reads Berkeley EMD with 1/nm axes', async () => {
    const bytes = await writeH5((f) => {
      const g = f.create_group('data').create_group('pattern') as unknown as h5.Group;
      g.create_attribute('emd_group_type', 1, null, '<i');
      g.create_dataset({ name: 'data', data: pixels, shape: [H, W], dtype: '<f' });
      const dim1 = g.create_dataset({ name: 'dim1', data: new Float64Array([0, 0.3, 0.6]), dtype: '<d' });
      dim1.create_attribute('units', '1/nm');
      const dim2 = g.create_dataset({
        name: 'dim2',
        data: new Float64Array([0, 0.2, 0.4, 0.6]),
        dtype: '<d',
      });
      dim2.create_attribute('units', '[1/nm]');
    });
    expect(detectFormat(bytes)).toBe('emd');
    expect(() => readMicrograph(bytes, 'b.emd')).toThrow(/readMicrographAsync/);
    const m = await readMicrographAsync(bytes, 'b.emd');
    expect(m).toMatchObject({ width: W, height: H, format: 'emd', metadata: { layout: 'berkeley' } });
    expect(Array.from(m.data)).toEqual(Array.from(pixels));
    expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(0.02, 9);
  });

  it('reads Velox EMD with its Metadata JSON (1/m pixels, stack of frames)', async () => {
    const frames = 2;
    const stack = new Float32Array(W * H * frames);
    for (let i = 0; i < W * H; i++) {
      stack[i * frames] = pixels[i] as number;
      stack[i * frames + 1] = -1;
    }
    const json = JSON.stringify({
      BinaryResult: { PixelSize: { width: '2e8', height: '2e8' }, PixelUnitX: '1/m', PixelUnitY: '1/m' },
      Optics: { AccelerationVoltage: '200000', CameraLength: '0.25' },
    });
    const meta = new Uint8Array((json.length + 10) * frames);
    for (let f = 0; f < frames; f++)
      for (let i = 0; i < json.length; i++) meta[i * frames + f] = json.charCodeAt(i);
    const bytes = await writeH5((f) => {
      const g = f.create_group('Data').create_group('Image').create_group('abc123') as unknown as h5.Group;
      g.create_dataset({ name: 'Data', data: stack, shape: [H, W, frames], dtype: '<f' });
      g.create_dataset({ name: 'Metadata', data: meta, shape: [json.length + 10, frames], dtype: '<B' });
    });
    const m = await readEmd(bytes, 'v.emd');
    expect(m).toMatchObject({ width: W, height: H, frames, metadata: { layout: 'velox' } });
    expect(Array.from(m.data)).toEqual(Array.from(pixels));
    expect(m.calibration?.reciprocalPerPixel).toBeCloseTo(0.02, 12);
    expect(m.calibration).toMatchObject({ voltage: 200000, cameraLength: 250 });
  });

  it('rejects non-HDF5 bytes, truncated HDF5 and HDF5 without an image', async () => {
    await expect(readEmd(new Uint8Array(100), 'z.emd')).rejects.toThrow(/z\.emd EMD: not an HDF5 file/);
    const empty = await writeH5((f) => {
      f.create_group('nothing');
    });
    await expect(readEmd(empty, 'e.emd')).rejects.toMatchObject({ code: 'E_MICROGRAPH_FORMAT' });
    await expect(readEmd(empty.subarray(0, 200), 't.emd')).rejects.toMatchObject({
      code: 'E_MICROGRAPH_FORMAT',
    });
  });
});
