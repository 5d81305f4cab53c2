import { readModelFolder } from '@sadp/classifier';
import { evaluate, imageFolderDataSource, selectBackend } from '@sadp/resnet';
import { defineCommand, stringOption } from '../command';
import { evaluationSummary } from '../model-files';
import { printResult } from '../output';

export default defineCommand({
  name: 'eval',
  summary:
    'evaluate a trained model on an image folder (<label>/*.png): top-k, per-class accuracy, confusion',
  usage: '<model-dir> <image-dir>',
  minArgs: 2,
  options: {
    backend: {
      type: 'string',
      valueName: 'name',
      description: 'auto, tfjs-node-gpu, tfjs-node, wasm or cpu (env SADP_BACKEND)',
    },
  },
  examples: ['sadp eval runs/r18/model data/val', 'sadp eval runs/r18/model data/val --json > eval.json'],
  async run({ args, options, io }) {
    const [modelDir, imageDir] = args as [string, string];
    await selectBackend(stringOption(options, 'backend'));
    const { model, info } = await readModelFolder(modelDir);
    const { labels } = info;
    // models saved before `input` was recorded were trained on unscaled images
    const data = imageFolderDataSource(imageDir, {
      labels,
      normalize: info.normalize ?? 'none',
      mask: info.mask,
    });
    try {
      const evaluation = await evaluate(model, data, {
        topK: [1, 3, 5],
        temperature: info.temperature,
      });
      const summary = evaluationSummary(evaluation);
      printResult(io, summary, () => {
        const worst = [...evaluation.perClass]
          .filter((c) => c.count > 0)
          .sort((a, b) => a.accuracy - b.accuracy)
          .slice(0, 5)
          .map((c) => `${c.label} ${(100 * c.accuracy).toFixed(1)}% of ${c.count}`);
        return [
          `${evaluation.count} images: top-1 ${(100 * evaluation.accuracy).toFixed(2)}%, top-3 ${(100 * evaluation.topK[3]!).toFixed(2)}%, top-5 ${(100 * evaluation.topK[5]!).toFixed(2)}%`,
          `calibration error ${(100 * evaluation.calibrationError).toFixed(2)}% at temperature ${evaluation.temperature.toFixed(3)}`,
          `weakest classes: ${worst.join(', ')}`,
        ].join('\n');
      });
    } finally {
      await data.close?.();
    }
  },
});
