import { simulate } from '@sadp/diffraction-sim';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  labelOf,
  representativeStructure,
} from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { argmax, loadClassifier } from '../src/index';

// Every representative structure (one per space group and 227 variant), all 16 zones, as 256 px camera images
// across the model's scale range (1/a = 14–23 px, shrunk 4× to the 64 px input), with low-count shot noise and a
// diffuse background.
const cases = CUBIC_VARIANTS.flatMap((v) =>
  CUBIC_ZONES.map((zone, z) => {
    const cellPixels = 14 + (9 * ((z * 7 + v.spaceGroup) % 16)) / 15;
    const s = representativeStructure(v.id);
    const p = simulate(s, {
      zone,
      size: 256,
      calibration: 1 / (s.cell.a * cellPixels),
      spotSigma: cellPixels / 4.6,
      gamma: 0.5,
      directBeam: true,
      background: { constant: 0.02, diffuse: 0.1 },
      noise: { poisson: 30 },
      seed: 11,
    });
    const label = labelOf(s, zone).name!;
    const member = cubicRegistry.labels
      .find((l) => l.name === label)!
      .members.find((m) => m.variant === v.id && m.zone.join('') === zone.join(''))!;
    return { image: { width: 256, height: 256, data: p.image }, label, cellPixels, spacing: member.spacing! };
  }),
);

describe('classify with the lattice measured from the spots', () => {
  it('labels more patterns correctly than the network alone', async () => {
    const classifier = await loadClassifier();
    const n = classifier.labels.length;
    const images = cases.map((c) => c.image);
    const correct = (p: Float32Array) =>
      cases.filter((c, i) => classifier.labels[argmax(p.subarray(i * n, (i + 1) * n))] === c.label).length;
    const alone = correct(classifier.classify(images, { geometry: false }));
    const combined = correct(classifier.classify(images));
    console.log(`geometry: ${alone} → ${combined} of ${cases.length} patterns labelled correctly`);
    expect(combined).toBeGreaterThan(alone);
    expect(combined).toBeGreaterThanOrEqual(0.9 * cases.length);
    // Rows stay probability distributions.
    const p = classifier.classify(images.slice(0, 3));
    for (let i = 0; i < 3; i++) {
      const sum = p.subarray(i * n, (i + 1) * n).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
  }, 60_000);
});

describe('analyse', () => {
  it('measures each spot spacing in the proportions the registry gives for its variant and zone', async () => {
    const classifier = await loadClassifier();
    const { spacings } = classifier.analyse(cases.map((c) => c.image));
    const fitted = cases.filter((_, i) => Number.isFinite(spacings[i]!));
    // Pixels over 1/a in pixels = the spacing in units of 1/a.
    const close = cases.filter(
      (c, i) => Math.abs(Math.log(spacings[i]! / c.cellPixels / c.spacing)) < 0.03,
    ).length;
    console.log(`spacings: ${fitted.length} of ${cases.length} fitted, ${close} within 3 % of the registry`);
    expect(fitted.length).toBeGreaterThanOrEqual(0.8 * cases.length);
    expect(close).toBeGreaterThanOrEqual(0.9 * fitted.length);
    const off = classifier.analyse([cases[0]!.image], { geometry: false });
    expect(Number.isNaN(off.spacings[0]!)).toBe(true);
  }, 60_000);
});
