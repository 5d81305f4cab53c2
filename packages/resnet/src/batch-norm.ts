/**
 * Batch normalisation with a fused training gradient.
 *
 * tfjs-layers' `BatchNormalization` trains through tfjs-core's generic `batchNorm` gradient, which tiles
 * the per-channel statistics to the full activation shape and differentiates through `moments` — about
 * twenty full-size passes per layer, 40 % of a ResNet training step on wasm. This subclass computes the
 * training-mode forward pass and its closed-form gradient
 * `dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))` with a handful of broadcasting ops (any backend).
 * Inference, weights and serialisation are unchanged: it registers under the class name
 * `BatchNormalization`, so saved models load with either class.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from './kernels/batch-norm-train.js';

type LayerArgs = Parameters<typeof tfl.layers.batchNormalization>[0];
type Kwargs = Record<string, unknown>;
interface BnInternals {
  gamma: tfl.LayerVariable | null;
  beta: tfl.LayerVariable | null;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
  epsilon: number;
  momentum: number;
  axis: number;
}

const Base = Object.getPrototypeOf(tfl.layers.batchNormalization({})).constructor as new (
  args?: LayerArgs,
) => tfl.layers.Layer;

/**
 * Normalises `x` (channels last) with its batch statistics, scales by `gamma`, shifts by `beta`; the
 * gradient is computed in closed form. Returns the output and the batch mean and (biased) variance.
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.size / x.shape[x.shape.length - 1]!;
  let mean: tf.Tensor1D | undefined;
  let variance: tf.Tensor1D | undefined;
  if (tf.getBackend() === 'wasm' && tf.getKernel(BATCH_NORM_TRAIN, 'wasm')) {
    // Two typed-array passes each way on the wasm heap (kernels/batch-norm-train.ts).
    const fused = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
      const [xi, g, b] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
      const save = args[3] as (t: tf.Tensor[]) => void;
      const [y, m, v, invStd] = tf.engine().runKernel(
        BATCH_NORM_TRAIN,
        { x: xi, gamma: g, beta: b },
        {
          epsilon,
        },
      ) as tf.Tensor[];
      mean = tf.keep(m as tf.Tensor1D);
      variance = tf.keep(v as tf.Tensor1D);
      save([xi, m!, invStd!, g]);
      return {
        value: y!,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sm, si, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
          return tf
            .engine()
            .runKernel(
              BATCH_NORM_TRAIN_GRAD,
              { dy, x: sx, mean: sm, invStd: si, gamma: sg },
              {},
            ) as tf.Tensor[];
        },
      };
    });
    const y = fused(x, gamma, beta);
    return { y, mean: mean!, variance: variance! };
  }
  const op = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
    const [xi, g, b] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as (t: tf.Tensor[]) => void;
    const m = tf.mean(xi, axes) as tf.Tensor1D;
    const xc = tf.sub(xi, m);
    const v = tf.mean(tf.square(xc), axes) as tf.Tensor1D;
    const invStd = tf.rsqrt(tf.add(v, epsilon)) as tf.Tensor1D;
    const value = tf.add(tf.mul(xc, tf.mul(g, invStd)), b);
    mean = tf.keep(m);
    variance = tf.keep(v);
    save([xc, invStd, g]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxc, sInvStd, sg] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
        const dBeta = tf.sum(dy, axes) as tf.Tensor1D;
        const dyXc = tf.sum(tf.mul(dy, sxc), axes) as tf.Tensor1D; // Σ dy·(x − μ)
        const dGamma = tf.mul(dyXc, sInvStd);
        const scale = tf.mul(sg, sInvStd);
        // dx = γ/σ · (dy − Σdy/M − (x−μ)/σ² · Σ dy·(x−μ)/M)
        const k = tf.mul(tf.square(sInvStd), tf.div(dyXc, count));
        const dx = tf.mul(tf.sub(tf.sub(dy, tf.div(dBeta, count)), tf.mul(sxc, k)), scale);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, mean: mean!, variance: variance! };
}

/**
 * `BatchNormalization` (channels last, with scale and centre) whose training-mode call uses
 * {@link batchNormTraining}. Same weights, config and inference as the tfjs-layers layer.
 */
export class FusedBatchNormalization extends Base {
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const bn = this as unknown as BnInternals;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = bn.axis < 0 ? bn.axis + x.rank : bn.axis;
    if (!kwargs.training || axis !== x.rank - 1 || !bn.gamma || !bn.beta) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(
        x,
        bn.gamma!.read() as tf.Tensor1D,
        bn.beta!.read() as tf.Tensor1D,
        bn.epsilon,
      );
      const decay = 1 - bn.momentum;
      const update = (v: tfl.LayerVariable, value: tf.Tensor) => {
        const old = v.read();
        v.write(tf.sub(old, tf.mul(tf.sub(old, value), decay)));
      };
      update(bn.movingMean, mean);
      update(bn.movingVariance, variance);
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
tf.serialization.registerClass(
  FusedBatchNormalization as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>,
);

/** Creates a {@link FusedBatchNormalization} layer (same arguments as `tf.layers.batchNormalization`). */
export function fusedBatchNormalization(args: LayerArgs): tfl.layers.Layer {
  return new FusedBatchNormalization(args);
}
