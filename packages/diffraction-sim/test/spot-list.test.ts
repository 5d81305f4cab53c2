import { describe, expect, it } from 'vitest';
import { shapeFactor, spotList } from '../src/spot-list';
import { electronWavelength } from '../src/wavelength';
import { referenceStructure, silicon } from './fixtures/reference';

const si = silicon();

function find(s: ReturnType<typeof spotList>, h: number, k: number, l: number): number {
  for (let i = 0; i < s.count; i++) if (s.h[i] === h && s.k[i] === k && s.l[i] === l) return i;
  return -1;
}

describe('spotList geometry', () => {
  it('Si 111 at 200 kV and L = 1000 mm lands 7.998 mm from the centre', () => {
    const pixelSize = 0.01;
    const s = spotList(si, { zone: [0, 1, 1], voltage: 200e3, cameraLength: 1000, pixelSize, size: 4096 });
    const i = find(s, 1, -1, 1);
    expect(i).toBeGreaterThanOrEqual(0);
    const c = (4096 - 1) / 2;
    const r = Math.hypot(s.x[i]! - c, s.y[i]! - c) * pixelSize;
    // Exact |g| = √3/5.4307 = 0.318937 Å⁻¹ gives 7.9986 mm; the digest's 7.998 uses |g| rounded to 0.31892.
    expect(Math.abs(r - 7.998)).toBeLessThan(1e-3);
    expect(s.g[i]).toBeCloseTo(0.31892, 4);
    expect(s.d[i]).toBeCloseTo(5.4307 / Math.sqrt(3), 9);
  });

  it('a direct calibration overrides camera length and pixel size; the centre offset shifts every spot', () => {
    const a = spotList(si, { zone: [0, 0, 1], calibration: 0.01, cameraLength: 1, pixelSize: 1, maxG: 2 });
    const b = spotList(si, { zone: [0, 0, 1], calibration: 0.01, center: [100.25, 140.75], maxG: 2 });
    expect(a.count).toBe(b.count);
    for (let i = 0; i < a.count; i++) {
      expect(a.x[i]).toBeCloseTo(127.5 + a.gx[i]! / 0.01, 9);
      expect(a.y[i]).toBeCloseTo(127.5 - a.gy[i]! / 0.01, 9);
      expect(b.x[i]! - a.x[i]!).toBeCloseTo(100.25 - 127.5, 9);
      expect(b.y[i]! - a.y[i]!).toBeCloseTo(140.75 - 127.5, 9);
    }
  });

  it('in-plane reference: for cubic [001] and [011], [100] points along +x; [111] puts [2−1−1] along +x', () => {
    const nacl = referenceStructure('NaCl');
    for (const zone of [
      [0, 0, 1],
      [0, 1, 1],
      [0, 1, 3],
    ] as const) {
      const s = spotList(nacl, { zone });
      const i = find(s, 2, 0, 0);
      expect(s.gx[i]).toBeCloseTo(2 / nacl.cell.a, 12);
      expect(s.gy[i]).toBeCloseTo(0, 12);
    }
    const s = spotList(nacl, { zone: [1, 1, 1] });
    const i = find(s, 4, -2, -2);
    expect(s.gy[i]).toBeCloseTo(0, 12);
    expect(s.gx[i]).toBeGreaterThan(0);
    // Right-handed: y = z × x, so for [001] the 020 spot is up (smaller row index).
    const z = spotList(nacl, { zone: [0, 0, 1] });
    expect(z.y[find(z, 0, 2, 0)]).toBeLessThan(127.5);
  });

  it('extra rotation turns every spot counter-clockwise about the centre', () => {
    const base = spotList(si, { zone: [1, 1, 2] });
    const rot = spotList(si, { zone: [1, 1, 2], rotation: 30 });
    expect(rot.count).toBe(base.count);
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    for (let i = 0; i < base.count; i++) {
      expect(rot.gx[i]).toBeCloseTo(c * base.gx[i]! - s * base.gy[i]!, 12);
      expect(rot.gy[i]).toBeCloseTo(s * base.gx[i]! + c * base.gy[i]!, 12);
    }
  });

  it('a zone axis and its multiples give the same pattern', () => {
    const a = spotList(si, { zone: [0, 1, 1] });
    const b = spotList(si, { zone: [0, 2, 2] });
    expect(Array.from(b.intensity)).toEqual(Array.from(a.intensity));
  });
});

describe('spotList intensities', () => {
  it('normalises to the brightest diffracted beam and drops forbidden reflections', () => {
    const s = spotList(si, { zone: [0, 1, 1] });
    expect(Math.max(...s.intensity)).toBe(1);
    expect(find(s, 2, 0, 0)).toBe(-1);
    expect(find(s, 2, 2, -2)).toBe(-1);
    expect(find(s, 1, 1, -1)).toBeGreaterThanOrEqual(0);
  });

  it('adds the direct beam first only when asked', () => {
    const s = spotList(si, { zone: [0, 0, 1], directBeam: true, directBeamIntensity: 3 });
    expect([s.h[0], s.k[0], s.l[0], s.intensity[0], s.x[0], s.y[0]]).toEqual([0, 0, 0, 3, 127.5, 127.5]);
    expect(spotList(si, { zone: [0, 0, 1] }).count).toBe(s.count - 1);
  });

  it('excitation error of ZOLZ reflections is −λg²/2 and the shape function damps them with thickness', () => {
    const lambda = electronWavelength(200e3);
    const none = spotList(si, { zone: [0, 0, 1], shapeFunction: 'none', debyeWaller: false });
    const lor = spotList(si, {
      zone: [0, 0, 1],
      shapeFunction: 'lorentzian',
      thickness: 100,
      debyeWaller: false,
    });
    expect(lor.count).toBe(none.count);
    const i220 = find(none, 2, 2, 0);
    const i400 = find(none, 4, 0, 0);
    expect(none.excitationError[i400]).toBeCloseTo((-lambda * none.g[i400]! ** 2) / 2, 12);
    const ratioNone = none.intensity[i400]! / none.intensity[i220]!;
    const ratioLor = lor.intensity[i400]! / lor.intensity[i220]!;
    const expected =
      ratioNone *
      (shapeFactor('lorentzian', none.excitationError[i400]!, 100) /
        shapeFactor('lorentzian', none.excitationError[i220]!, 100));
    expect(ratioLor).toBeCloseTo(expected, 9);
    expect(ratioLor).toBeLessThan(ratioNone);
  });

  it('shape functions peak at 1 and sinc² vanishes at s = 1/t', () => {
    for (const shape of ['none', 'sinc2', 'lorentzian', 'gaussian'] as const)
      expect(shapeFactor(shape, 0, 50)).toBe(1);
    expect(shapeFactor('sinc2', 1 / 50, 50)).toBeLessThan(1e-30);
    expect(shapeFactor('lorentzian', 1 / 50, 50)).toBeCloseTo(1 / (1 + Math.PI ** 2), 12);
  });

  it('HOLZ on request: first-order Laue zone reflections satisfy h·u + k·v + l·w = 1 and lie near the Ewald sphere', () => {
    // The first-order Laue zone of Si [001] meets the Ewald sphere at |g| ≈ sqrt(2/(aλ)) ≈ 3.8 Å⁻¹.
    const s = spotList(si, {
      zone: [0, 0, 1],
      laueZones: 1,
      maxG: 4.5,
      thickness: 50,
      shapeFunction: 'sinc2',
    });
    let holz = 0;
    for (let i = 0; i < s.count; i++) {
      expect(s.l[i]).toBe(s.laueZone[i]);
      expect(Math.abs(s.excitationError[i]!)).toBeLessThanOrEqual(2 / 50);
      if (s.laueZone[i] === 1) {
        holz++;
        expect(s.g[i]).toBeGreaterThan(3.3);
      }
    }
    expect(holz).toBeGreaterThan(8);
    expect(spotList(si, { zone: [0, 0, 1], maxG: 3 }).laueZone.every((n) => n === 0)).toBe(true);
  });

  it('a small tilt changes excitation errors and intensities but not the reflection set (shape none)', () => {
    const flat = spotList(si, { zone: [0, 0, 1], shapeFunction: 'none' });
    const tilted = spotList(si, { zone: [0, 0, 1], shapeFunction: 'none', tilt: [1, 0] });
    expect(tilted.count).toBe(flat.count);
    const i = find(tilted, 0, 4, 0);
    const j = find(flat, 0, 4, 0);
    expect(tilted.excitationError[i]).not.toBeCloseTo(flat.excitationError[j]!, 6);
    const lor = spotList(si, { zone: [0, 0, 1], tilt: [1, 0] });
    expect(lor.intensity[find(lor, 0, 4, 0)]).not.toBeCloseTo(lor.intensity[find(lor, 0, -4, 0)]!, 3);
  });

  it('rejects bad settings', () => {
    expect(() => spotList(si, { zone: [0, 0, 0] })).toThrow(RangeError);
    expect(() => spotList(si, { zone: [0, 0.5, 1] as unknown as [number, number, number] })).toThrow(
      TypeError,
    );
    expect(() => spotList(si, { zone: [0, 0, 1], voltage: -1 })).toThrow(RangeError);
    expect(() => spotList(si, { zone: [0, 0, 1], size: 0 })).toThrow(RangeError);
  });
});
