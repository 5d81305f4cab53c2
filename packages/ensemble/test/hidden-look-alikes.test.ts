/**
 * Groups whose weak reflections would hide what sets them apart from the verdict (the registry's `weakLookAlikes`),
 * or whose absences double diffraction would light (`doubleDiffractionLookAlikes`).
 */
import { CUBIC_ZONES, cubicRegistry, type LabelRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { describeHiddenLookAlikes, ensemble } from '../src/index';
import { member } from './registry-members';

const TRIPLE: ZoneAxis[] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];
const patternsOf = (variant: string, zones: readonly ZoneAxis[] = TRIPLE) =>
  zones.map((z) => member(variant, z));
const hidden = (p: ReturnType<typeof ensemble>) => p.hiddenLookAlikes.map((h) => `${h.spaceGroup}:${h.weak}`);

describe('hiddenLookAlikes', () => {
  it('names ordered Pm-3m behind a body-centred verdict, and diamond at twice the cell while a is unknown', () => {
    const known = ensemble(patternsOf('229'), cubicRegistry, { knownLattice: 0.03 });
    expect(known.best).toBe(229);
    expect(known.hiddenLookAlikes).toEqual([
      {
        cause: 'weak reflections',
        spaceGroup: 221,
        variant: '221',
        weak: 'h+k+l odd',
        example: [1, 0, 0],
        looksLike: '229',
        latticeRatio: 1,
      },
    ]);
    // Diamond without its all-odd reflections is body-centred at half its cell.
    const unknown = ensemble(patternsOf('229'), cubicRegistry);
    expect(unknown.best).toBe(229);
    expect(unknown.hiddenLookAlikes.map((h) => [h.spaceGroup, h.weak, h.latticeRatio])).toEqual([
      [221, 'h+k+l odd', 1],
      [227, 'all odd', 0.5],
    ]);
  });

  it('names fluorite-type Fm-3m behind a diamond verdict, but not behind a spinel one', () => {
    const zones: ZoneAxis[] = [...TRIPLE, [0, 1, 2], [1, 1, 2]];
    const diamond = ensemble(patternsOf('227-2', zones), cubicRegistry, { knownLattice: 0.03 });
    expect(diamond.best).toBe(227);
    expect(hidden(diamond)).toEqual(['225:all even, h+k+l = 4n+2']);
    const spinel = ensemble(patternsOf('227-1', zones), cubicRegistry, { knownLattice: 0.03 });
    expect(spinel.best).toBe(227);
    expect(spinel.hiddenLookAlikes).toEqual([]);
  });

  it('lists a look-alike of another cell only while the lattice parameter is unknown', () => {
    // Pm-3m patterns are rock salt's without its all-odd reflections, at half its cell.
    const unknown = ensemble(patternsOf('221'), cubicRegistry);
    expect(unknown.hiddenLookAlikes).toContainEqual(
      expect.objectContaining({ spaceGroup: 225, weak: 'all odd', example: [1, 1, 1], latticeRatio: 0.5 }),
    );
    const known = ensemble(patternsOf('221'), cubicRegistry, { knownLattice: 0.03 });
    expect(known.best).toBe(221);
    expect(known.hiddenLookAlikes.filter((h) => h.cause === 'weak reflections')).toEqual([]);
  });

  it('names P4₁32 behind a Pm-3m verdict: double diffraction lights its screw absences at every zone', () => {
    const known = ensemble(patternsOf('221', CUBIC_ZONES), cubicRegistry, { knownLattice: 0.03 });
    expect(known.best).toBe(221);
    expect(known.hiddenLookAlikes).toEqual([
      {
        cause: 'double diffraction',
        spaceGroup: 213,
        variant: '213',
        weak: 'screw or glide absences',
        example: [1, 0, 0],
        looksLike: '221',
        latticeRatio: 1,
      },
    ]);
    expect(describeHiddenLookAlikes(known.hiddenLookAlikes)).toBe(
      'The same patterns come from 213 if double diffraction lights its (100) and its other screw or glide absences (thicker crystals); no zone axis tells them apart, a pattern tilted off the zone to a systematic row does.',
    );
    // P4₁32's own patterns (screw absences dark) tell it from Pm-3m: nothing to name behind its verdict.
    const screw = ensemble(patternsOf('213'), cubicRegistry, { knownLattice: 0.03 });
    expect(screw.best).toBe(213);
    expect(screw.hiddenLookAlikes).toEqual([]);
  });

  it('leaves out groups with no prior, and registries without look-alikes give none', () => {
    const p = ensemble(patternsOf('229'), cubicRegistry, {
      prior: { 213: 1, 225: 1, 227: 1, 229: 1 },
      knownLattice: 0.03,
    });
    expect(p.hiddenLookAlikes).toEqual([]);
    const { weakLookAlikes: _, doubleDiffractionLookAlikes: __, ...plain } = cubicRegistry;
    const q = ensemble(patternsOf('229'), plain as LabelRegistry);
    expect(q.hiddenLookAlikes).toEqual([]);
  });

  it('puts them in words for people', () => {
    const known = ensemble(patternsOf('229'), cubicRegistry, { knownLattice: 0.03 });
    expect(describeHiddenLookAlikes(known.hiddenLookAlikes)).toBe(
      'The same patterns come from 221 if its reflections (100) (h+k+l odd) are too weak to see (ordered or light-atom phases); no zone axis tells them apart, a longer exposure showing those reflections does.',
    );
    const unknown = ensemble(patternsOf('229'), cubicRegistry);
    expect(describeHiddenLookAlikes(unknown.hiddenLookAlikes)).toMatch(
      /from 221 if its reflections \(100\) \(h\+k\+l odd\) or from 227 with a cell 2× as large if its reflections \(111\) \(h, k, l all odd\) are too weak/,
    );
    expect(describeHiddenLookAlikes([])).toBe('');
  });
});
