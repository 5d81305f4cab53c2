/**
 * Where the time of one training step goes: runs warm-up steps of ResNet18 (SGD with momentum, as `train` does),
 * then profiles steps with `tf.profile` and prints the kernels by total time. A tool for kernel work (#8), not a
 * benchmark with a goal. Env: PROFILE_SIZE (default 64), PROFILE_BATCH (32), PROFILE_WIDTH (0.5),
 * PROFILE_CHANNELS (1), PROFILE_STEPS (3).
 *
 *   npx tsx bench/profile-step.ts            # in packages/resnet
 */
import * as tf from '@tensorflow/tfjs-core';
import { createResNet, selectBackend } from '../src/index.js';

const size = Number(process.env.PROFILE_SIZE ?? 64);
const batch = Number(process.env.PROFILE_BATCH ?? 32);
const width = Number(process.env.PROFILE_WIDTH ?? 0.5);
const channels = Number(process.env.PROFILE_CHANNELS ?? 1) as 1 | 3;
const steps = Number(process.env.PROFILE_STEPS ?? 3);

const backend = await selectBackend(process.env.SADP_BACKEND ?? 'wasm');
const model = createResNet({
  depth: 18,
  inputSize: size,
  inputChannels: channels,
  widthMultiplier: width,
  numClasses: 61,
  seed: 1,
});
const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
const optimizer = tf.train.momentum(0.01, 0.9);
const x = tf.randomUniform([batch, size, size, channels], 0, 1, 'float32', 1);
const y = tf.oneHot(
  tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 61),
    'int32',
  ),
  61,
);

function step(): void {
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  }, vars);
  optimizer.applyGradients(grads as never);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
}

for (let i = 0; i < 2; i++) step();
const totals = new Map<string, { ms: number; calls: number }>();
let wall = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  const info = await tf.profile(() => step());
  wall += performance.now() - t0;
  for (const k of info.kernels) {
    const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
    t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    t.calls++;
    totals.set(k.name, t);
  }
}
const kernelMs = [...totals.values()].reduce((s, t) => s + t.ms, 0);
console.log(
  `${backend.name} (${backend.threads} threads): ResNet18 ×${width} at ${size} px, batch ${batch}: ` +
    `${(wall / steps).toFixed(0)} ms per step (profiled), kernels ${(kernelMs / steps).toFixed(0)} ms`,
);
for (const [name, t] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(
    `${name.padEnd(28)} ${(t.ms / steps).toFixed(1).padStart(8)} ms ${((100 * t.ms) / kernelMs).toFixed(1).padStart(5)} %  ${t.calls / steps} calls`,
  );
}
process.exit(0);
