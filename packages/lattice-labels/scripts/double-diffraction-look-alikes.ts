/**
 * Which registry variants show another variant's patterns once double diffraction lights the absences it can
 * reach (`litZoneLooks`: an absence that is the sum of two present reflections of the zone): per variant, the zones
 * whose label changes and the variants whose labels, and labels and spacings, it then shows at all 16 zones (the
 * latter is the registry's `doubleDiffractionLookAlikes`). Prints a Markdown table (docs/double-diffraction.md).
 * Needs nothing outside the repository:
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/double-diffraction-look-alikes.ts
 */
import { cubicRegistry } from '../src/cubic-registry';
import { litZoneLooks } from '../src/double-diffraction-look-alikes';
import { labelByKey } from '../src/registry';
import { representativeStructure } from '../src/representatives';
import { zoneLooks } from '../src/weak-look-alikes';
import { CUBIC_ZONES } from '../src/zones';

/** Label name and spacing of each zone from `zoneLooks`' `"<key>@<spacing>"`. */
const parse = (looks: readonly string[]) =>
  looks.map((look) => {
    const [key, spacing] = look.split('@');
    return { name: labelByKey(cubicRegistry, key!)?.name ?? '(none)', spacing: Number(spacing) };
  });

const variants = cubicRegistry.variants ?? [];
const kinematic = variants.map((v) => parse(zoneLooks(representativeStructure(v.id), CUBIC_ZONES) ?? []));
const lit = variants.map((v) => parse(litZoneLooks(representativeStructure(v.id), CUBIC_ZONES).looks ?? []));

console.log(
  '| variant | zones whose label double diffraction changes | shows at all 16 zones: labels | … and spacings |',
);
console.log('|---|---|---|---|');
variants.forEach((v, i) => {
  const changed = CUBIC_ZONES.flatMap((z, k) =>
    kinematic[i]![k]!.name === lit[i]![k]!.name
      ? []
      : [`[${z.join('')}] ${kinematic[i]![k]!.name} → ${lit[i]![k]!.name}`],
  );
  const alike = (spacings: boolean) =>
    variants
      .filter(
        (w, j) =>
          w.spaceGroup !== v.spaceGroup &&
          CUBIC_ZONES.every(
            (_, k) =>
              lit[i]![k]!.name === kinematic[j]![k]!.name &&
              (!spacings || Math.abs(lit[i]![k]!.spacing / kinematic[j]![k]!.spacing - 1) < 1e-4),
          ),
      )
      .map((w) => w.id)
      .join(', ') || '–';
  console.log(
    `| ${v.id} | ${changed.length}: ${changed.join(', ') || '–'} | ${alike(false)} | ${alike(true)} |`,
  );
});
