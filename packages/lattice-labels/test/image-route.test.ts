import { simulate } from '@sadp/diffraction-sim';
import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  findSpots,
  friedelCentre,
  isLatticeLabelError,
  labelLikelihood,
  labelOf,
  latticeOfImage,
  representativeStructure,
} from '../src/index';

const si = representativeStructure('227-2');
/** 256 px pattern at 1/a = 16 px, spots of σ 2 px, peaks = I^0.5, direct beam drawn: what the dataset renders. */
function pattern(variant: string, zone: readonly number[], extra: Record<string, unknown> = {}) {
  const s = representativeStructure(variant);
  const p = simulate(s, {
    zone: [zone[0]!, zone[1]!, zone[2]!],
    size: 256,
    calibration: 1 / (s.cell.a * 16),
    spotSigma: 2,
    gamma: 0.5,
    directBeam: true,
    seed: 3,
    ...extra,
  });
  return { p, image: { width: p.size, height: p.size, data: p.image } };
}

describe('findSpots', () => {
  it('finds the simulated spots at their positions (Si [011], clean)', () => {
    const { p, image } = pattern('227-2', [0, 1, 1]);
    const found = findSpots(image, { smoothing: 2 });
    // Every found spot is within 0.1 px of a simulated spot, and every simulated spot that is clearly inside
    // the image and not too faint is found.
    const { x, y, intensity } = p.spots;
    let imax = 0;
    for (let i = 0; i < x.length; i++) imax = Math.max(imax, intensity[i]!);
    for (let k = 0; k < found.x.length; k++) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < x.length; i++)
        best = Math.min(best, Math.hypot(found.x[k]! - x[i]!, found.y[k]! - y[i]!));
      expect(best).toBeLessThan(0.1);
    }
    let strong = 0;
    let inside = 0;
    for (let i = 0; i < x.length; i++) {
      if (!(x[i]! > 4 && x[i]! < 251 && y[i]! > 4 && y[i]! < 251)) continue;
      inside++;
      if (Math.sqrt(intensity[i]! / imax) > 0.05) strong++;
    }
    expect(found.x.length).toBeGreaterThanOrEqual(strong);
    expect(found.x.length).toBeLessThanOrEqual(inside);
    // The direct beam, at the centre of the image, is the centre of Friedel symmetry (as high as the strongest
    // reflections, since peaks are normalised to the brightest spot).
    const [bx, by] = friedelCentre(found);
    expect(Math.hypot(bx - 127.5, by - 127.5)).toBeLessThan(0.05);
    // Without the beam drawn, the centre lies between Friedel pairs.
    const noBeam = findSpots(pattern('227-2', [0, 1, 1], { directBeam: false }).image, { smoothing: 2 });
    const [nx, ny] = friedelCentre(noBeam);
    expect(Math.hypot(nx - 127.5, ny - 127.5)).toBeLessThan(0.05);
  });

  it('keeps noise out: a flat noisy image has (almost) no spots, a noisy pattern keeps its lattice', () => {
    const flat = Float32Array.from({ length: 128 * 128 }, (_, i) => 0.2 + 0.05 * Math.sin(i * 12.9898) ** 2);
    expect(findSpots({ width: 128, height: 128, data: flat }, { smoothing: 2 }).x.length).toBeLessThan(5);
    const { image } = pattern('227-2', [0, 1, 1], {
      background: { constant: 0.02, diffuse: 0.1 },
      noise: { poisson: 50 },
    });
    const fit = latticeOfImage(image, { spots: { snr: 8 } });
    expect(fit?.label).toBe(labelOf(si, [0, 1, 1]).name);
  });

  it('rejects data that does not match the size', () => {
    try {
      findSpots({ width: 10, height: 10, data: new Float32Array(50) });
      expect.unreachable();
    } catch (error) {
      expect(isLatticeLabelError(error) && error.code).toBe('E_LABEL_IMAGE');
      expect((error as Error).message).toMatch(/10×10 needs 100 values/);
    }
  });
});

describe('latticeOfImage + labelLikelihood', () => {
  it('measure the lattice shape of clean 256 px patterns: every variant, all 16 zones', () => {
    let fitted = 0;
    let total = 0;
    for (const v of CUBIC_VARIANTS) {
      const s = representativeStructure(v.id);
      for (const z of CUBIC_ZONES) {
        total++;
        const want = labelOf(s, z);
        const fit = latticeOfImage(pattern(v.id, z).image);
        // Some zones show a single row of spots in the field of view: no lattice, never a wrong one.
        if (!fit) continue;
        fitted++;
        const likelihood = labelLikelihood(fit);
        const index = cubicRegistry.labels.findIndex((e) => e.name === want.name);
        expect(likelihood[index], `${v.id} [${z.join('')}] ${want.name}`).toBeGreaterThan(0.5);
        expect(Math.max(...likelihood)).toBe(likelihood[index]);
      }
    }
    expect(fitted).toBeGreaterThanOrEqual(0.8 * total);
  });

  it('puts labels of other shapes at the floor and labels of the same shape by their absences', () => {
    const fit = latticeOfImage(pattern('227-2', [0, 0, 1]).image)!;
    expect(fit.lattice).toBe('A');
    const likelihood = labelLikelihood(fit, cubicRegistry, { shapeFloor: 0.02, absenceFloor: 0.01 });
    cubicRegistry.labels.forEach((entry, i) => {
      if (entry.lattice !== 'A') expect(likelihood[i]).toBeLessThanOrEqual(0.02);
    });
    const a10 = likelihood[cubicRegistry.labels.findIndex((e) => e.name === 'A1-0')]!;
    const a11 = likelihood[cubicRegistry.labels.findIndex((e) => e.name === 'A1-1')]!;
    // Si [001] shows 220-type spots only, on a square lattice with no further absences: A1-0.
    expect(labelOf(si, [0, 0, 1]).name).toBe('A1-0');
    expect(a10).toBeGreaterThan(a11);
    expect(labelLikelihood(fit, cubicRegistry, { absenceWeight: 0 })).not.toEqual(likelihood);
  });
});
