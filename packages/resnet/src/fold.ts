/**
 * Inference-time folding of batch norm into the preceding convolution (and of the following ReLU into
 * the convolution's fused activation), so each conv–BN–ReLU triple runs as one XNNPACK convolution.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.layers.Layer;
type Sym = tfl.SymbolicTensor;
interface LayerClass {
  fromConfig(cls: LayerClass, config: tf.serialization.ConfigDict): Layer;
}

function inboundLayers(layer: Layer): Layer[] {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: Layer[] }[] }).inboundNodes;
  return nodes[0]?.inboundLayers ?? [];
}

/**
 * Returns a new model computing the same function as `model` in inference mode, with every
 * batch-norm layer that directly follows a convolution (its only consumer) folded into that
 * convolution's kernel and bias — `W' = W·γ/σ`, `b' = β + (b − μ)·γ/σ` — and a ReLU that then follows
 * fused as the convolution's activation. Use it for prediction and evaluation only (it has no batch
 * norm to train). The input model is not changed.
 */
export function foldBatchNorm(model: tfl.LayersModel): tfl.LayersModel {
  const consumers = new Map<string, Layer[]>();
  for (const layer of model.layers) {
    for (const inbound of inboundLayers(layer)) {
      consumers.set(inbound.name, [...(consumers.get(inbound.name) ?? []), layer]);
    }
  }
  const only = (layer: Layer, className: string): Layer | undefined => {
    const next = consumers.get(layer.name);
    return next?.length === 1 && next[0]!.getClassName() === className ? next[0] : undefined;
  };
  const outputs = new Map<string, Sym>();
  const skip = new Set<string>();
  const pendingWeights: [Layer, tf.Tensor[]][] = [];
  let input: Sym | undefined;
  for (const layer of model.layers) {
    if (skip.has(layer.name)) continue;
    const className = layer.getClassName();
    const inputs = inboundLayers(layer).map((l) => outputs.get(l.name)!);
    if (className === 'InputLayer') {
      const shape = (layer as unknown as { batchInputShape: (number | null)[] }).batchInputShape.slice(
        1,
      ) as number[];
      input = tfl.input({ shape, name: layer.name });
      outputs.set(layer.name, input);
      continue;
    }
    const bn = className === 'Conv2D' ? only(layer, 'BatchNormalization') : undefined;
    if (bn) {
      const relu = only(bn, 'ReLU');
      const config = layer.getConfig();
      const conv = tfl.layers.conv2d({
        filters: config.filters as number,
        kernelSize: config.kernelSize as number[],
        strides: config.strides as number[],
        padding: config.padding as 'same' | 'valid',
        dilationRate: config.dilationRate as [number, number],
        useBias: true,
        activation: relu ? 'relu' : 'linear',
        name: layer.name,
      });
      const y = conv.apply(inputs[0]!) as Sym;
      const weights = tf.tidy(() => {
        const [kernel, bias] = layer.getWeights();
        const [gamma, beta, mean, variance] = bn.getWeights() as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const scale = tf.div(gamma, tf.sqrt(tf.add(variance, bn.getConfig().epsilon as number)));
        const shift = tf.sub(bias ?? tf.zerosLike(mean), mean);
        return [tf.mul(kernel!, scale), tf.add(beta, tf.mul(shift, scale))];
      });
      pendingWeights.push([conv, weights]);
      for (const name of [layer.name, bn.name, ...(relu ? [relu.name] : [])]) outputs.set(name, y);
      skip.add(bn.name);
      if (relu) skip.add(relu.name);
      continue;
    }
    const cls = layer.constructor as unknown as LayerClass;
    const clone = cls.fromConfig(cls, layer.getConfig());
    const y = clone.apply(inputs.length === 1 ? inputs[0]! : inputs) as Sym;
    const weights = layer.getWeights();
    if (weights.length > 0) pendingWeights.push([clone, weights]);
    outputs.set(layer.name, y);
  }
  const output = outputs.get(model.outputLayers[0]!.name)!;
  const folded = tfl.model({ inputs: input!, outputs: output, name: `${model.name}_folded` });
  for (const [layer, weights] of pendingWeights) layer.setWeights(weights);
  return folded;
}
