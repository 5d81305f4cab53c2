import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type SimulationSettings, simulate } from '@sadp/diffraction-sim';
import { defineCommand, listOption, numberOption, stringOption } from '../command';
import { usageError } from '../errors';
import { formatZone, parseZone, readCifFile, writeFileAtomic } from '../inputs';
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
      description: 'zone axes, e.g. 001,011,111',
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
  },
  examples: [
    'sadp simulate Si.cif --zone 001 --zone 011 --zone 111 -o patterns/',
    'sadp simulate NaCl.cif -z 013,112 --kv 300 --camera-length 500 --json',
  ],
  async run({ args, options, io }) {
    const [file] = args as [string];
    const zones = listOption(options, 'zone')!.map(parseZone);
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
    const outDir = stringOption(options, 'out')!;
    mkdirSync(outDir, { recursive: true });
    const written: { block: string; zone: string; png: string; json: string; spots: number }[] = [];
    for (const structure of readCifFile(file, stringOption(options, 'block'))) {
      for (const zone of zones) {
        const pattern = simulate(structure, { ...base, zone });
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
    printResult(io, { file, patterns: written }, () =>
      written.map((w) => `${w.png}  ${w.block} ${w.zone}  ${w.spots} spots`).join('\n'),
    );
  },
});
