// Defines a tiny ResNet18 (1/8 width, 32 px, 1 channel), trains it on generated images of four simple
// patterns, evaluates it, and saves it in the tfjs format — in seconds, on CPU, with the wasm backend.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  arrayDataSource,
  countParameters,
  createResNet,
  evaluate,
  formatTrainProgress,
  loadResNet,
  predict,
  resnetSpec,
  saveResNet,
  selectBackend,
  train,
} from '@sadp/resnet';

const CLASSES = ['horizontal', 'vertical', 'disk', 'cross'];
const SIZE = 32;

/** `count` grey SIZE×SIZE images, cycling through the four classes, with random position/period/noise. */
function generate(count, seed) {
  let s = seed >>> 0;
  const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const images = new Float32Array(count * SIZE * SIZE);
  const targets = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const cls = n % 4;
    targets[n] = cls;
    const period = 4 + 4 * random();
    const phase = period * random();
    const [cx, cy, r] = [
      SIZE * (0.35 + 0.3 * random()),
      SIZE * (0.35 + 0.3 * random()),
      SIZE * (0.15 + 0.1 * random()),
    ];
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const on = [
          Math.sin((2 * Math.PI * (y + phase)) / period) > 0,
          Math.sin((2 * Math.PI * (x + phase)) / period) > 0,
          (x - cx) ** 2 + (y - cy) ** 2 < r * r,
          Math.abs(x - cx) < r / 3 || Math.abs(y - cy) < r / 3,
        ][cls];
        images[n * SIZE * SIZE + y * SIZE + x] = (on ? 0.8 : 0) + 0.2 * random();
      }
    }
  }
  return { images, targets };
}

const backend = await selectBackend(); // tfjs-node-gpu > tfjs-node > wasm > cpu; SADP_BACKEND overrides
console.log(`backend: ${backend.name} (${backend.threads} thread(s), SIMD ${backend.simd})`);

const options = {
  depth: 18,
  inputSize: SIZE,
  inputChannels: 1,
  widthMultiplier: 0.125,
  numClasses: 4,
  seed: 1,
};
console.log(`ResNet18 at 1/8 width: ${countParameters(resnetSpec(options)).trainable} trainable parameters`);
const model = createResNet(options);

const trainSet = arrayDataSource({ ...generate(256, 1), imageSize: SIZE, channels: 1, labels: CLASSES });
const valSet = arrayDataSource({ ...generate(128, 2), imageSize: SIZE, channels: 1, labels: CLASSES });
const t0 = performance.now();
const result = await train(model, trainSet, {
  preset: 'cpu', // one-cycle SGD with momentum, label smoothing, augmentation (rotation, scale, crop)
  epochs: 6,
  batchSize: 32,
  schedule: { kind: 'one-cycle', maxLr: 0.05 },
  validation: valSet,
  onProgress: (p) => {
    if (p.phase === 'epoch-end') process.stdout.write(`${formatTrainProgress(p)}\n`);
  },
});
console.log(
  `trained in ${((performance.now() - t0) / 1000).toFixed(1)} s; fitted temperature ${result.temperature.toFixed(2)}`,
);

const evaluation = await evaluate(model, valSet, { topK: [1, 2], temperature: result.temperature });
console.log(
  `validation top-1 ${(100 * evaluation.accuracy).toFixed(1)} %, top-2 ${(100 * evaluation.topK[2]).toFixed(1)} %`,
);
for (const c of evaluation.perClass) console.log(`  ${c.label.padEnd(10)} ${c.correct}/${c.count}`);
console.log('confusion (rows = true, columns = predicted):');
for (let i = 0; i < 4; i++)
  console.log(`  ${Array.from(evaluation.confusion.subarray(i * 4, i * 4 + 4)).join('\t')}`);

const dir = join(mkdtempSync(join(tmpdir(), 'tiny-resnet-')), 'model');
await saveResNet(model, dir, { labels: CLASSES, temperature: result.temperature });
const { model: loaded, metadata } = await loadResNet(dir);
const probabilities = predict(loaded, generate(1, 7).images, { temperature: metadata.temperature });
const best = probabilities.indexOf(Math.max(...probabilities));
console.log(
  `saved to ${dir}; reloaded model says "${metadata.labels[best]}" (${(100 * probabilities[best]).toFixed(1)} %) for a new ${CLASSES[0]} image`,
);
