/**
 * Benchmark of ResNet18 (60 classes, 3 channels) training and inference on the wasm backend, compared
 * with PyTorch 1.13 on the same kind of 2-core machine. Run with `npm run bench` (in packages/resnet).
 * Env: SADP_WASM_THREADS (default: all cores), BENCH_STEPS (timed steps per case, default 3),
 * BENCH_CASES (comma list of case names to run, default all).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { writeBenchResult } from '../../../scripts/bench-report.js';
import { arrayDataSource, createResNet, foldBatchNorm, selectBackend, train } from '../src/index.js';

const PYTORCH = { train224: 13.6, infer224: 45.7, train64: 132.6, infer64: 242, latency224Ms: 24 };
const steps = Number(process.env.BENCH_STEPS ?? 3);
const only = process.env.BENCH_CASES?.split(',');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function randomImages(n: number, size: number): Float32Array {
  const out = new Float32Array(n * size * size * 3);
  let s = 12345;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

async function trainThroughput(size: number, batch: number, width: number) {
  const model = createResNet({
    depth: 18,
    inputSize: size,
    inputChannels: 3,
    widthMultiplier: width,
    numClasses: 60,
    seed: 1,
  });
  const n = batch * (steps + 1);
  const data = arrayDataSource({
    images: randomImages(n, size),
    targets: Array.from({ length: n }, (_, i) => i % 60),
    imageSize: size,
    channels: 3,
    labels: Array.from({ length: 60 }, (_, i) => `c${i}`),
  });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  await train(model, data, {
    epochs: 1,
    batchSize: batch,
    augment: false,
    schedule: { kind: 'constant', lr: 0.001 },
    onProgress: (p) => {
      if (p.phase !== 'train') return;
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      if (p.step > 1) {
        // step 1 is warm-up (operator creation, memory growth)
        times.push(now - last);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      last = now;
      lastCpu = process.cpuUsage();
    },
  });
  model.dispose();
  return {
    imagesPerSecond: batch / (median(times) / 1000),
    bestImagesPerSecond: batch / (Math.min(...times) / 1000),
    imagesPerCpuSecond: batch / (median(cpuTimes) / 1000),
    stepMs: times.map(Math.round),
    stepCpuMs: cpuTimes.map(Math.round),
  };
}

function inferThroughput(size: number, batch: number, runs: number, fold = true) {
  const trained = createResNet({ depth: 18, inputSize: size, inputChannels: 3, numClasses: 60, seed: 1 });
  const model = fold ? foldBatchNorm(trained) : trained;
  if (fold) trained.dispose();
  const x = tf.tensor4d(randomImages(batch, size), [batch, size, size, 3]);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const y = model.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
    const c = process.cpuUsage(c0);
    if (r > 0) {
      times.push(performance.now() - t0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
  }
  x.dispose();
  model.dispose();
  return {
    imagesPerSecond: batch / (median(times) / 1000),
    imagesPerCpuSecond: batch / (median(cpuTimes) / 1000),
    medianMs: median(times),
    bestMs: Math.min(...times),
  };
}

const info = await selectBackend('wasm');
const load = { start: loadavg().map((l) => Math.round(l * 100) / 100) };
const results: Record<string, unknown> = {
  backend: info,
  note: 'Measured on a 2-core machine shared with ~6 other helpers running builds/tests at the same time (see loadAverage), so wall-clock img/s understate what an idle machine gives; imagesPerCpuSecond (images per CPU-second of this process, all threads) is less sensitive to the sharing. Medians over timed steps after one warm-up step. Inference uses foldBatchNorm (BN folded into the convs, ReLU fused); *Unfolded rows are the plain model.',
  pytorchReference: PYTORCH,
};
const want = (name: string) => !only || only.includes(name);
const cases: [string, () => Promise<unknown> | unknown][] = [
  ['train224', () => trainThroughput(224, 16, 1)],
  ['infer224', () => inferThroughput(224, 16, steps)],
  ['infer224Unfolded', () => inferThroughput(224, 16, steps, false)],
  ['latency224', () => inferThroughput(224, 1, 10)],
  ['train64', () => trainThroughput(64, 32, 1)],
  ['infer64', () => inferThroughput(64, 32, steps + 2)],
  ['infer64Unfolded', () => inferThroughput(64, 32, steps + 2, false)],
  ['train64HalfWidth', () => trainThroughput(64, 32, 0.5)],
];
for (const [name, run] of cases) {
  if (!want(name)) continue;
  const t0 = performance.now();
  results[name] = await run();
  process.stderr.write(
    `${name}: ${JSON.stringify(results[name])} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
}
const ratio = (key: string, ref: number) => {
  const r = results[key] as { imagesPerSecond: number } | undefined;
  return r ? Math.round((r.imagesPerSecond / ref) * 1000) / 1000 : undefined;
};
results.ratioToPytorch = {
  train224: ratio('train224', PYTORCH.train224),
  infer224: ratio('infer224', PYTORCH.infer224),
  train64: ratio('train64', PYTORCH.train64),
  infer64: ratio('infer64', PYTORCH.infer64),
  latency224: results.latency224
    ? Math.round((PYTORCH.latency224Ms / (results.latency224 as { medianMs: number }).medianMs) * 1000) / 1000
    : undefined,
};
results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
results.loadAverage = { ...load, end: loadavg().map((l) => Math.round(l * 100) / 100) };
writeBenchResult('@sadp/resnet', results);
process.exit(0);
