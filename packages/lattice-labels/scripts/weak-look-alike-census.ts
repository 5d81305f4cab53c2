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
import { representativeStructure } from '../src/representatives';
import { commonRatio, zoneLooks } from '../src/weak-look-alikes';
import { CUBIC_ZONES } from '../src/zones';
import { corpusStructure } from './corpus';

const dir = resolve(sharedCifs.dir, 'cubic');
if (!sharedCifs.available || !existsSync(dir)) {
  console.error(`skipped: ${sharedCifs.reason || `${dir} absent`}`);
  process.exit(0);
}

/** Detection limits tried, as fractions of the strongest normalised reflection. */
const LIMITS = [1e-3, 1e-2, 3e-2, 0.1];

/** {@link zoneLooks}' `drop` for reflections below `limit` × the strongest |F|² / (Σ f)² of `s`. */
function dropBelow(s: Structure, limit: number) {
  const inPhase: Structure = {
    ...s,
    atoms: { ...s.atoms, position: new Float64Array(s.atoms.position.length) },
  };
  return (hkl: Int32Array, out: Float64Array): void => {
    const all = structureFactors(inPhase, hkl, { debyeWaller: false }).intensity;
    let max = 0;
    for (let r = 1; r < out.length; r++) max = Math.max(max, out[r]! / all[r]!);
    for (let r = 1; r < out.length; r++) if (out[r]! / all[r]! < limit * max) out[r] = 0;
  };
}

const entries = cubicRegistry.weakLookAlikes ?? [];
const targets = entries.map((e) => zoneLooks(representativeStructure(e.looksLike), CUBIC_ZONES));
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
      const seen = zoneLooks(s, CUBIC_ZONES, dropBelow(s, limit));
      const ratio = seen && targets[k] ? commonRatio(seen, targets[k]) : null;
      if (ratio !== null && Math.abs(ratio - e.latticeRatio) < 1e-3) hits[k]![j]!.push(s.formula);
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
