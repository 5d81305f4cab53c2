/**
 * Builds ResNet classifiers as tfjs-layers models (NHWC, batch norm, softmax-free logits).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BlockSpec, type ResNetOptions, type ResNetSpec, resnetSpec } from './architecture.js';
import { fusedBatchNormalization } from './batch-norm.js';
import { ResNetError } from './errors.js';

const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-5;

type SymbolicTensor = tfl.SymbolicTensor;

/**
 * Creates a ResNet (18/34: basic blocks; 50/101/152: bottleneck blocks, stride on the 3×3 conv as in
 * torchvision) with batch norm after every convolution, global average pooling and a dense layer that
 * outputs logits (apply softmax for probabilities). Input: `[batch, inputSize, inputSize, inputChannels]`.
 *
 * @example
 * ```ts
 * const model = createResNet({ depth: 18, inputSize: 64, inputChannels: 1, widthMultiplier: 0.5, numClasses: 80 });
 * ```
 */
export function createResNet(options: ResNetOptions): tfl.LayersModel {
  const spec = resnetSpec(options);
  try {
    tf.backend();
  } catch (cause) {
    throw new ResNetError(
      'E_RESNET_BACKEND',
      'no tfjs backend is ready: call `await selectBackend()` first',
      {
        cause,
      },
    );
  }
  return buildResNet(spec, options.zeroInitResidual ?? true, options.seed);
}

/** Builds the tfjs-layers model of a resolved {@link ResNetSpec}. */
export function buildResNet(spec: ResNetSpec, zeroInitResidual = true, seed?: number): tfl.LayersModel {
  let seedCounter = seed ?? Math.floor(Math.random() * 2 ** 31);
  const heInit = () =>
    tfl.initializers.varianceScaling({
      scale: 2,
      mode: 'fanOut',
      distribution: 'normal',
      seed: seedCounter++,
    });
  const conv = (x: SymbolicTensor, filters: number, kernel: number, stride: number, name: string) =>
    tfl.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: stride,
        padding: 'same',
        useBias: false,
        kernelInitializer: heInit(),
        name,
      })
      .apply(x) as SymbolicTensor;
  const bn = (x: SymbolicTensor, name: string, zero = false) =>
    fusedBatchNormalization({
      axis: -1,
      momentum: BN_MOMENTUM,
      epsilon: BN_EPSILON,
      gammaInitializer: zero ? 'zeros' : 'ones',
      name,
    }).apply(x) as SymbolicTensor;
  const relu = (x: SymbolicTensor, name: string) => tfl.layers.reLU({ name }).apply(x) as SymbolicTensor;

  const input = tfl.input({ shape: [spec.inputSize, spec.inputSize, spec.inputChannels], name: 'image' });
  let x = conv(input, spec.stemChannels, 7, 2, 'stem_conv');
  x = relu(bn(x, 'stem_bn'), 'stem_relu');
  x = tfl.layers
    .maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' })
    .apply(x) as SymbolicTensor;

  const block = (x: SymbolicTensor, b: BlockSpec, name: string): SymbolicTensor => {
    let y: SymbolicTensor;
    if (b.kind === 'basic') {
      y = relu(bn(conv(x, b.width, 3, b.stride, `${name}_conv1`), `${name}_bn1`), `${name}_relu1`);
      y = bn(conv(y, b.outChannels, 3, 1, `${name}_conv2`), `${name}_bn2`, zeroInitResidual);
    } else {
      y = relu(bn(conv(x, b.width, 1, 1, `${name}_conv1`), `${name}_bn1`), `${name}_relu1`);
      y = relu(bn(conv(y, b.width, 3, b.stride, `${name}_conv2`), `${name}_bn2`), `${name}_relu2`);
      y = bn(conv(y, b.outChannels, 1, 1, `${name}_conv3`), `${name}_bn3`, zeroInitResidual);
    }
    const shortcut = b.projection
      ? bn(conv(x, b.outChannels, 1, b.stride, `${name}_proj_conv`), `${name}_proj_bn`)
      : x;
    const sum = tfl.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as SymbolicTensor;
    return relu(sum, `${name}_out`);
  };

  let stage = 1;
  let indexInStage = 0;
  spec.blocks.forEach((b, i) => {
    if (i > 0 && b.stride === 2) {
      stage++;
      indexInStage = 0;
    }
    indexInStage++;
    x = block(x, b, `stage${stage}_block${indexInStage}`);
  });
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as SymbolicTensor;
  const logits = tfl.layers
    .dense({
      units: spec.numClasses,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seedCounter++ }),
      name: 'logits',
    })
    .apply(x) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: `resnet${spec.depth}` });
}
