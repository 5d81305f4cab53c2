import { CUBIC_ZONES, cubicRegistry, labelOf, membersOf } from '@sadp/lattice-labels';
import { defineCommand, stringOption } from '../command';
import { countOption, formatZone, readCifFile, Warnings, zoneListOption } from '../inputs';
import { printResult } from '../output';

function memberList(name: string): string {
  return membersOf(cubicRegistry, name)
    .map((m) => `${m.variant}${formatZone(m.zone)}`)
    .join(' ');
}

export default defineCommand({
  name: 'labels',
  summary: 'the 2D-lattice label of a CIF along zone axes, or (without a CIF) the label registry',
  usage: '[file.cif]',
  options: {
    zone: {
      type: 'string',
      short: 'z',
      multiple: true,
      valueName: 'uvw',
      description: 'zone axes (default: the 16 of the registry)',
    },
    block: { type: 'string', valueName: 'name', description: 'only this data block of the CIF' },
    'max-atoms': {
      type: 'string',
      valueName: 'n',
      description: 'refuse CIFs with more atom sites or atoms in the cell (default 100000)',
    },
    strict: { type: 'boolean', description: 'treat warnings (e.g. a CIF symmetry fallback) as errors' },
  },
  examples: [
    'sadp labels                      # the registry: label → (space group, zone axis) pairs',
    'sadp labels Si.cif -z 001,011,111',
    'sadp labels NaCl.cif --json',
  ],
  async run({ args, options, io }) {
    const [file] = args;
    if (file === undefined) {
      const rows = cubicRegistry.labels.map((l) => ({
        label: l.name,
        lattice: l.lattice,
        members: l.members,
      }));
      printResult(io, { spaceGroups: cubicRegistry.spaceGroups, labels: rows }, () =>
        cubicRegistry.labels.map((l) => `${l.name.padEnd(8)} ${l.lattice}  ${memberList(l.name)}`).join('\n'),
      );
      return;
    }
    const zones = zoneListOption(options, 'zone') ?? CUBIC_ZONES;
    const warnings = new Warnings(io, options.strict === true);
    const maxAtoms = countOption(options, 'max-atoms');
    const structures = readCifFile(file, stringOption(options, 'block'), maxAtoms ? { maxAtoms } : {});
    warnings.addCif(structures);
    const results = structures.flatMap((structure) =>
      zones.map((zone) => {
        const label = labelOf(structure, zone);
        return {
          block: structure.source.block,
          spaceGroup: structure.spaceGroup.number,
          zone: formatZone(zone),
          label: label.name,
          lattice: label.lattice,
          key: label.key,
          sameLook: label.name ? membersOf(cubicRegistry, label.name) : [],
        };
      }),
    );
    printResult(io, { file, results, warnings: warnings.list }, () =>
      results
        .map(
          (r) =>
            `${r.block} (${r.spaceGroup}) ${r.zone.padEnd(6)} ${(r.label ?? `unregistered ${r.lattice}`).padEnd(8)} ${r.label ? `same look: ${memberList(r.label)}` : r.key}`,
        )
        .join('\n'),
    );
  },
});
