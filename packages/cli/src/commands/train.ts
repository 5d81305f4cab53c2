import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetRendering, modelMetadata } from '@sadp/classifier';
import { cubicRegistry } from '@sadp/lattice-labels';
import {
  createResNet,
  type DataSource,
  evaluate,
  formatProgress,
  imageFolderDataSource,
  loadResNet,
  presets,
  type ResNetDepth,
  type ResNetMetadata,
  saveResNet,
  selectBackend,
  type TrainProgress,
  type TrainResult,
  train,
} from '@sadp/resnet';
import { defineCommand, numberOption, type OptionValues, stringOption } from '../command';
import { CliError, usageError } from '../errors';
import { ensureOutputDir } from '../inputs';
import { classLabels, evaluationSummary, labelCounts } from '../model-files';
import { type Io, printResult } from '../output';

/** Copies the weights of the model saved in `dir` into `model`; both must have the same architecture. */
async function initialiseFrom(model: ReturnType<typeof createResNet>, dir: string): Promise<void> {
  const { model: source } = await loadResNet(dir);
  const from = source.getWeights();
  const to = model.getWeights();
  const same = from.length === to.length && from.every((w, i) => w.shape.join() === to[i]!.shape.join());
  if (!same) {
    throw new CliError(`${dir}: --init needs a model of the same depth, width, input size and classes`, {
      code: 'E_CLI_INPUT',
    });
  }
  model.setWeights(from);
  source.dispose();
}

export default defineCommand({
  name: 'train',
  summary: 'train a ResNet on a dataset folder (train/<label>/*.png, val/<label>/*.png) on CPU or GPU',
  usage: '<dataset-dir>',
  minArgs: 1,
  options: {
    out: {
      type: 'string',
      short: 'o',
      valueName: 'dir',
      description: 'run folder: checkpoints, metrics.jsonl, model/ (required)',
    },
    preset: {
      type: 'string',
      valueName: 'cpu|paper',
      description: 'hyper-parameters and model size',
      default: 'cpu',
    },
    depth: { type: 'string', valueName: '18|34|50|101|152', description: 'ResNet depth', default: '18' },
    width: { type: 'string', valueName: 'x', description: 'width multiplier (default: from the preset)' },
    'input-size': {
      type: 'string',
      valueName: 'px',
      description: 'model input size (default: from the preset)',
    },
    epochs: { type: 'string', valueName: 'n', description: 'epochs (default: from the preset)' },
    'batch-size': {
      type: 'string',
      valueName: 'n',
      description: 'images per step (default: from the preset)',
    },
    seed: {
      type: 'string',
      valueName: 'n',
      description: 'seed of initialisation, shuffling and augmentation',
      default: '0',
    },
    backend: {
      type: 'string',
      valueName: 'name',
      description: 'auto, tfjs-node-gpu, tfjs-node, wasm or cpu (env SADP_BACKEND)',
    },
    resume: { type: 'boolean', description: 'continue from the last checkpoint in --out' },
    init: {
      type: 'string',
      valueName: 'model-dir',
      description: 'start from the weights of a trained model of the same architecture (fine-tuning)',
    },
    rotation: {
      type: 'string',
      valueName: 'deg',
      description:
        'largest random rotation of a training image (180: any orientation, as in micrographs; default: the preset)',
    },
    normalize: {
      type: 'string',
      valueName: 'spots|max',
      description:
        'input scaling: background-free, scaled to the strongest reflections, or to the brightest pixel',
      default: 'spots',
    },
    mask: {
      type: 'string',
      valueName: 'none|disc',
      description:
        'input pixels kept: all, or the inscribed disc (a rotated square shows its rotation in its corners)',
      default: 'none',
    },
    force: {
      type: 'boolean',
      description:
        'start afresh in an --out that holds a run: its model, checkpoints and metrics are deleted',
    },
  },
  examples: [
    'sadp train data/ -o runs/r18 --preset cpu --epochs 8',
    'sadp train data/ -o runs/r18 --resume            # after an interruption',
    'sadp train data/ -o runs/tuned --init runs/r18/model --epochs 4   # fine-tune a trained model',
    'sadp train data/ -o runs/paper --preset paper --depth 50 --backend tfjs-node-gpu',
  ],
  async run({ args, options, io }) {
    const [datasetDir] = args as [string];
    const out = stringOption(options, 'out');
    if (!out) throw usageError('train: --out <dir> is required');
    const presetName = stringOption(options, 'preset');
    if (presetName !== 'cpu' && presetName !== 'paper') {
      throw usageError('--preset expects cpu or paper');
    }
    const preset = presets[presetName];
    const depth = numberOption(options, 'depth') as ResNetDepth;
    if (![18, 34, 50, 101, 152].includes(depth)) {
      throw usageError('--depth expects 18, 34, 50, 101 or 152');
    }
    const previous = checkRunFolders(datasetDir, out, options);
    ensureOutputDir(out);
    const backend = await selectBackend(stringOption(options, 'backend'));
    io.err.write(`backend: ${backend.name} (${backend.threads} threads${backend.simd ? ', SIMD' : ''})\n`);

    const labels = classLabels(join(datasetDir, 'train'), cubicRegistry);
    const input = inputOptions(options);
    const data = imageFolderDataSource(join(datasetDir, 'train'), { labels, ...input });
    const validation = imageFolderDataSource(join(datasetDir, 'val'), { labels, ...input });
    const inputSize = numberOption(options, 'input-size') ?? preset.model.inputSize;
    const widthMultiplier = numberOption(options, 'width') ?? preset.model.widthMultiplier;
    const seed = numberOption(options, 'seed')!;
    const architecture = {
      depth,
      inputSize,
      inputChannels: 1 as const,
      widthMultiplier,
      numClasses: labels.length,
    };
    const model = createResNet({ ...architecture, seed });
    if (options.force === true) {
      for (const name of previous) rmSync(join(out, name), { recursive: true, force: true });
    }
    const init = stringOption(options, 'init');
    if (init !== undefined && options.resume !== true) await initialiseFrom(model, init);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const epochs = numberOption(options, 'epochs');
      const augment = augmentOptions(options, preset);

      const batchSize = numberOption(options, 'batch-size');
      const metadata = modelMetadata({
        labels,
        architecture,
        preset: presetName,
        dataset: datasetDir,
        trainingLabels: labelCounts(data),
        rendering: datasetRendering(datasetDir),
        input,
        augment,
        ...(init === undefined ? {} : { initialisedFrom: init }),
      });
      const result = await train(model, data, {
        preset: presetName,
        validation,
        seed,
        checkpointDir: join(out, 'checkpoints'),
        metricsFile: join(out, 'metrics.jsonl'),
        resume: options.resume === true,
        signal: abort.signal,
        metadata,
        ...(epochs ? { epochs } : {}),
        augment,
        ...(batchSize ? { batchSize } : {}),
        onProgress: progressPrinter(io.err),
      });
      if (result.aborted) {
        throw new CliError(
          `interrupted after epoch ${result.history.length}: run again with --resume to continue`,
          { exitCode: 130 },
        );
      }
      await saveRun(
        model,
        validation,
        out,
        { ...metadata, history: result.history },
        result,
        backend.name,
        io,
      );
    } finally {
      process.off('SIGINT', onSignal);
      await Promise.all([data.close?.(), validation.close?.()]);
    }
  },
});

/**
 * Checks the dataset layout and the run folder: a folder that already holds a run is continued only with
 * `--resume` and replaced only with `--force`. Returns what it holds.
 */
function checkRunFolders(datasetDir: string, out: string, options: OptionValues): string[] {
  for (const split of ['train', 'val']) {
    if (!existsSync(join(datasetDir, split))) {
      throw new CliError(`${datasetDir}: no ${split}/ folder (expected the layout of sadp dataset)`, {
        code: 'E_CLI_INPUT',
      });
    }
  }
  const previous = ['model', 'checkpoints', 'metrics.jsonl', 'evaluation.json'].filter((name) =>
    existsSync(join(out, name)),
  );
  if (options.resume === true && options.force === true) {
    throw usageError('train: --resume and --force exclude each other');
  }
  if (previous.length > 0 && options.resume !== true && options.force !== true) {
    throw new CliError(
      `${out} already holds a run (${previous.join(', ')}); pass --resume to continue it, --force to replace it, or choose another folder`,
      { code: 'E_CLI_OUTPUT_EXISTS' },
    );
  }
  return previous;
}

/** `--normalize` and `--mask`: how each input is scaled and masked (classify reads a model's inputs the same way). */
function inputOptions(options: OptionValues): { normalize: 'spots' | 'max'; mask: 'none' | 'disc' } {
  const normalize = stringOption(options, 'normalize');
  if (normalize !== 'spots' && normalize !== 'max') throw usageError('--normalize expects spots or max');
  const mask = stringOption(options, 'mask');
  if (mask !== 'none' && mask !== 'disc') throw usageError('--mask expects none or disc');
  return { normalize, mask };
}

/** The preset's augmentation with `--rotation`, when given. */
function augmentOptions(options: OptionValues, preset: (typeof presets)[keyof typeof presets]) {
  const rotation = numberOption(options, 'rotation');
  if (rotation !== undefined && !(rotation >= 0 && rotation <= 180)) {
    throw usageError('--rotation expects degrees between 0 and 180');
  }
  return rotation === undefined ? preset.augment : { ...preset.augment, rotation };
}

/** Progress lines on `err`: every epoch's end, and training steps at most every 2 s. */
function progressPrinter(err: { write(text: string): unknown }): (p: TrainProgress) => void {
  let lastLine = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'epoch-end' || (p.phase === 'train' && now - lastLine > 2000)) {
      lastLine = now;
      err.write(`${formatProgress(p)}\n`);
    }
  };
}

/** Evaluates the trained model on the validation data, saves it with its temperature and prints the summary. */
async function saveRun(
  model: ReturnType<typeof createResNet>,
  validation: DataSource,
  out: string,
  metadata: ResNetMetadata,
  result: TrainResult,
  backend: string,
  io: Io,
): Promise<void> {
  const temperature = result.temperature ?? 1;
  const evaluation = await evaluate(model, validation, { topK: [1, 3, 5], temperature });
  await saveResNet(model, join(out, 'model'), { ...metadata, temperature });
  const summary = {
    backend,
    history: result.history,
    temperature,
    evaluation: evaluationSummary(evaluation),
  };
  writeFileSync(join(out, 'evaluation.json'), `${JSON.stringify(summary, null, 1)}\n`);
  printResult(io, summary, () =>
    [
      `model saved to ${join(out, 'model')}`,
      `validation: top-1 ${(100 * evaluation.accuracy).toFixed(2)}%, top-3 ${(100 * evaluation.topK[3]!).toFixed(2)}% on ${evaluation.count} images`,
    ].join('\n'),
  );
}
