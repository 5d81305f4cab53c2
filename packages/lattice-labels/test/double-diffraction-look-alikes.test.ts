import { simulate } from '@sadp/diffraction-sim';
import { describe, expect, it } from 'vitest';
import {
  CUBIC_VARIANTS,
  CUBIC_ZONES,
  cubicRegistry,
  doubleDiffractionLookAlikes,
  labelFromSpots,
  labelOf,
  representativeStructure,
  type ZoneAxis,
} from '../src/index';

const representatives = () => CUBIC_VARIANTS.map((v) => ({ ...v, structure: representativeStructure(v.id) }));

/** Pixels spanned by 1/a in the simulated spot lists. */
const CELL = 20;

/**
 * The label and shortest spacing (units of 1/a) of `variant` at `zone` read from a simulated spot list with double
 * diffraction at 10 % of √(I₁ I₂): `@sadp/diffraction-sim`'s artefact (g₁ + g₂ of the pattern's own reflections),
 * not the registry's node lists.
 */
function lit(variant: string, zone: ZoneAxis): { label: string | null; spacing: number } {
  const s = representativeStructure(variant);
  const size = 512;
  const { spots } = simulate(s, {
    zone: [zone[0], zone[1], zone[2]],
    size,
    calibration: 1 / (s.cell.a * CELL),
    artefacts: { doubleDiffraction: 0.1 },
  });
  const keep = [...Array(spots.count).keys()].filter(
    (i) => spots.intensity[i]! > 1e-4 && (spots.h[i] !== 0 || spots.k[i] !== 0 || spots.l[i] !== 0),
  );
  const fit = labelFromSpots(
    {
      x: Float64Array.from(keep, (i) => spots.x[i]!),
      y: Float64Array.from(keep, (i) => spots.y[i]!),
      intensity: Float64Array.from(keep, (i) => spots.intensity[i]!),
    },
    { center: [(size - 1) / 2, (size - 1) / 2] },
  );
  return { label: fit.label, spacing: Math.hypot(fit.basis[0], fit.basis[1]) / CELL };
}

/** The kinematic label and shortest spacing (units of 1/a) of `variant` at `zone`. */
function kinematic(variant: string, zone: ZoneAxis): { label: string | null; spacing: number } {
  const s = representativeStructure(variant);
  const l = labelOf(s, zone);
  return { label: l.name, spacing: l.lengths[0] * s.cell.a };
}

describe('doubleDiffractionLookAlikes', () => {
  it('is what the cubic registry stores (regenerate it with scripts/generate-registry.ts otherwise)', () => {
    expect(cubicRegistry.doubleDiffractionLookAlikes).toEqual(
      doubleDiffractionLookAlikes(representatives(), CUBIC_ZONES),
    );
  });

  it('finds P4₁32 passing for Pm-3m, and nothing else', () => {
    const found = doubleDiffractionLookAlikes(representatives(), CUBIC_ZONES).map(
      (e) => `${e.variant} ${e.example.join('')} → ${e.looksLike} × ${e.latticeRatio}`,
    );
    // Only P4₁32's 4₁ absences (h00, h ≠ 4n) are all sums of two allowed reflections of their zones; the 227
    // variants keep zones where their glide absences are not ([001], whose (200) is no sum of allowed (hk0)).
    expect(found).toEqual(['213 100 → 221 × 1']);
  });

  it('agrees with simulated patterns: lit, P4₁32 shows Pm-3m’s labels and spacings at every zone', () => {
    for (const zone of CUBIC_ZONES) {
      const seen = lit('213', zone);
      const pm3m = kinematic('221', zone);
      expect(seen.label).toBe(pm3m.label);
      expect(seen.spacing).toBeCloseTo(pm3m.spacing, 3);
    }
  });

  it('agrees with simulated patterns: lit, diamond shows Fm-3m’s [011] (Si 002) but keeps its own [001] spacing', () => {
    expect(kinematic('227-2', [0, 1, 1]).label).not.toBe(kinematic('225', [0, 1, 1]).label);
    expect(lit('227-2', [0, 1, 1]).label).toBe(kinematic('225', [0, 1, 1]).label);
    // [001] shows (220) and (400) only: its (200) is no sum of two of them, and the cell stays √2 × Fm-3m's.
    expect(lit('227-2', [0, 0, 1]).spacing).toBeCloseTo(2 * Math.SQRT2, 3);
    expect(kinematic('225', [0, 0, 1]).spacing).toBeCloseTo(2, 3);
  });
});
