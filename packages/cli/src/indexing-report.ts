/**
 * `sadp classify`'s indexing of each image for its candidates (space group, zone axis), and its text form.
 *
 * @packageDocumentation
 */
import { type Hkl, indexPattern, type PatternIndexing } from '@sadp/classifier';
import {
  canonicalCubicZone,
  cubicRegistry,
  type ImageLattice,
  membersOf,
  type ZoneAxis,
} from '@sadp/lattice-labels';
import { formatZone } from './inputs';

/** One candidate of an image with its indexing (`null` when its lattice does not have the fitted shape). */
export interface IndexedCandidate {
  spaceGroup: number;
  zone: string;
  variant: string;
  /** Probability of the space group in the verdict. */
  probability: number;
  indexing: PatternIndexing | null;
}

/**
 * The (space group, zone) members of `label`, most probable group first (`groupProbability`), each indexed on
 * the image's fitted lattice; one entry per (group, zone) (intensity variants share their indexing). With a
 * known `zone`, only the members along it (all of them when none is).
 */
export function indexCandidates(
  label: string,
  lattice: ImageLattice | null,
  groupProbability: ReadonlyMap<number, number>,
  calibration: number | undefined,
  zone?: ZoneAxis,
): IndexedCandidate[] {
  const seen = new Set<string>();
  const out: IndexedCandidate[] = [];
  const all = membersOf(cubicRegistry, label);
  const known = zone ? canonicalCubicZone(zone).join() : undefined;
  const along = all.filter((m) => canonicalCubicZone(m.zone).join() === known);
  for (const m of along.length > 0 ? along : all) {
    const key = `${m.spaceGroup} ${m.zone.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      spaceGroup: m.spaceGroup,
      zone: formatZone(m.zone),
      variant: m.variant,
      probability: groupProbability.get(m.spaceGroup) ?? 0,
      indexing: lattice ? indexPattern(lattice, m, calibration === undefined ? {} : { calibration }) : null,
    });
  }
  return out.sort((a, b) => b.probability - a.probability);
}

/** hkl as `(1 3 -1)`. */
export const formatHkl = (hkl: Hkl) => `(${hkl.join(' ')})`;

/** A value with its 1σ, to the uncertainty's first significant digit (at least 3 decimals for Å). */
function withSigma(value: number, sigma: number, unit: string): string {
  const digits = Math.max(2, Math.min(6, 1 - Math.floor(Math.log10(Math.max(sigma, 1e-9)))));
  return `${value.toFixed(digits)} ± ${sigma.toFixed(digits)} ${unit}`;
}

/** The lattice parameter of an indexing, or 1/a in pixels without a calibration. */
export function scaleText(indexing: PatternIndexing): string {
  return indexing.lattice
    ? `a = ${withSigma(indexing.lattice.a, indexing.lattice.sigma, 'Å')}`
    : `1/a = ${withSigma(indexing.cellPixels.value, indexing.cellPixels.sigma, 'px')} (no calibration)`;
}

/**
 * Text lines of an image's indexing: the first `shown` candidates with their basis hkl and scale, and the first
 * `spots` spots of the top one (measured against expected d-spacings, or the distance ratio without a
 * calibration).
 */
export function indexingLines(candidates: readonly IndexedCandidate[], shown = 2, spots = 8): string[] {
  const lines: string[] = [];
  for (const [k, c] of candidates.slice(0, shown).entries()) {
    const i = c.indexing;
    if (!i) {
      lines.push(`  ${c.spaceGroup} ${c.zone}: not indexed (no basis of the fitted shape)`);
      continue;
    }
    lines.push(
      `  ${c.spaceGroup} ${c.zone}: a* ${formatHkl(i.basis.a)}, b* ${formatHkl(i.basis.b)}, ${scaleText(i)}, ${i.spots.length} spots indexed`,
    );
    if (k > 0) continue;
    const cells = i.spots
      .slice(0, spots)
      .map((s) =>
        s.d !== undefined && s.dExpected !== undefined
          ? `${formatHkl(s.hkl)} ${s.d.toFixed(3)}/${s.dExpected.toFixed(3)} Å`
          : `${formatHkl(s.hkl)} ×${s.ratio.toFixed(3)}`,
      );
    lines.push(
      `    ${i.spots[0]?.d !== undefined ? 'd measured/expected' : 'distance measured/expected'}: ${cells.join(', ')}`,
    );
  }
  return lines;
}
