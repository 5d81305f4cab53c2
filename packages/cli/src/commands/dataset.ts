import { readdirSync } from 'node:fs';
import {
  type DatasetOptions,
  generateDataset,
  MAX_SYNTHETIC_PER_GROUP,
  renderSummaryMarkdown,
} from '@sadp/dataset';
import { resolveSettings, type SimulationSettings } from '@sadp/diffraction-sim';
import { defineCommand, numberListOption, numberOption, type OptionValues, stringOption } from '../command';
import { CliError, usageError } from '../errors';
import { checkSettings, countOption, isNonEmptyDir, zoneListOption } from '../inputs';
import { printResult, progressBar } from '../output';

export default defineCommand({
  name: 'dataset',
  summary: 'folders of CIFs → labelled train/val PNG sets split by CIF, with a manifest and a summary card',
  usage: '<cif-or-folder...>',
  minArgs: 1,
  options: {
    out: { type: 'string', short: 'o', valueName: 'dir', description: 'output folder (required)' },
    'space-group': {
      type: 'string',
      short: 'g',
      multiple: true,
      valueName: 'n',
      description: 'space groups to keep, e.g. 213,221,225,227,229 (default: all found)',
    },
    zone: {
      type: 'string',
      short: 'z',
      multiple: true,
      valueName: 'uvw',
      description: 'zone axes (default: the 16 lowest-index cubic zones)',
    },
    kv: {
      type: 'string',
      multiple: true,
      valueName: 'kV',
      description: 'acceleration voltages in kV (default: 200)',
    },
    'camera-length': {
      type: 'string',
      multiple: true,
      valueName: 'mm',
      description: 'camera lengths in mm (default: the simulator default)',
    },
    'cell-pixels': {
      type: 'string',
      valueName: 'min,max',
      description: 'scale each image so 1/a spans min..max px (instead of camera lengths)',
    },
    'max-atoms': {
      type: 'string',
      valueName: 'n',
      description: 'skip crystals with more atoms in the cell (huge frameworks are slow)',
    },
    simulation: {
      type: 'string',
      valueName: 'json',
      description: 'extra simulator settings, e.g. \'{"spotSigma":1,"directBeam":true}\'',
    },
    imaging: {
      type: 'string',
      valueName: 'json',
      description:
        'imaging conditions drawn per image, e.g. \'{"fraction":0.7,"poisson":[10,1000],"background":[0,0.05],"tilt":1}\'',
    },
    size: { type: 'string', valueName: 'px', description: 'image side in pixels', default: '256' },
    seed: {
      type: 'string',
      valueName: 'n',
      description: 'seed of split, synthetic crystals and augmentation',
      default: '0',
    },
    'val-fraction': {
      type: 'string',
      valueName: 'f',
      description: 'fraction of CIFs per space group for validation',
      default: '0.15',
    },
    synthetic: {
      type: 'string',
      valueName: 'n|balance',
      description: `add random crystals up to n training crystals per group (at most ${MAX_SYNTHETIC_PER_GROUP})`,
    },
    augment: {
      type: 'boolean',
      description: 'augment at generation time (rotation 0–30°, random 224 px crop)',
    },
    shard: {
      type: 'string',
      valueName: 'k/n',
      description: 'render only shard k of n (split work across machines)',
    },
    workers: { type: 'string', valueName: 'n', description: 'worker threads (default: one per core)' },
    resume: { type: 'boolean', description: 'finish an interrupted run in --out' },
    force: {
      type: 'boolean',
      description: 'write into a non-empty --out that holds no dataset (files of the same name are replaced)',
    },
    strict: { type: 'boolean', description: 'exit 1 when any CIF or image was skipped or failed' },
  },
  examples: [
    'sadp dataset cifs/ -o data/ -g 213,221,225,227,229 --kv 100,200,300 --synthetic balance',
    'sadp dataset cifs/ -o data/ --shard 1/2        # on machine 1; --shard 2/2 on machine 2',
    'sadp dataset cifs/ -o data/ --resume           # after an interruption',
  ],
  async run({ args, options, io }) {
    const outDir = stringOption(options, 'out');
    if (!outDir) throw usageError('dataset: --out <dir> is required');
    const synthetic = stringOption(options, 'synthetic');
    const perGroup = synthetic === undefined ? undefined : syntheticCount(synthetic);
    const spaceGroups = numberListOption(options, 'space-group');
    const zones = zoneListOption(options, 'zone');
    const voltages = numberListOption(options, 'kv')?.map((kv) => kv * 1e3);
    const cameraLengths = numberListOption(options, 'camera-length');
    const shard = stringOption(options, 'shard');
    const cellPixels = numberListOption(options, 'cell-pixels');
    if (cellPixels && cellPixels.length !== 2) {
      throw usageError('--cell-pixels expects two numbers, min,max');
    }
    const maxAtoms = countOption(options, 'max-atoms');
    const simulation = jsonObjectOption(options, 'simulation');
    const imaging = jsonObjectOption(options, 'imaging');
    const workers = countOption(options, 'workers');
    const size = numberOption(options, 'size')!;
    // every simulator setting is checked before any CIF is read or image rendered
    for (const voltage of voltages ?? [200e3]) {
      for (const cameraLength of cameraLengths ?? [undefined]) {
        checkSettings(() =>
          resolveSettings({
            ...(simulation as Partial<SimulationSettings>),
            zone: [0, 0, 1],
            voltage,
            size,
            ...(cameraLength === undefined ? {} : { cameraLength }),
          }),
        );
      }
    }
    if (options.resume !== true && options.force !== true && isNonEmptyDir(outDir) && !holdsDataset(outDir)) {
      throw new CliError(
        `${outDir} is not empty and holds no dataset (no manifest.jsonl or dataset.json); choose an empty folder or pass --force to write into it`,
        { code: 'E_CLI_OUTPUT_EXISTS' },
      );
    }
    const request: DatasetOptions = {
      inputs: args,
      outDir,
      size,
      seed: numberOption(options, 'seed')!,
      valFraction: numberOption(options, 'val-fraction')!,
      resume: options.resume === true,
      ...(spaceGroups ? { spaceGroups } : {}),
      ...(zones ? { zones } : {}),
      ...(voltages ? { voltages } : {}),
      ...(cameraLengths ? { cameraLengths } : {}),
      ...(shard ? { shard } : {}),
      ...(cellPixels ? { cellPixels: cellPixels as [number, number] } : {}),
      ...(maxAtoms ? { maxAtoms } : {}),
      ...(simulation ? { simulation } : {}),
      ...(imaging ? { imaging } : {}),
      ...(workers ? { workers } : {}),
      ...(synthetic ? { synthetic: { perGroup: perGroup! } } : {}),
      ...(options.augment ? { augment: {} } : {}),
    };
    const abort = new AbortController();
    const onSignal = () =>
      abort.abort(new CliError('interrupted: run again with --resume to finish', { exitCode: 130 }));
    process.once('SIGINT', onSignal);
    const bar = progressBar(io, 'dataset');
    try {
      const summary = await generateDataset(request, {
        signal: abort.signal,
        onProgress: (p) => bar(p.done, p.total),
      });
      printResult(io, summary, () => renderSummaryMarkdown(summary));
      const shown = summary.warnings.slice(0, 20);
      for (const w of shown) {
        io.err.write(`sadp: warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message} [${w.code}]\n`);
      }
      if (summary.warnings.length > shown.length) {
        io.err.write(
          `sadp: warning: ... and ${summary.warnings.length - shown.length} more (see summary.json)\n`,
        );
      }
      if (summary.images === 0 || (summary.rendered === 0 && summary.failed > 0)) {
        throw new CliError(
          `${outDir}: no image was rendered (${summary.failed} failed); see the warnings above`,
          { code: 'E_CLI_NO_OUTPUT' },
        );
      }
      if (options.strict === true && summary.warnings.length > 0) {
        throw new CliError(`${summary.warnings.length} warning(s), an error under --strict`, {
          code: 'E_CLI_STRICT',
        });
      }
    } finally {
      process.off('SIGINT', onSignal);
    }
  },
});

/** `--synthetic`: `balance` or a whole number up to {@link MAX_SYNTHETIC_PER_GROUP}; a usage error otherwise. */
function syntheticCount(text: string): number | 'balance' {
  if (text === 'balance') return 'balance';
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw usageError(`--synthetic expects "balance" or a whole number of crystals per group, got "${text}"`);
  }
  if (n > MAX_SYNTHETIC_PER_GROUP) {
    throw usageError(
      `--synthetic ${text}: more than the limit of ${MAX_SYNTHETIC_PER_GROUP} synthetic crystals per space group (each makes one image per zone axis)`,
    );
  }
  return n;
}

/** The JSON object given to `--<name>`, or `undefined`; a usage error for anything else. */
function jsonObjectOption(options: OptionValues, name: string): Record<string, unknown> | undefined {
  const text = stringOption(options, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw usageError(`--${name} expects a JSON object, got ${text}`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(`--${name} expects a JSON object, got ${text}`);
  }
  return value as Record<string, unknown>;
}

/** True when `dir` holds a dataset of `sadp dataset` (a manifest or run file, of any shard). */
function holdsDataset(dir: string): boolean {
  return readdirSync(dir).some((name) => /^(manifest.*\.jsonl|dataset.*\.json)$/.test(name));
}
