import { join } from 'node:path';
import { encodePng, resolveSettings, type SimulationSettings, simulate } from '@sadp/diffraction-sim';
import { defineCommand, numberOption, stringOption } from '../command';
import { CliError, usageError } from '../errors';
import {
  checkSettings,
  countOption,
  ensureOutputDir,
  formatZone,
  readCifFile,
  Warnings,
  writeFileAtomic,
  zoneListOption,
} from '../inputs';
import { printResult } from '../output';

export default defineCommand({
  name: 'simulate',
  summary: 'CIF + zone axes + kV + camera length → PNG patterns with JSON sidecars (spot lists)',
  usage: '<file.cif>',
  minArgs: 1,
  options: {
    zone: {
      type: 'string',
      short: 'z',
      multiple: true,
      valueName: 'uvw',
      description: 'zone axes, e.g. 001,011,111 or [1,-1,0]',
      default: ['001'],
    },
    kv: { type: 'string', valueName: 'kV', description: 'acceleration voltage in kV', default: '200' },
    'camera-length': { type: 'string', valueName: 'mm', description: 'camera length in mm', default: '300' },
    'pixel-size': {
      type: 'string',
      valueName: 'mm',
      description: 'detector pixel size in mm',
      default: '0.1',
    },
    size: { type: 'string', valueName: 'px', description: 'image side in pixels', default: '256' },
    rotation: { type: 'string', valueName: 'deg', description: 'extra in-plane rotation in degrees' },
    block: { type: 'string', valueName: 'name', description: 'only this data block of the CIF' },
    'bit-depth': { type: 'string', valueName: '8|16', description: 'PNG bit depth', default: '8' },
    'direct-beam': { type: 'boolean', description: 'draw the direct beam' },
    out: { type: 'string', short: 'o', valueName: 'dir', description: 'output folder', default: '.' },
    'max-atoms': {
      type: 'string',
      valueName: 'n',
      description: 'refuse CIFs with more atom sites or atoms in the cell (default 100000)',
    },
    'max-reflections': {
      type: 'string',
      valueName: 'n',
      description: 'refuse patterns of more reflections, estimated before simulating (default 200000)',
    },
    strict: { type: 'boolean', description: 'treat warnings (e.g. a CIF symmetry fallback) as errors' },
  },
  examples: [
    'sadp simulate Si.cif --zone 001 --zone 011 --zone 111 -o patterns/',
    'sadp simulate NaCl.cif -z 013,112 --kv 300 --camera-length 500 --json',
  ],
  async run({ args, options, io }) {
    const [file] = args as [string];
    const zones = zoneListOption(options, 'zone')!;
    const warnings = new Warnings(io, options.strict === true);
    const maxAtoms = countOption(options, 'max-atoms');
    const maxReflections = countOption(options, 'max-reflections');
    const bitDepth = numberOption(options, 'bit-depth');
    if (bitDepth !== 8 && bitDepth !== 16) {
      throw usageError('--bit-depth expects 8 or 16');
    }
    const rotation = numberOption(options, 'rotation');
    const base: Omit<SimulationSettings, 'zone'> = {
      voltage: numberOption(options, 'kv')! * 1e3,
      cameraLength: numberOption(options, 'camera-length')!,
      pixelSize: numberOption(options, 'pixel-size')!,
      size: numberOption(options, 'size')!,
      directBeam: options['direct-beam'] === true,
      ...(rotation === undefined ? {} : { rotation }),
    };
    // every setting is checked before the CIF is read or anything is written
    for (const zone of zones) checkSettings(() => resolveSettings({ ...base, zone }));
    const structures = readCifFile(file, stringOption(options, 'block'), maxAtoms ? { maxAtoms } : {});
    warnings.addCif(structures);
    const outDir = stringOption(options, 'out')!;
    ensureOutputDir(outDir);
    const written: { block: string; zone: string; png: string; json: string; spots: number }[] = [];
    for (const structure of structures) {
      for (const zone of zones) {
        const pattern = simulate(structure, { ...base, zone }, maxReflections ? { maxReflections } : {});
        const diffracted = pattern.spots.count - (base.directBeam ? 1 : 0);
        if (diffracted === 0) {
          const s = pattern.settings;
          throw new CliError(
            `${file} [data_${structure.source.block}] ${formatZone(zone)}: no diffracted spot falls on the image (maxG ${s.maxG.toPrecision(3)} Å⁻¹ at ${s.calibration.toPrecision(3)} Å⁻¹/px, shortest spacing ${(1 / s.maxG).toPrecision(3)} Å); use a shorter --camera-length, a larger --pixel-size or --size`,
            { code: 'E_CLI_NO_SPOTS' },
          );
        }
        const stem = join(outDir, `${structure.source.block}_${zone.join('')}`);
        writeFileAtomic(`${stem}.png`, encodePng(pattern, { bitDepth }));
        const { spots, settings } = pattern;
        const sidecar = {
          source: structure.source,
          formula: structure.formula,
          spaceGroup: { number: structure.spaceGroup.number, symbol: structure.spaceGroup.symbol },
          settings,
          spots: Array.from({ length: spots.count }, (_, i) => ({
            hkl: [spots.h[i], spots.k[i], spots.l[i]],
            g: spots.g[i],
            d: spots.d[i],
            x: spots.x[i],
            y: spots.y[i],
            excitationError: spots.excitationError[i],
            intensity: spots.intensity[i],
          })),
        };
        writeFileAtomic(`${stem}.json`, `${JSON.stringify(sidecar, null, 1)}\n`);
        written.push({
          block: structure.source.block,
          zone: formatZone(zone),
          png: `${stem}.png`,
          json: `${stem}.json`,
          spots: spots.count,
        });
      }
    }
    printResult(io, { file, patterns: written, warnings: warnings.list }, () =>
      written.map((w) => `${w.png}  ${w.block} ${w.zone}  ${w.spots} spots`).join('\n'),
    );
  },
});
