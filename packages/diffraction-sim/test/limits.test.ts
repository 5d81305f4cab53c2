import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiffractionSimError, limits, resolveSettings, simulate, spotList } from '../src/index';
import { directBasis } from '../src/lattice';
import { estimateReflections } from '../src/spot-list';
import { silicon } from './fixtures/reference';

const si = silicon();

function simError(f: () => unknown): DiffractionSimError {
  try {
    f();
  } catch (error) {
    if (error instanceof DiffractionSimError) return error;
    throw error;
  }
  throw new Error('expected a DiffractionSimError');
}

describe('settings ranges', () => {
  it('accepts 1-3000 kV and rejects outside', () => {
    expect(resolveSettings({ zone: [0, 0, 1], voltage: 1e3 }).voltage).toBe(1e3);
    expect(resolveSettings({ zone: [0, 0, 1], voltage: 3e6 }).voltage).toBe(3e6);
    for (const voltage of [0, 999, 3.0001e6, 1e9, -200e3]) {
      expect(() => resolveSettings({ zone: [0, 0, 1], voltage })).toThrow(/voltage must be 1-3000 kV/);
    }
  });

  it('rejects camera lengths outside 1 mm-100 m and image sizes over limits.maxSize', () => {
    expect(() => resolveSettings({ zone: [0, 0, 1], cameraLength: 1e9 })).toThrow(
      /cameraLength must be 1-100000 mm/,
    );
    expect(() => resolveSettings({ zone: [0, 0, 1], cameraLength: 0.5 })).toThrow(RangeError);
    expect(() => resolveSettings({ zone: [0, 0, 1], cameraLength: 0 })).toThrow(RangeError);
    expect(() => resolveSettings({ zone: [0, 0, 1], size: limits.maxSize + 1 })).toThrow(
      /size must be an integer/,
    );
    expect(resolveSettings({ zone: [0, 0, 1], size: limits.maxSize }).size).toBe(limits.maxSize);
  });

  it('rejects every non-finite number in every numeric field (property)', () => {
    const fields = [
      'voltage',
      'cameraLength',
      'pixelSize',
      'calibration',
      'size',
      'rotation',
      'laueZones',
      'maxG',
      'thickness',
      'maxExcitationError',
      'defaultB',
      'minIntensity',
      'directBeamIntensity',
      'spotSigma',
      'gamma',
      'seed',
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (field, value) => {
          expect(() => resolveSettings({ zone: [0, 0, 1], [field]: value })).toThrow(RangeError);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('constant', 'diffuse', 'width'),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
        (field, value) => {
          expect(() => resolveSettings({ zone: [0, 0, 1], background: { [field]: value } })).toThrow(
            RangeError,
          );
          expect(() => resolveSettings({ zone: [0, 0, 1], noise: { poisson: value } })).toThrow(RangeError);
        },
      ),
    );
  });

  it('rejects negative spot sigmas (the dataset --simulation case)', () => {
    expect(() => resolveSettings({ zone: [0, 0, 1], spotSigma: -5 })).toThrow(
      /spotSigma must be a positive number/,
    );
  });
});

describe('work limits', () => {
  it('estimates the reflection count within ~30% of the enumerated one', () => {
    for (const zone of [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [1, 2, 3],
    ] as const) {
      const s = resolveSettings({ zone, size: 512, cameraLength: 100 });
      const spots = spotList(si, { zone, size: 512, cameraLength: 100, minIntensity: 0 });
      const estimate = estimateReflections(directBasis(si.cell), zone, s.maxG, 0);
      // Si forbids 3/4 of the reflections of its cubic cell along [001] (F centring) and some by the glide
      expect(estimate).toBeGreaterThan(spots.count);
      expect(estimate).toBeLessThan(8 * spots.count);
    }
  });

  it('refuses a huge cell before enumerating, naming the limit and how to raise it', () => {
    const big = { ...si, cell: { ...si.cell, a: 1000, b: 1000, c: 1000 } };
    const started = Date.now();
    const error = simError(() => simulate(big, { zone: [0, 0, 1] }));
    expect(Date.now() - started).toBeLessThan(200);
    expect(error.code).toBe('E_SIM_LIMIT');
    expect(error.message).toMatch(/reflections .*more than maxReflections = 200000/);
  });

  it('maxReflections can be lowered and raised', () => {
    const n = spotList(si, { zone: [0, 0, 1] }).count;
    expect(() => spotList({ ...si }, { zone: [0, 0, 1] }, { maxReflections: 5 })).toThrow(
      /maxReflections = 5/,
    );
    const big = { ...si, cell: { ...si.cell, a: 60, b: 60, c: 60 } };
    expect(() => spotList(big, { zone: [0, 0, 1] }, { maxReflections: 1000 })).toThrow(DiffractionSimError);
    expect(spotList(big, { zone: [0, 0, 1] }, { maxReflections: 1e6 }).count).toBeGreaterThan(n);
  });

  it('refuses reflections × atoms over maxReflectionAtoms', () => {
    const error = simError(() => spotList({ ...si }, { zone: [0, 0, 1] }, { maxReflectionAtoms: 10 }));
    expect(error.code).toBe('E_SIM_LIMIT');
    expect(error.message).toMatch(/structure-factor terms, more than maxReflectionAtoms/);
  });
});
