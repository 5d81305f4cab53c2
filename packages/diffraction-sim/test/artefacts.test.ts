import { describe, expect, it } from 'vitest';
import { renderSpots } from '../src/render';
import { resolveSettings } from '../src/settings';
import { simulate } from '../src/simulate';
import type { SpotList } from '../src/spot-list';
import { silicon } from './fixtures/reference';

const si = silicon();

function indexOf(spots: SpotList, h: number, k: number, l: number): number {
  for (let i = 0; i < spots.count; i++)
    if (spots.h[i] === h && spots.k[i] === k && spots.l[i] === l) return i;
  return -1;
}

describe('double diffraction', () => {
  it('lights up Si 200 along [011] (111 + 1̄11 … ) and never a lattice-centring absence', () => {
    const plain = simulate(si, { zone: [0, 1, 1] });
    const dd = simulate(si, { zone: [0, 1, 1], artefacts: { doubleDiffraction: 0.1 } });
    expect(indexOf(plain.spots, 2, 0, 0)).toBe(-1);
    const i = indexOf(dd.spots, 2, 0, 0);
    expect(i).toBeGreaterThan(-1);
    // parents 1-11 and 11-1 are the strongest beams (intensity 1): 0.1 × √(1 × 1)
    expect(dd.spots.intensity[i]).toBeCloseTo(0.1, 6);
    for (let q = 0; q < dd.spots.count; q++) {
      const parities = new Set([dd.spots.h[q]! & 1, dd.spots.k[q]! & 1, dd.spots.l[q]! & 1]);
      expect(parities.size).toBe(1); // F-centring: h, k, l all even or all odd
    }
    expect(dd.spots.count).toBeGreaterThan(plain.spots.count);
  });
});

describe('intensity jitter', () => {
  it('changes reflections, not the direct beam, the same way for the same seed', () => {
    const settings = { zone: [0, 0, 1] as const, directBeam: true, artefacts: { intensityJitter: 0.3 } };
    const a = simulate(si, { ...settings, seed: 1 }).spots;
    const b = simulate(si, { ...settings, seed: 1 }).spots;
    const c = simulate(si, { ...settings, seed: 2 }).spots;
    const plain = simulate(si, { zone: [0, 0, 1], directBeam: true }).spots;
    expect([...a.intensity]).toEqual([...b.intensity]);
    expect([...a.intensity]).not.toEqual([...c.intensity]);
    expect(a.intensity[0]).toBe(plain.intensity[0]);
    const ratios = [...a.intensity].slice(1).map((v, i) => Math.log(v / plain.intensity[i + 1]!));
    const sd = Math.sqrt(ratios.reduce((s, r) => s + r * r, 0) / ratios.length);
    expect(sd).toBeGreaterThan(0.15);
    expect(sd).toBeLessThan(0.45);
  });
});

describe('elliptical distortion', () => {
  it('stretches distances from the beam by 1 ± e/2 along the axes of the ellipse', () => {
    const plain = simulate(si, { zone: [0, 0, 1] }).spots;
    const bent = simulate(si, { zone: [0, 0, 1], artefacts: { ellipticity: 0.04, ellipseAngle: 0 } }).spots;
    const c = 127.5;
    const along = indexOf(plain, 4, 0, 0);
    const across = indexOf(plain, 0, 4, 0);
    const r = (s: SpotList, i: number) => Math.hypot(s.x[i]! - c, s.y[i]! - c);
    const [ax, ay] = [plain.x[along]! - c, plain.y[along]! - c];
    // whichever of (400), (040) lies along x is stretched, the other shrunk
    const [major, minor] = Math.abs(ax) > Math.abs(ay) ? [along, across] : [across, along];
    expect(r(bent, major) / r(plain, major)).toBeCloseTo(1.02, 4);
    expect(r(bent, minor) / r(plain, minor)).toBeCloseTo(0.98, 4);
    expect(bent.gx[major]).toBe(plain.gx[major]);
  });
});

describe('spot profiles and beam stop', () => {
  const one = (x: number, y: number): SpotList => ({
    count: 1,
    h: Int32Array.of(1),
    k: new Int32Array(1),
    l: new Int32Array(1),
    gx: new Float64Array(1),
    gy: new Float64Array(1),
    g: new Float64Array(1),
    d: new Float64Array(1),
    x: Float64Array.of(x),
    y: Float64Array.of(y),
    excitationError: new Float64Array(1),
    laueZone: new Int32Array(1),
    intensity: Float64Array.of(0.5),
  });
  const draw = (profile: 'gaussian' | 'lorentzian' | 'voigt') =>
    renderSpots(
      one(32, 32),
      resolveSettings({ zone: [0, 0, 1], size: 64, spotSigma: 2, spotProfile: profile }),
    );
  const fwhm = (image: Float32Array) => {
    const row = image.subarray(32 * 64, 33 * 64);
    return row.filter((v) => v >= 0.25).length;
  };

  it('share the peak and the full width at half maximum, and differ in their tails', () => {
    const [g, l, v] = [draw('gaussian'), draw('lorentzian'), draw('voigt')];
    for (const image of [g, l, v]) expect(image[32 * 64 + 32]).toBeCloseTo(0.5, 5);
    expect(Math.abs(fwhm(l) - fwhm(g))).toBeLessThanOrEqual(1);
    const tail = (image: Float32Array) => image[32 * 64 + 32 + 8]!;
    expect(tail(g)).toBeLessThan(1e-3);
    expect(tail(l)).toBeGreaterThan(tail(v));
    expect(tail(v)).toBeGreaterThan(10 * tail(g));
  });

  it('rejects an unknown profile and bad artefacts', () => {
    expect(() => resolveSettings({ zone: [0, 0, 1], spotProfile: 'box' as never })).toThrow(/spotProfile/);
    expect(() => resolveSettings({ zone: [0, 0, 1], artefacts: { intensityJitter: -1 } })).toThrow(
      /intensityJitter/,
    );
    expect(() => resolveSettings({ zone: [0, 0, 1], artefacts: { ellipticity: 0.6 } })).toThrow(
      /ellipticity/,
    );
    expect(() =>
      resolveSettings({ zone: [0, 0, 1], artefacts: { beamStop: { angle: 0, width: 0 } } }),
    ).toThrow(/beamStop.width/);
  });

  it('a beam stop darkens its rod and the beam, not the other side', () => {
    const pattern = simulate(si, {
      zone: [0, 0, 1],
      size: 64,
      directBeam: true,
      background: 0.2,
      artefacts: { beamStop: { angle: 0, width: 6 } },
    });
    const at = (x: number, y: number) => pattern.image[y * 64 + x]!;
    expect(at(60, 32)).toBeLessThan(0.02); // on the rod (towards +x)
    expect(at(32, 32)).toBeLessThan(0.05); // the beam under its tip
    expect(at(4, 32)).toBeGreaterThanOrEqual(0.2); // opposite side keeps its background
  });
});

describe('defaults', () => {
  it('leave the kinematic pattern unchanged', () => {
    const a = simulate(si, { zone: [1, 1, 1] });
    const b = simulate(si, { zone: [1, 1, 1], artefacts: {}, spotProfile: 'gaussian' });
    expect(b.spots.count).toBe(a.spots.count);
    expect([...b.image]).toEqual([...a.image]);
  });
});
