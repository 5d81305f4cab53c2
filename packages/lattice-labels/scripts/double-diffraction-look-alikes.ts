/**
 * Which registry variants show another variant's patterns once double diffraction lights the absences it can reach:
 * each variant's representative structure is simulated at the 16 zones with `artefacts.doubleDiffraction` (every
 * g₁ + g₂ of two reflections of the zone at 10 % of √(I₁ I₂)), its spot list labelled by `labelFromSpots`, and the
 * label and spacing (units of 1/a) compared with every other variant's kinematic ones at the same zone. Prints a
 * Markdown table (used in docs/double-diffraction.md). Needs nothing outside the repository:
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/double-diffraction-look-alikes.ts
 */
import { simulate } from '@sadp/diffraction-sim';
import { cubicRegistry } from '../src/cubic-registry';
import { labelFromSpots } from '../src/label-from-spots';
import { labelOf } from '../src/label-of';
import { representativeStructure } from '../src/representatives';
import { CUBIC_ZONES } from '../src/zones';

/** Pixels spanned by 1/a in the simulated patterns (512 px: every zone shows several rows). */
const CELL = 20;
const SIZE = 512;

interface Look {
  label: string;
  /** Shortest spot spacing, units of 1/a. */
  spacing: number;
}

/** The label and spacing of `variant` at `zone`, kinematic or with double diffraction at `strength`. */
function look(variant: string, zone: readonly [number, number, number], strength: number): Look {
  const s = representativeStructure(variant);
  if (strength === 0) {
    const label = labelOf(s, zone).name ?? '–';
    const member = cubicRegistry.labels
      .find((l) => l.name === label)
      ?.members.find((m) => m.variant === variant && m.zone.join() === zone.join());
    return { label, spacing: member?.spacing ?? Number.NaN };
  }
  const { spots } = simulate(s, {
    zone: [...zone],
    size: SIZE,
    calibration: 1 / (s.cell.a * CELL),
    artefacts: { doubleDiffraction: strength },
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
    { center: [(SIZE - 1) / 2, (SIZE - 1) / 2] },
  );
  return { label: fit.label ?? '–', spacing: Math.hypot(fit.basis[0], fit.basis[1]) / CELL };
}

const variants = (cubicRegistry.variants ?? []).map((v) => v.id);
const key = (variant: string, zone: readonly number[]) => `${variant} ${zone.join('')}`;
const kinematic = new Map<string, Look>();
const lit = new Map<string, Look>();
for (const v of variants)
  for (const zone of CUBIC_ZONES) {
    kinematic.set(key(v, zone), look(v, zone, 0));
    lit.set(key(v, zone), look(v, zone, 0.1));
  }
const same = (a: Look, b: Look, spacings: boolean) =>
  a.label === b.label && (!spacings || Math.abs(a.spacing / b.spacing - 1) < 0.02);

console.log(
  '| variant | zones whose label double diffraction changes | shows at all 16 zones: labels | … and spacings |',
);
console.log('|---|---|---|---|');
for (const v of variants) {
  const changed = CUBIC_ZONES.filter(
    (z) => kinematic.get(key(v, z))!.label !== lit.get(key(v, z))!.label,
  ).map((z) => `[${z.join('')}] ${kinematic.get(key(v, z))!.label} → ${lit.get(key(v, z))!.label}`);
  const alike = (spacings: boolean) =>
    variants
      .filter(
        (w) =>
          w !== v && CUBIC_ZONES.every((z) => same(lit.get(key(v, z))!, kinematic.get(key(w, z))!, spacings)),
      )
      .join(', ') || '–';
  console.log(
    `| ${v} | ${changed.length}: ${changed.join(', ') || '–'} | ${alike(false)} | ${alike(true)} |`,
  );
}
