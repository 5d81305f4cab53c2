import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { arrayDataSource } from '../src/data.js';
import { predictLogits } from '../src/evaluate.js';
import { foldBatchNorm } from '../src/fold.js';
import { createResNet } from '../src/model.js';
import { train } from '../src/train.js';
import { shapesDataset } from './fixtures/shapes.js';
import { relativeError } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('foldBatchNorm', { timeout: 60_000 }, () => {
  it.each([18, 50] as const)(
    'gives the same logits as ResNet%i in inference mode, without batch-norm layers',
    async (depth) => {
      const size = 32;
      const { images, targets } = shapesDataset(16, size, 3);
      const model = createResNet({
        depth,
        inputSize: size,
        inputChannels: 1,
        widthMultiplier: 0.125,
        numClasses: 4,
        seed: 2,
      });
      // One epoch of training so that the batch-norm statistics and scales are not the trivial initial ones.
      await train(model, arrayDataSource({ images, targets, imageSize: size }), {
        epochs: 1,
        batchSize: 8,
        schedule: { kind: 'constant', lr: 0.05 },
        augment: false,
      });
      const folded = foldBatchNorm(model);
      expect(folded.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
      expect(folded.layers.length).toBeLessThan(model.layers.length);
      expect(relativeError(predictLogits(folded, images), predictLogits(model, images))).toBeLessThan(1e-4);
      model.dispose();
      folded.dispose();
    },
  );
});
