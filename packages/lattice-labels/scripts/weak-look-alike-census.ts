/**
 * How often the crystals of the shared CIF corpus pass for their weak-reflection look-alike (the registry's
 * `weakLookAlikes`): for every CIF of a registry group in ../shared/cifs/cubic and each look-alike of that group,
 * whether its patterns at all 16 zones show the look-alike's labels (and spacings, at the look-alike's cell) once
 * the reflections weaker than a detection limit are dropped. Prints a Markdown table (used in docs/labels.md).
 *
 * A reflection's strength is |F|² over (Σ f)², its intensity were every atom in phase: this removes the fall of the
 * scattering factors with angle, which any pattern shows and which is not what sets these look-alikes apart; the
 * limit is a fraction of the strongest such value among the reflections a label looks at.
 *
 * Run from the repository root (needs the shared folder's cifs/, ../shared or SADP_SHARED; the CIF files are
 * third-party and never copied here):
 *   npx tsx --tsconfig packages/lattice-labels/tsconfig.json packages/lattice-labels/scripts/weak-look-alike-census.ts
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Structure } from '@sadp/cif';
import { structureFactors } from '@sadp/diffraction-sim';
import { sharedCifs } from '../../../vitest.shared';
import { cubicRegistry } from '../src/cubic-registry';
import { labelOfPlane } from '../src/pattern-label';
import { representativeStructure } from '../src/representatives';
import { CUBIC_ZONES } from '../src/zones';
import { corpusStructure } from './corpus';

const dir = resolve(sharedCifs.dir, 'cubic');
if (!sharedCifs.available || !existsSync(dir)) {
  console.error(`skipped: ${sharedCifs.reason || `${dir} absent`}`);
  process.exit(0);
}

/** Detection limits tried, as fractions of the strongest normalised reflection. */
const LIMITS = [1e-3, 1e-2, 3e-2, 0.1];

/** Label key and shortest spacing (in units of 1/a) per zone, reflections below `limit` dropped. */
function looks(s: Structure, limit: number): string[] | null {
  const inPhase: Structure = {
    ...s,
    atoms: { ...s.atoms, position: new Float64Array(s.atoms.position.length) },
  };
  const intensities = (hkl: Int32Array) => {
    const out = structureFactors(s, hkl, { debyeWaller: false }).intensity;
    const all = structureFactors(inPhase, hkl, { debyeWaller: false }).intensity;
    let max = 0;
    for (let r = 1; r < out.length; r++) max = Math.max(max, out[r]! / all[r]!);
    for (let r = 1; r < out.length; r++) if (out[r]! / all[r]! < limit * max) out[r] = 0;
    return out;
  };
  try {
    return CUBIC_ZONES.map((z) => {
      const l = labelOfPlane(s.cell, z, intensities);
      return `${l.key}@${(l.lengths[0] * s.cell.a).toFixed(3)}`;
    });
  } catch {
    return null;
  }
}

/** The look-alike variant's keys and spacings, scaled to the crystal's cell. */
function target(variant: string, latticeRatio: number): string[] {
  const s = representativeStructure(variant);
  return CUBIC_ZONES.map((z) => {
    const l = labelOfPlane(s.cell, z, (hkl) => structureFactors(s, hkl, { debyeWaller: false }).intensity);
    return `${l.key}@${((l.lengths[0] * s.cell.a) / latticeRatio).toFixed(3)}`;
  });
}

const entries = cubicRegistry.weakLookAlikes ?? [];
const targets = entries.map((e) => target(e.looksLike, e.latticeRatio));
const total = new Map<number, number>();
const hits = entries.map(() => LIMITS.map(() => [] as string[]));
for (const file of readdirSync(dir).sort()) {
  const group = Number(file.slice(0, 3));
  if (!cubicRegistry.spaceGroups.includes(group)) continue;
  const read = corpusStructure(dir, file);
  if ('failure' in read) continue;
  const s = read.structure;
  total.set(group, (total.get(group) ?? 0) + 1);
  entries.forEach((e, k) => {
    if (e.spaceGroup !== group) return;
    LIMITS.forEach((limit, j) => {
      const seen = looks(s, limit);
      if (seen?.every((x, z) => x === targets[k]![z])) hits[k]![j]!.push(s.formula);
    });
  });
}

console.log(
  `| look-alike | ${LIMITS.map((l) => `limit ${l}`).join(' | ')} |\n|---|${LIMITS.map(() => '---').join('|')}|`,
);
entries.forEach((e, k) => {
  const n = total.get(e.spaceGroup) ?? 0;
  const cells = hits[k]!.map(
    (h) => `${h.length} / ${n}${h.length ? ` (${[...new Set(h)].join(', ')})` : ''}`,
  );
  console.log(
    `| ${e.variant} → ${e.looksLike}${e.latticeRatio === 1 ? '' : ` at ${e.latticeRatio} a`} (${e.weak} weak) | ${cells.join(' | ')} |`,
  );
});
