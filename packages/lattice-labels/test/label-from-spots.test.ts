import { spotList } from '@sadp/diffraction-sim';
import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  isLatticeLabelError,
  labelFromSpots,
  labelOf,
  parseSignature,
  reachableAbsences,
  representativeStructure,
  windowPoints,
} from '../src/index';
import { rng } from './fixtures/random';

describe('labelFromSpots agrees with labelOf on simulated spot lists', () => {
  for (const v of CUBIC_VARIANTS) {
    it(`${v.id}: all 16 zones`, () => {
      const s = representativeStructure(v.id);
      const random = rng(v.spaceGroup);
      for (const z of CUBIC_ZONES) {
        const want = labelOf(s, z).name;
        const spots = spotList(s, { zone: [z[0], z[1], z[2]], calibration: 0.03, rotation: 360 * random() });
        const got = labelFromSpots(spots);
        expect(got.label, `${v.id} [${z.join('')}]`).toBe(want);
        expect(got.candidates.some((m) => m.variant === v.id && m.zone.join() === z.join())).toBe(true);
      }
    });
  }
});

describe('labelFromSpots invariance', () => {
  const si = representativeStructure('227-2');
  const zone = [0, 1, 1] as const;
  const base = spotList(si, { zone: [...zone], calibration: 0.03 });
  const want = labelOf(si, zone).name;

  it('ignores rotation, scale, offset and a mirror-free relabelling of the spots', () => {
    const random = rng(7);
    for (let trial = 0; trial < 10; trial++) {
      const th = 2 * Math.PI * random();
      const sc = 0.3 + 5 * random();
      const ox = 1000 * (random() - 0.5);
      const oy = 1000 * (random() - 0.5);
      const c = Math.cos(th);
      const s = Math.sin(th);
      const order = [...Array(base.count).keys()].sort(() => random() - 0.5);
      const x = order.map((i) => ox + sc * (c * base.x[i]! - s * base.y[i]!));
      const y = order.map((i) => oy + sc * (s * base.x[i]! + c * base.y[i]!));
      const intensity = order.map((i) => base.intensity[i]!);
      const r = labelFromSpots({ x, y, intensity });
      expect(r.label).toBe(want);
    }
  });

  it('tolerates missing spots, positional noise and an off-centre crop', () => {
    const random = rng(11);
    const keep = [...Array(base.count).keys()].filter(() => random() > 0.15);
    const noisy = {
      x: keep.map((i) => base.x[i]! + 0.3 * (random() - 0.5)),
      y: keep.map((i) => base.y[i]! + 0.3 * (random() - 0.5)),
      intensity: keep.map((i) => base.intensity[i]!),
    };
    expect(labelFromSpots(noisy).label).toBe(want);
    // Crop: keep only spots in a window whose centre is 40 px off the pattern centre.
    const crop = [...Array(base.count).keys()].filter(
      (i) => Math.abs(base.x[i]! - 167) < 100 && Math.abs(base.y[i]! - 140) < 100,
    );
    const r = labelFromSpots({
      x: crop.map((i) => base.x[i]!),
      y: crop.map((i) => base.y[i]!),
      intensity: crop.map((i) => base.intensity[i]!),
    });
    expect(r.label).toBe(want);
    expect(r.center[0]).toBeCloseTo(127.5, 1);
  });

  it('reports the mirror image of a chiral oblique pattern separately', () => {
    const cscl = representativeStructure('221');
    const sp = spotList(cscl, { zone: [1, 2, 3], calibration: 0.03 });
    const r = labelFromSpots(sp);
    expect(r.label).toBe(labelOf(cscl, [1, 2, 3]).name);
    const mirrored = labelFromSpots({ x: Array.from(sp.x, (x) => -x), y: sp.y, intensity: sp.intensity });
    expect(mirrored.angleBOA).toBeCloseTo(180 - r.angleBOA, 3);
    expect(mirrored.mirrorLabel).toBe(r.label);
    expect(mirrored.label).not.toBe(r.label);
  });

  it('reads detector-frame g vectors with yAxis "up" like pixel positions with y down', () => {
    const w = representativeStructure('229');
    const sp = spotList(w, { zone: [1, 2, 3], calibration: 0.03, rotation: 40 });
    const fromPixels = labelFromSpots(sp);
    const fromG = labelFromSpots({ x: sp.gx, y: sp.gy, intensity: sp.intensity }, { yAxis: 'up' });
    expect(fromG.label).toBe(fromPixels.label);
    expect(fromG.label).toBe(labelOf(w, [1, 2, 3]).name);
  });

  it('fails clearly for too few or collinear spots', () => {
    expect(() => labelFromSpots({ x: [0, 1], y: [0, 0] })).toThrow(/at least 3 spots/);
    try {
      labelFromSpots({ x: [1, 2, 3, 4, -1, -2, -3, -4], y: [0, 0, 0, 0, 0, 0, 0, 0] });
      expect.unreachable();
    } catch (e) {
      expect(isLatticeLabelError(e)).toBe(true);
    }
  });
});

describe('labelFromSpots({ doubleDiffractionCost })', () => {
  const si = representativeStructure('227-2');
  const zone = [0, 1, 1] as const;
  const want = labelOf(si, zone).name;
  const list = spotList(si, { zone: [...zone], calibration: 0.03 });
  // the list is centrosymmetric (Friedel pairs), so its mean position is the direct beam's
  const beamX = list.x.reduce((a, b) => a + b, 0) / list.count;
  const beamY = list.y.reduce((a, b) => a + b, 0) / list.count;
  const listed = new Set([...list.h.keys()].map((i) => `${list.h[i]},${list.k[i]},${list.l[i]}`));
  // g₁ + g₂ of two listed zero-order reflections where none is listed: Si 200 along [011] from 111 + 11̄1̄
  const x = [...list.x];
  const y = [...list.y];
  const intensity = [...list.intensity];
  const added = new Set<string>();
  for (let i = 0; i < list.count; i++)
    for (let j = i + 1; j < list.count; j++) {
      if (list.laueZone[i] !== 0 || list.laueZone[j] !== 0) continue;
      const key = `${list.h[i]! + list.h[j]!},${list.k[i]! + list.k[j]!},${list.l[i]! + list.l[j]!}`;
      if (key === '0,0,0' || listed.has(key) || added.has(key)) continue;
      added.add(key);
      x.push(list.x[i]! + list.x[j]! - beamX);
      y.push(list.y[i]! + list.y[j]! - beamY);
      intensity.push(0.05);
    }
  const spots = { x: Float64Array.from(x), y: Float64Array.from(y), intensity: Float64Array.from(intensity) };
  const costOf = (cost?: number) =>
    labelFromSpots(spots, cost === undefined ? {} : { doubleDiffractionCost: cost }).ranking.find(
      (c) => c.name === want,
    )!.cost;

  it('by default a spot at a glide absence costs as any unexpected spot; at 0 it costs nothing', () => {
    expect(added.has('2,0,0') || added.has('-2,0,0')).toBe(true);
    expect(costOf()).toBeGreaterThanOrEqual(4);
    expect(costOf(0.5)).toBeCloseTo(costOf() / 2, 6);
    expect(costOf(0)).toBe(0);
    // the kinematic list itself is read as before
    expect(labelFromSpots(list, { doubleDiffractionCost: 0 }).label).toBe(want);
  });

  it('reachableAbsences lists absent nodes only, those of Si [011] among them', () => {
    const pts = windowPoints([1, 0, 1]);
    for (const entry of cubicRegistry.labels) {
      const absent = parseSignature(entry.signature ?? '');
      for (const node of reachableAbsences(entry.signature ?? '', pts)) expect(absent.has(node)).toBe(true);
    }
    const si011 = cubicRegistry.labels.find((e) => e.name === want)!;
    expect(reachableAbsences(si011.signature ?? '', pts).size).toBeGreaterThan(0);
  });
});
