import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStructures } from '@sadp/cif';
import { simulate } from '@sadp/diffraction-sim';
import { describe, expect, it } from 'vitest';
import { imagingSettings, resolveImagingVariation, resolveOptions } from '../src/index';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('imaging variation: detector-like conditions drawn per image', () => {
  const variation = resolveImagingVariation({
    fraction: 0.3,
    poisson: [10, 1000],
    gaussian: [0, 0.02],
    background: [0, 0.05],
    diffuse: [0.1, 0.2],
    tilt: 1.5,
  });
  const drawn = Array.from({ length: 2000 }, (_, seed) => imagingSettings(variation, seed));

  it('draws every condition within its range for a `fraction` of the images, deterministically', () => {
    const varied = drawn.filter((s) => s.noise !== undefined);
    expect(varied.length / drawn.length).toBeGreaterThan(0.26);
    expect(varied.length / drawn.length).toBeLessThan(0.34);
    for (const s of drawn) {
      if (s.noise === undefined) {
        expect(s).toEqual({});
        continue;
      }
      expect(s.noise.poisson).toBeGreaterThanOrEqual(10);
      expect(s.noise.poisson).toBeLessThanOrEqual(1000);
      expect(s.noise.gaussian).toBeLessThanOrEqual(0.02);
      expect(s.background!.constant).toBeLessThanOrEqual(0.05);
      expect(s.background!.diffuse).toBeGreaterThanOrEqual(0.1);
      expect(Math.hypot(...s.tilt!)).toBeLessThanOrEqual(1.5);
    }
    // log-uniform counts: about half of them below the geometric mean, 100
    const low = varied.filter((s) => s.noise!.poisson < 100).length / varied.length;
    expect(low).toBeGreaterThan(0.4);
    expect(low).toBeLessThan(0.6);
    expect(imagingSettings(variation, 7)).toEqual(drawn[7]);
  });

  it('gives the simulator a noisy pattern with the same spots as the clean one', () => {
    const [nacl] = readStructures(readFileSync(join(fixtures, 'NaCl.cif'), 'utf8'));
    const seed = drawn.findIndex((s) => s.noise !== undefined);
    const settings = imagingSettings(variation, seed);
    const clean = simulate(nacl!, { zone: [0, 0, 1], size: 64, seed });
    const noisy = simulate(nacl!, { zone: [0, 0, 1], size: 64, seed, ...settings });
    expect(noisy.image).not.toEqual(clean.image);
    const { tilt } = settings;
    expect(simulate(nacl!, { zone: [0, 0, 1], size: 64, seed, tilt: tilt! }).spots.count).toBe(
      noisy.spots.count,
    );
  });

  it('is validated by resolveOptions, naming the bad field', () => {
    const base = { inputs: ['x.cif'], outDir: 'out' };
    expect(resolveOptions(base).imaging).toBe(false);
    expect(resolveOptions({ ...base, imaging: { poisson: [5, 50] } }).imaging).toEqual({
      fraction: 1,
      poisson: [5, 50],
    });
    expect(() => resolveOptions({ ...base, imaging: { poisson: [0, 50] } })).toThrow(/imaging.poisson/);
    expect(() => resolveOptions({ ...base, imaging: { background: [0.2, 0.1] } })).toThrow(
      /imaging.background/,
    );
    expect(() => resolveOptions({ ...base, imaging: { fraction: 2 } })).toThrow(/imaging.fraction/);
    expect(() => resolveOptions({ ...base, imaging: { noise: 1 } as never })).toThrow(/no field "noise"/);
  });
});

describe('imaging conventions', () => {
  const conventions = {
    spotSigma: [0.4, 2.5],
    profiles: ['gaussian', 'lorentzian', 'voigt'],
    gamma: [0.3, 1],
    directBeam: [0.3, 100],
    directBeamAbsent: 0.15,
    thickness: [20, 1000],
    intensityJitter: [0, 0.4],
    doubleDiffraction: { chance: 0.3, strength: [0.01, 0.2] },
    ellipticity: [0, 0.03],
    beamStop: 0.1,
    centreOffset: 3,
  } as const;
  const variation = resolveImagingVariation({ fraction: 0.5, poisson: [10, 100], conventions });
  const drawn = Array.from({ length: 2000 }, (_, seed) => imagingSettings(variation, seed, 64));

  it('are drawn for every image within their ranges, at their rates', () => {
    for (const s of drawn) {
      expect(s.spotSigma).toBeGreaterThanOrEqual(0.4);
      expect(s.spotSigma).toBeLessThanOrEqual(2.5);
      expect(s.gamma).toBeGreaterThanOrEqual(0.3);
      expect(Math.hypot(s.center![0] - 31.5, s.center![1] - 31.5)).toBeLessThanOrEqual(3);
      if (s.directBeam) expect(s.directBeamIntensity).toBeGreaterThanOrEqual(0.3);
      expect(s.artefacts?.ellipticity).toBeLessThanOrEqual(0.03);
    }
    const share = (f: (s: (typeof drawn)[number]) => boolean) => drawn.filter(f).length / drawn.length;
    expect(share((s) => s.directBeam === false)).toBeCloseTo(0.15, 1);
    expect(share((s) => s.artefacts?.doubleDiffraction !== undefined)).toBeCloseTo(0.3, 1);
    expect(share((s) => s.artefacts?.beamStop !== undefined)).toBeCloseTo(0.1, 1);
    expect(share((s) => s.spotProfile === 'lorentzian')).toBeCloseTo(1 / 3, 1);
    expect(share((s) => s.noise !== undefined)).toBeCloseTo(0.5, 1);
  });

  it('leave the other draws of a seed unchanged', () => {
    const without = resolveImagingVariation({ fraction: 0.5, poisson: [10, 100] });
    drawn.slice(0, 50).forEach((s, seed) => {
      expect(s.noise).toEqual(imagingSettings(without, seed).noise);
    });
  });

  it('reject unknown fields and bad ranges, naming them', () => {
    expect(() => resolveImagingVariation({ conventions: { glare: 1 } as never })).toThrow(
      /conventions has no field "glare"/,
    );
    expect(() => resolveImagingVariation({ conventions: { gamma: [0, 1] } })).toThrow(/conventions.gamma/);
    expect(() => resolveImagingVariation({ conventions: { beamStop: 2 } })).toThrow(/beamStop/);
    expect(() => resolveImagingVariation({ conventions: { profiles: ['box' as never] } })).toThrow(
      /profiles/,
    );
  });
});

describe('noEnvelope', () => {
  it('turns off the relrod envelope and the Debye–Waller damping together, at its rate', () => {
    const variation = resolveImagingVariation({ conventions: { noEnvelope: 0.35 } });
    const drawn = Array.from({ length: 1000 }, (_, seed) => imagingSettings(variation, seed));
    const flat = drawn.filter((s) => s.shapeFunction === 'none');
    expect(flat.length / drawn.length).toBeCloseTo(0.35, 1);
    for (const s of flat) expect(s.debyeWaller).toBe(false);
  });
});
