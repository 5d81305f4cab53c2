/**
 * ResNet architectures as plain data: stages, blocks and channel widths, and the parameter count they
 * imply (computed without building weights).
 *
 * @packageDocumentation
 */

/** Supported depths: 18 and 34 use basic blocks, 50, 101 and 152 bottleneck blocks. */
export type ResNetDepth = 18 | 34 | 50 | 101 | 152;

/** Options of a ResNet classifier. */
export interface ResNetOptions {
  /** Network depth (default 18). */
  depth?: ResNetDepth;
  /** Side of the square input images in pixels (default 224; at least 32). */
  inputSize?: number;
  /** Channels of the input images: 1 (grey) or 3 (default 3). */
  inputChannels?: 1 | 3;
  /** Multiplier of every convolution's width (default 1; 0.5 halves all channels). */
  widthMultiplier?: number;
  /** Number of classes of the final dense layer (required). */
  numClasses: number;
  /** Initialise the last batch-norm scale of every residual block to 0 (default true; helps short training). */
  zeroInitResidual?: boolean;
  /** Seed of the weight initialisers (default: random). */
  seed?: number;
}

/** One residual block of a {@link ResNetSpec}. */
export interface BlockSpec {
  /** `'basic'` (two 3×3 convs) or `'bottleneck'` (1×1, 3×3, 1×1). */
  kind: 'basic' | 'bottleneck';
  /** Input channels. */
  inChannels: number;
  /** Inner width (the 3×3 conv's channels). */
  width: number;
  /** Output channels (`width` for basic, `4·width` for bottleneck). */
  outChannels: number;
  /** Stride of the block (2 at the first block of stages 2–4). */
  stride: 1 | 2;
  /** True if the shortcut is a 1×1 conv + batch norm (shape changes), false for identity. */
  projection: boolean;
}

/** Fully resolved architecture of a ResNet. */
export interface ResNetSpec {
  depth: ResNetDepth;
  inputSize: number;
  inputChannels: 1 | 3;
  widthMultiplier: number;
  numClasses: number;
  /** Channels of the 7×7 stem convolution. */
  stemChannels: number;
  /** Blocks in order, stage by stage. */
  blocks: BlockSpec[];
  /** Channels entering the classifier. */
  featureChannels: number;
}

const LAYOUT: Record<
  ResNetDepth,
  { kind: 'basic' | 'bottleneck'; blocks: [number, number, number, number] }
> = {
  18: { kind: 'basic', blocks: [2, 2, 2, 2] },
  34: { kind: 'basic', blocks: [3, 4, 6, 3] },
  50: { kind: 'bottleneck', blocks: [3, 4, 6, 3] },
  101: { kind: 'bottleneck', blocks: [3, 4, 23, 3] },
  152: { kind: 'bottleneck', blocks: [3, 8, 36, 3] },
};

/** Channels scaled by the width multiplier (at least 1, rounded to the nearest integer). */
export function scaledChannels(channels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(channels * widthMultiplier));
}

/** Resolves options (with defaults) into the block-by-block architecture; validates arguments. */
export function resnetSpec(options: ResNetOptions): ResNetSpec {
  const depth = options.depth ?? 18;
  const layout = LAYOUT[depth];
  if (!layout) throw new RangeError(`depth must be one of 18, 34, 50, 101, 152; got ${depth}`);
  const inputSize = options.inputSize ?? 224;
  if (!Number.isInteger(inputSize) || inputSize < 32) {
    throw new RangeError(`inputSize must be an integer ≥ 32, got ${inputSize}`);
  }
  const inputChannels = options.inputChannels ?? 3;
  if (inputChannels !== 1 && inputChannels !== 3) {
    throw new RangeError(`inputChannels must be 1 or 3, got ${inputChannels}`);
  }
  const widthMultiplier = options.widthMultiplier ?? 1;
  if (!(widthMultiplier > 0) || !Number.isFinite(widthMultiplier)) {
    throw new RangeError(`widthMultiplier must be a positive number, got ${widthMultiplier}`);
  }
  const { numClasses } = options;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`numClasses must be an integer ≥ 2, got ${numClasses}`);
  }
  const expansion = layout.kind === 'basic' ? 1 : 4;
  const stemChannels = scaledChannels(64, widthMultiplier);
  const blocks: BlockSpec[] = [];
  let inChannels = stemChannels;
  layout.blocks.forEach((count, stage) => {
    const width = scaledChannels(64 * 2 ** stage, widthMultiplier);
    const outChannels = width * expansion;
    for (let i = 0; i < count; i++) {
      const stride: 1 | 2 = i === 0 && stage > 0 ? 2 : 1;
      blocks.push({
        kind: layout.kind,
        inChannels,
        width,
        outChannels,
        stride,
        projection: stride !== 1 || inChannels !== outChannels,
      });
      inChannels = outChannels;
    }
  });
  return {
    depth,
    inputSize,
    inputChannels,
    widthMultiplier,
    numClasses,
    stemChannels,
    blocks,
    featureChannels: inChannels,
  };
}

/** Parameter counts of a spec: trainable (conv, BN scale/offset, dense) and BN moving statistics. */
export interface ParameterCount {
  /** Trainable parameters (what PyTorch's `numel` over `parameters()` reports). */
  trainable: number;
  /** Non-trainable batch-norm moving means and variances. */
  nonTrainable: number;
}

/** Counts the parameters of an architecture without building it. */
export function countParameters(spec: ResNetSpec): ParameterCount {
  let trainable = 0;
  let bnChannels = 0;
  const conv = (k: number, cin: number, cout: number) => {
    trainable += k * k * cin * cout;
  };
  const bn = (c: number) => {
    trainable += 2 * c;
    bnChannels += c;
  };
  conv(7, spec.inputChannels, spec.stemChannels);
  bn(spec.stemChannels);
  for (const b of spec.blocks) {
    if (b.kind === 'basic') {
      conv(3, b.inChannels, b.width);
      bn(b.width);
      conv(3, b.width, b.outChannels);
      bn(b.outChannels);
    } else {
      conv(1, b.inChannels, b.width);
      bn(b.width);
      conv(3, b.width, b.width);
      bn(b.width);
      conv(1, b.width, b.outChannels);
      bn(b.outChannels);
    }
    if (b.projection) {
      conv(1, b.inChannels, b.outChannels);
      bn(b.outChannels);
    }
  }
  trainable += spec.featureChannels * spec.numClasses + spec.numClasses;
  return { trainable, nonTrainable: 2 * bnChannels };
}
