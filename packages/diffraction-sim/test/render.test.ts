import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../src/png';
import { renderSpots } from '../src/render';
import { resolveSettings } from '../src/settings';
import { simulate } from '../src/simulate';
import type { SpotList } from '../src/spot-list';
import { silicon } from './fixtures/reference';

function spots(list: [x: number, y: number, intensity: number][]): SpotList {
  const n = list.length;
  const col = (f: (s: [number, number, number]) => number) => Float64Array.from(list, f);
  return {
    count: n,
    h: new Int32Array(n),
    k: new Int32Array(n),
    l: new Int32Array(n),
    gx: new Float64Array(n),
    gy: new Float64Array(n),
    g: new Float64Array(n),
    d: new Float64Array(n),
    x: col((s) => s[0]),
    y: col((s) => s[1]),
    excitationError: new Float64Array(n),
    laueZone: new Int32Array(n),
    intensity: col((s) => s[2]),
  };
}

/** tEXt chunks of a PNG as key → value. */
function textChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let o = 8;
  while (o < png.length) {
    const len = view.getUint32(o);
    const type = Buffer.from(png.subarray(o + 4, o + 8)).toString('latin1');
    if (type === 'tEXt') {
      const body = Buffer.from(png.subarray(o + 8, o + 8 + len)).toString('latin1');
      const z = body.indexOf('\0');
      out[body.slice(0, z)] = body.slice(z + 1);
    }
    o += 12 + len;
  }
  return out;
}

describe('renderSpots', () => {
  const settings = resolveSettings({ zone: [0, 0, 1], size: 64, spotSigma: 1.5 });

  it('draws a Gaussian centred at the sub-pixel position, without rounding', () => {
    const image = renderSpots(spots([[30.3, 20.7, 0.8]]), settings);
    let sum = 0;
    let sx = 0;
    let sy = 0;
    image.forEach((v, p) => {
      sum += v;
      sx += v * (p % 64);
      sy += v * Math.floor(p / 64);
    });
    expect(sx / sum).toBeCloseTo(30.3, 2);
    expect(sy / sum).toBeCloseTo(20.7, 2);
    expect(sum).toBeCloseTo(0.8 * 2 * Math.PI * 1.5 ** 2, 2);
    expect(image[20 * 64 + 30]).toBeCloseTo(0.8 * Math.exp(-(0.3 ** 2 + 0.7 ** 2) / (2 * 1.5 ** 2)), 6);
  });

  it('touches only pixels within 4 sigma of a spot and clips to 1', () => {
    const image = renderSpots(
      spots([
        [10, 10, 1],
        [11, 10, 1],
      ]),
      settings,
    );
    image.forEach((v, p) => {
      const i = p % 64;
      const j = Math.floor(p / 64);
      if (Math.abs(j - 10) > 6 || i < 4 || i > 17) expect(v).toBe(0);
      expect(v).toBeLessThanOrEqual(1);
    });
    expect(image[10 * 64 + 10]).toBe(1);
  });

  it('skips spots off the image and handles spots on the border', () => {
    const image = renderSpots(
      spots([
        [-50, 10, 1],
        [0, 63, 0.5],
      ]),
      settings,
    );
    expect(image[63 * 64]).toBeCloseTo(0.5, 6);
  });

  it('adds background, then seeded Poisson and Gaussian noise; same seed, same image', () => {
    const bg = resolveSettings({ zone: [0, 0, 1], size: 64, background: { constant: 0.25 } });
    const flat = renderSpots(spots([]), bg);
    expect(flat.every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    const noisy = resolveSettings({
      zone: [0, 0, 1],
      size: 64,
      background: 0.25,
      noise: { poisson: 400 },
      seed: 7,
    });
    const a = renderSpots(spots([]), noisy);
    const b = renderSpots(spots([]), noisy);
    expect(Array.from(a)).toEqual(Array.from(b));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(mean).toBeCloseTo(0.25, 2);
    expect(variance).toBeCloseTo(0.25 / 400, 4); // Poisson: var(N/c) = mean/c
    const other = renderSpots(spots([]), { ...noisy, seed: 8 });
    expect(Array.from(other)).not.toEqual(Array.from(a));
    const gauss = renderSpots(spots([]), { ...bg, noise: { poisson: 0, gaussian: 0.05 } });
    const gm = gauss.reduce((s, v) => s + v, 0) / gauss.length;
    const gsd = Math.sqrt(gauss.reduce((s, v) => s + (v - gm) ** 2, 0) / gauss.length);
    expect(gsd).toBeGreaterThan(0.045);
    expect(gsd).toBeLessThan(0.055);
  });
});

describe('simulate and encodePng', () => {
  const si = silicon();

  it('renders every listed spot, with the direct beam only when asked', () => {
    const p = simulate(si, { zone: [0, 1, 1], spotSigma: 1 });
    expect(p.image.length).toBe(256 * 256);
    expect(p.size).toBe(256);
    const c = 127.5;
    expect(p.image[128 * 256 + 128]).toBeLessThan(1e-6);
    for (let i = 0; i < p.spots.count; i++) {
      const x = Math.round(p.spots.x[i]!);
      const y = Math.round(p.spots.y[i]!);
      if (x >= 0 && y >= 0 && x < 256 && y < 256 && p.spots.intensity[i]! > 0.01) {
        expect(p.image[y * 256 + x]).toBeGreaterThan(0.3 * p.spots.intensity[i]!);
      }
    }
    const withBeam = simulate(si, { zone: [0, 1, 1], spotSigma: 1, directBeam: true });
    expect(withBeam.image[128 * 256 + 128]).toBeGreaterThan(0.5);
    expect(withBeam.spots.x[0]).toBe(c);
  });

  it('encodes 8-bit greyscale with metadata, byte-identical for identical input and seed', () => {
    const settings = {
      zone: [1, 1, 1],
      noise: { poisson: 100, gaussian: 0.01 },
      background: 0.05,
      seed: 42,
    } as const;
    const a = encodePng(simulate(si, settings));
    const b = encodePng(simulate(si, settings));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = encodePng(simulate(si, { ...settings, seed: 43 }));
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);

    const pattern = simulate(si, { zone: [1, 1, 1], cameraLength: 250, pixelSize: 0.05 });
    const png = encodePng(pattern, { metadata: { Structure: 'Si' } });
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([256, 256]);
    for (let p = 0; p < 256 * 256; p += 97) {
      expect(decoded.data[4 * p]).toBe(Math.round(Math.min(1, pattern.image[p]!) * 255));
    }
    const text = textChunks(png);
    expect(text.Zone).toBe('[1 1 1]');
    expect(text['Voltage kV']).toBe('200');
    expect(Number(text['Wavelength A'])).toBeCloseTo(0.025079, 6);
    expect(text['Camera length mm']).toBe('250');
    expect(Number(text['Calibration 1/A per px'])).toBeCloseTo(0.05 / (250 * 0.0250793), 6);
    expect(text.Structure).toBe('Si');
  });

  it('encodes 16-bit greyscale', () => {
    const pattern = simulate(si, { zone: [0, 0, 1], size: 32, calibration: 0.05 });
    const png = encodePng(pattern, { bitDepth: 16 });
    expect(png[8 + 8 + 8]).toBe(16); // IHDR bit depth
    expect(png[8 + 8 + 9]).toBe(0); // greyscale
    const decoded = PNG.sync.read(Buffer.from(png), { skipRescale: true } as never);
    expect(decoded.width).toBe(32);
    const samples = decoded.data as unknown as Uint16Array; // RGBA, 16 bits per channel
    for (let p = 0; p < 32 * 32; p++) expect(samples[4 * p]).toBe(Math.round(pattern.image[p]! * 65535));
    expect(() => encodePng(pattern, { bitDepth: 12 as 8 })).toThrow(RangeError);
  });

  it('encodes any grey image { width, height, data }, not only square patterns', () => {
    const image = { width: 5, height: 3, data: Float32Array.from({ length: 15 }, (_, i) => i / 14) };
    const decoded = PNG.sync.read(Buffer.from(encodePng(image, { metadata: { Kind: 'ramp' } })));
    expect([decoded.width, decoded.height]).toEqual([5, 3]);
    for (let p = 0; p < 15; p++) expect(decoded.data[4 * p]).toBe(Math.round((p / 14) * 255));
    expect(() => encodePng({ width: 5, height: 3, data: new Float32Array(14) })).toThrow(RangeError);
  });
});
