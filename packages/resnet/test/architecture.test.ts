import { beforeAll, describe, expect, it } from 'vitest';
import { countParameters, type ResNetDepth, resnetSpec } from '../src/architecture.js';
import { selectBackend } from '../src/backend.js';
import { createResNet } from '../src/model.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

// torchvision's published totals for 1000 classes (11,689,512 / 21,797,672 / 25,557,032 / 44,549,160 /
// 60,192,808) with the 1000-way classifier swapped for a 60-way one (features·60 + 60).
const torchvision1000 = { 18: 11_689_512, 34: 21_797_672, 50: 25_557_032, 101: 44_549_160, 152: 60_192_808 };
const features = { 18: 512, 34: 512, 50: 2048, 101: 2048, 152: 2048 };

describe('ResNet parameter counts (3 channels, width 1, 60 classes)', () => {
  it.each([
    [18, 11.2],
    [34, 21.3],
    [50, 23.6],
    [101, 42.6],
    [152, 58.3],
  ] as [ResNetDepth, number][])('ResNet%i has %f M trainable parameters', (depth, millions) => {
    const count = countParameters(resnetSpec({ depth, numClasses: 60 }));
    const f = features[depth];
    expect(count.trainable).toBe(torchvision1000[depth] - (f * 1000 + 1000) + f * 60 + 60);
    expect(Math.round(count.trainable / 1e5) / 10).toBe(millions);
  });

  it('the built ResNet18 and ResNet50 have exactly the counted parameters', { timeout: 60_000 }, () => {
    for (const depth of [18, 50] as const) {
      const options = { depth, inputSize: 32, numClasses: 60 };
      const model = createResNet(options);
      const counted = countParameters(resnetSpec(options));
      const trainable = model.trainableWeights.reduce(
        (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
        0,
      );
      expect(trainable).toBe(counted.trainable);
      expect(model.countParams()).toBe(counted.trainable + counted.nonTrainable);
      model.dispose();
    }
  });
});

describe('ResNet options', () => {
  it('scales widths, takes 1-channel input and sets the output size', () => {
    const model = createResNet({
      depth: 18,
      inputSize: 48,
      inputChannels: 1,
      widthMultiplier: 0.25,
      numClasses: 7,
    });
    expect(model.inputs[0]!.shape).toEqual([null, 48, 48, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 7]);
    expect(model.getLayer('stem_conv').getWeights()[0]!.shape).toEqual([7, 7, 1, 16]);
    expect(model.getLayer('stage4_block2_conv2').getWeights()[0]!.shape).toEqual([3, 3, 128, 128]);
    model.dispose();
  });

  it('uses projection shortcuts exactly where the shape changes', () => {
    const spec18 = resnetSpec({ depth: 18, numClasses: 10 });
    expect(spec18.blocks.map((b) => b.projection)).toEqual([
      false,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    const spec50 = resnetSpec({ depth: 50, numClasses: 10 });
    expect(spec50.blocks.filter((b) => b.projection)).toHaveLength(4);
    expect(spec50.featureChannels).toBe(2048);
  });

  it('rejects bad options with RangeError', () => {
    expect(() => resnetSpec({ depth: 20 as ResNetDepth, numClasses: 10 })).toThrow(RangeError);
    expect(() => resnetSpec({ numClasses: 1 })).toThrow(RangeError);
    expect(() => resnetSpec({ numClasses: 10, inputChannels: 2 as 1 })).toThrow(RangeError);
    expect(() => resnetSpec({ numClasses: 10, widthMultiplier: 0 })).toThrow(RangeError);
    expect(() => resnetSpec({ numClasses: 10, inputSize: 16 })).toThrow(RangeError);
  });
});
