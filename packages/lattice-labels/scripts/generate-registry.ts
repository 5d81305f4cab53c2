/**
 * Generates src/cubic-registry.json (read by src/cubic-registry.ts): the labels of the 7 effective cubic groups (213, 221, 225, 227 × 3, 229)
 * over the 16 zone axes, computed with `labelOf` from the representative structures, and which of them look like
 * another group's when a class of their reflections is too weak to see (`weakLookAlikes`) or when double diffraction
 * lights their screw and glide absences (`doubleDiffractionLookAlikes`).
 *
 * Numbering (documented in docs/labels.md):
 * - shape sub-group: within each lattice type, distinct shapes sorted by their angles ascending
 *   (B: diagonal angle; D: ∠BOA then ∠OAB), numbered from 1 (A and C have one shape each);
 * - absence sub-group: within one shape, distinct signatures sorted by the number of absent nodes in the
 *   window, then by the signature string, numbered from 0 (0 = fewest absences);
 * - label order (class index): lattice type A, B, C, D, then shape number, then absence number.
 *
 * Run from the repository root:
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/generate-registry.ts
 *   npx biome format --write packages/lattice-labels/src/cubic-registry.json
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { doubleDiffractionLookAlikes } from '../src/double-diffraction-look-alikes';
import { labelOf } from '../src/label-of';
import type { PatternLabel } from '../src/pattern-label';
import { roundStored } from '../src/registry';
import type { LabelEntry, LabelRegistry } from '../src/registry-types';
import { CUBIC_VARIANTS, representativeStructure } from '../src/representatives';
import { SIGNATURE_WINDOW } from '../src/signature';
import { weakLookAlikes } from '../src/weak-look-alikes';
import { CUBIC_ZONES } from '../src/zones';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = ['A', 'B', 'C', 'D'] as const;

const found = new Map<string, { label: PatternLabel; members: LabelEntry['members'] }>();
for (const v of CUBIC_VARIANTS) {
  const s = representativeStructure(v.id);
  for (const zone of CUBIC_ZONES) {
    const label = labelOf(s, zone, { registry: null });
    let e = found.get(label.key);
    if (!e) {
      e = { label, members: [] };
      found.set(label.key, e);
    }
    e.members.push({
      spaceGroup: v.spaceGroup,
      zone: [zone[0], zone[1], zone[2]],
      variant: v.id,
      spacing: roundStored(label.lengths[0] * s.cell.a),
    });
  }
}

const labels: LabelEntry[] = [];
for (const type of TYPES) {
  const ofType = [...found.values()].filter((e) => e.label.lattice === type);
  const shapes = [...new Map(ofType.map((e) => [e.label.shapeKey, e.label])).values()].sort(
    (p, q) => p.diagonalAngle - q.diagonalAngle || p.angleBOA - q.angleBOA || p.angleOAB - q.angleOAB,
  );
  // For B the diagonal angle decides; for D ∠BOA then ∠OAB (diagonal angle ties cannot reorder distinct D shapes
  // consistently, so sort D by its own angles).
  if (type === 'D') shapes.sort((p, q) => p.angleBOA - q.angleBOA || p.angleOAB - q.angleOAB);
  shapes.forEach((shape, si) => {
    const subs = ofType
      .filter((e) => e.label.shapeKey === shape.shapeKey)
      .sort(
        (p, q) =>
          p.label.absentCount - q.label.absentCount ||
          (p.label.signature < q.label.signature ? -1 : p.label.signature > q.label.signature ? 1 : 0),
      );
    subs.forEach((e, sub) => {
      const l = e.label;
      labels.push({
        name: `${type}${si + 1}-${sub}`,
        lattice: type,
        shapeIndex: si + 1,
        subgroup: sub,
        shape: {
          ratio: roundStored(l.ratio),
          angleBOA: roundStored(l.angleBOA),
          angleOAB: roundStored(l.angleOAB),
          diagonalAngle: roundStored(l.diagonalAngle),
          centred: l.centred,
        },
        key: l.key,
        signature: l.signature,
        absentCount: l.absentCount,
        members: e.members,
      });
    });
  });
}

const withStructures = CUBIC_VARIANTS.map((v) => ({ ...v, structure: representativeStructure(v.id) }));
const registry: LabelRegistry = {
  version: 1,
  spaceGroups: [...new Set(CUBIC_VARIANTS.map((v) => v.spaceGroup))],
  zones: CUBIC_ZONES.map((z) => [z[0], z[1], z[2]]),
  labels,
  variants: CUBIC_VARIANTS.map((v) => ({ ...v })),
  signatureWindow: SIGNATURE_WINDOW,
  weakLookAlikes: weakLookAlikes(withStructures, CUBIC_ZONES),
  doubleDiffractionLookAlikes: doubleDiffractionLookAlikes(withStructures, CUBIC_ZONES),
};

writeFileSync(resolve(here, '../src/cubic-registry.json'), `${JSON.stringify(registry, null, 2)}\n`);
console.log(`${labels.length} labels written`);
for (const l of labels) {
  console.log(
    l.name.padEnd(7),
    (l.key ?? '').padEnd(34),
    l.members.map((m) => `${m.variant}[${m.zone.join('')}]`).join(' '),
  );
}
