/**
 * The default wiring to the real packages: `@sadp/cif` to read CIFs and space groups, `@sadp/diffraction-sim`
 * to simulate, `@sadp/lattice-labels` to label.
 *
 * @packageDocumentation
 */
import { readStructures, type Structure, spaceGroup } from '@sadp/cif';
import { simulate } from '@sadp/diffraction-sim';
import { CUBIC_VARIANTS, cubicRegistry, labelOf, labelsOfPair } from '@sadp/lattice-labels';
import { imagingSettings } from './imaging';
import type { PlanHooks } from './plan';
import { createRng, hashSeed } from './random';
import { composeRenderer, type PatternRenderer } from './render';
import type { Zone } from './zones';

/** Registry names allowed for (space group, zone), from the cubic registry; `undefined` if the group is not covered. */
function allowedLabels(group: number, zone: Zone): Set<string> | undefined {
  if (!cubicRegistry.spaceGroups.includes(group)) return undefined;
  return new Set(labelsOfPair(cubicRegistry, group, zone));
}

/** Label name of a structure along a zone, or throws when the pattern is not in the registry. */
export function registryLabel(structure: Structure, zone: Zone): string {
  const label = labelOf(structure, zone);
  if (label.name === null) {
    throw new Error(
      `pattern of ${structure.source.block} (space group ${structure.spaceGroup.number}) along [${zone.join(' ')}] is not in the label registry (look ${label.key})`,
    );
  }
  return label.name;
}

/** Planning hooks bound to `@sadp/cif` (lenient reading) and `@sadp/lattice-labels` (label check of synthetic crystals). */
export function defaultPlanHooks(): PlanHooks {
  return {
    readStructures(text, file, limits = {}) {
      const warnings: string[] = [];
      const structures = readStructures(text, {
        file,
        ...limits,
        mode: 'lenient',
        skipInvalid: true,
        onWarning: (w) => warnings.push(w.line ? `line ${w.line}: ${w.message}` : w.message),
      });
      return { structures, warnings };
    },
    spaceGroup(number) {
      return spaceGroup(number);
    },
    checkLabels(structure, zones) {
      for (const zone of zones) {
        const allowed = allowedLabels(structure.spaceGroup.number, zone);
        if (!allowed) continue;
        const name = labelOf(structure, zone).name;
        if (name === null || !allowed.has(name))
          return `label ${name} not allowed for ${structure.spaceGroup.number} [${zone.join(' ')}]`;
      }
      return undefined;
    },
    variants(group) {
      return CUBIC_VARIANTS.filter((v) => v.spaceGroup === group).map((v) => v.id);
    },
    variantOf(structure, zones) {
      const group = structure.spaceGroup.number;
      const names = zones.map((zone) => labelOf(structure, zone).name);
      return CUBIC_VARIANTS.find(
        (v) =>
          v.spaceGroup === group &&
          zones.every((zone, i) => labelsOfPair(cubicRegistry, v.id, zone).includes(names[i]!)),
      )?.id;
    },
  };
}

/**
 * Calibration (Å⁻¹ per pixel) that makes the reciprocal cell edge 1/max(a, b, c) span a number of pixels drawn
 * uniformly from `cellPixels` with the image's seed.
 */
export function cellCalibration(
  structure: Structure,
  cellPixels: readonly [number, number],
  seed: number,
): number {
  const { a, b, c } = structure.cell;
  const pixels = createRng(hashSeed(seed, 'cell-pixels')).uniform(cellPixels[0], cellPixels[1]);
  return 1 / (Math.max(a, b, c) * pixels);
}

/** The built-in per-image step: `simulate` (with the dataset's simulation settings), `labelOf`, PNG. */
export function createDefaultRenderer(): PatternRenderer {
  return composeRenderer(({ structure, job, options }) => {
    const pattern = simulate(structure, {
      ...options.simulation,
      zone: job.zone,
      voltage: job.voltage,
      size: options.size,
      seed: job.seed,
      ...(job.cameraLength === null ? {} : { cameraLength: job.cameraLength }),
      ...(options.cellPixels
        ? { calibration: cellCalibration(structure, options.cellPixels, job.seed) }
        : {}),
      ...(options.imaging ? imagingSettings(options.imaging, job.seed, options.size) : {}),
    });
    return { image: pattern.image, size: pattern.size };
  }, registryLabel);
}
