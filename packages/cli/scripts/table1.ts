/**
 * Reproduces the paper's Table 1 (ResNet depth vs validation accuracy, parameters and time per image) on a CPU
 * budget: trains each depth with `sadp train` on the same dataset, then measures validation accuracy, parameter
 * counts (as trained, and at the paper's setting: 3 channels, full width, 224 px, 60 classes) and CPU latency on
 * the backend in use. Every training run resumes where an interrupted one stopped.
 *
 *   npx tsx packages/cli/scripts/table1.ts <dataset-dir> <out-dir>
 *   DEPTHS=18,34 WIDTH=0.5 INPUT=64 EPOCHS=4 npx tsx packages/cli/scripts/table1.ts runs/t1/data runs/t1
 *
 * Writes `<out-dir>/table1.json` and `<out-dir>/TABLE1.md`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countParameters,
  createResNet,
  foldBatchNorm,
  loadResNet,
  predict,
  type ResNetDepth,
  resnetSpec,
  selectBackend,
} from '@sadp/resnet';
import { wilson } from '../../classifier/scripts/wilson';

const [datasetDir, outDir] = process.argv.slice(2) as [string, string];
if (!outDir) throw new Error('usage: table1.ts <dataset-dir> <out-dir>');
const depths = (process.env.DEPTHS ?? '18,34').split(',').map(Number) as ResNetDepth[];
const width = Number(process.env.WIDTH ?? 0.5);
const inputSize = Number(process.env.INPUT ?? 64);
const epochs = Number(process.env.EPOCHS ?? 4);
const seed = Number(process.env.SEED ?? 1);

/** The paper's Table 1 (GPU, ImageNet pre-training, 224 px, 25 epochs). */
const PAPER: Record<number, { accuracy: number; params: string; gpuMs: number }> = {
  18: { accuracy: 0.84946, params: '11.2 M', gpuMs: 0.0821 },
  34: { accuracy: 0.88607, params: '21.3 M', gpuMs: 0.1395 },
  50: { accuracy: 0.90339, params: '23.6 M', gpuMs: 0.1711 },
  101: { accuracy: 0.92607, params: '42.6 M', gpuMs: 0.3123 },
  152: { accuracy: 0.92393, params: '58.5 M', gpuMs: 0.4468 },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median milliseconds per image of `model` (batch-norm folded) at batch `batch`, after one warm-up run. */
function msPerImage(model: ReturnType<typeof createResNet>, batch: number, runs: number): number {
  const folded = foldBatchNorm(model);
  const [size, , channels] = folded.inputs[0]!.shape.slice(1) as number[];
  const images = new Float32Array(batch * size! * size! * channels!);
  for (let i = 0; i < images.length; i++) images[i] = ((i * 2654435761) >>> 0) / 2 ** 32;
  const times: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    predict(folded, images, { batchSize: batch });
    if (r > 0) times.push((performance.now() - t0) / batch);
  }
  folded.dispose();
  return median(times);
}

const backend = await selectBackend();
const rows = [];
for (const depth of depths) {
  const run = join(outDir, `resnet${depth}`);
  const resume = existsSync(join(run, 'checkpoints', 'latest')) ? ['--resume'] : [];
  if (!existsSync(join(run, 'evaluation.json'))) {
    execFileSync(
      'npx',
      [
        'sadp',
        'train',
        datasetDir,
        '-o',
        run,
        '--preset',
        'cpu',
        '--depth',
        String(depth),
        '--width',
        String(width),
        '--input-size',
        String(inputSize),
        '--epochs',
        String(epochs),
        '--seed',
        String(seed),
        ...resume,
      ],
      { stdio: 'inherit' },
    );
  }
  const evaluation = JSON.parse(readFileSync(join(run, 'evaluation.json'), 'utf8')) as {
    history: { seconds: number; imagesPerSecond: number }[];
    evaluation: { accuracy: number; topK: Record<string, number>; count: number };
  };
  const { model } = await loadResNet(join(run, 'model'));
  const numClasses = model.outputs[0]!.shape[1] as number;
  const trained = countParameters(
    resnetSpec({ depth, inputSize, inputChannels: 1, widthMultiplier: width, numClasses }),
  ).trainable;
  const paperSetting = countParameters(
    resnetSpec({ depth, inputSize: 224, inputChannels: 3, widthMultiplier: 1, numClasses: 60 }),
  ).trainable;
  const latencyMs = msPerImage(model, 1, 20);
  const batchedMs = msPerImage(model, 32, 5);
  model.dispose();
  // the paper's setting, for the CPU time a user of the full-size model would see
  const full = createResNet({ depth, inputSize: 224, inputChannels: 3, numClasses: 60, seed });
  const fullLatencyMs = msPerImage(full, 1, 5);
  full.dispose();
  rows.push({
    depth,
    accuracy: evaluation.evaluation.accuracy,
    top3: evaluation.evaluation.topK['3'],
    validationImages: evaluation.evaluation.count,
    parameters: trained,
    parametersPaperSetting: paperSetting,
    latencyMs,
    batchedMsPerImage: batchedMs,
    fullSizeLatencyMs: fullLatencyMs,
    trainingMinutes: evaluation.history.reduce((s, h) => s + h.seconds, 0) / 60,
    trainImagesPerSecond: evaluation.history.at(-1)?.imagesPerSecond,
    paper: PAPER[depth],
  });
  process.stderr.write(`resnet${depth}: ${JSON.stringify(rows.at(-1))}\n`);
}

const result = {
  dataset: datasetDir,
  backend: { name: backend.name, threads: backend.threads, simd: backend.simd },
  setting: { width, inputSize, epochs, seed, preset: 'cpu', channels: 1 },
  rows,
};
writeFileSync(join(outDir, 'table1.json'), `${JSON.stringify(result, null, 1)}\n`);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const interval = (p: number, n: number) => wilson(p, n).map(pct).join('–');
const millions = (n: number) => `${(n / 1e6).toFixed(2)} M`;
const markdown = `# Table 1, reproduced on CPU

The paper's Table 1 compares ResNet depths fine-tuned from ImageNet weights on a GPU (224 px, 3 channels, 25 epochs).
Here every depth is trained from scratch on ${backend.name} (${backend.threads} threads) with the \`cpu\` preset at
${inputSize} px, 1 channel, width × ${width}, ${epochs} epochs, seed ${seed}, on \`${datasetDir}\`; accuracy is label
top-1 on the held-out crystals of that dataset. Reproduce with
\`DEPTHS=${depths.join(',')} WIDTH=${width} INPUT=${inputSize} EPOCHS=${epochs} npx tsx packages/cli/scripts/table1.ts <dataset> <out>\`.

| model | val. accuracy [95 % interval] (top-3) | params as trained | params, paper setting | CPU latency, batch 1 | CPU time / image, batch 32 | CPU latency, paper setting | training | paper: accuracy, params, GPU time |
|---|---|---|---|---|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ResNet${r.depth} | ${pct(r.accuracy)} [${interval(r.accuracy, r.validationImages)}] (${pct(r.top3 ?? Number.NaN)}) | ${millions(r.parameters)} | ${millions(r.parametersPaperSetting)} | ${r.latencyMs.toFixed(1)} ms | ${r.batchedMsPerImage.toFixed(2)} ms | ${r.fullSizeLatencyMs.toFixed(0)} ms | ${r.trainingMinutes.toFixed(0)} min at ${r.trainImagesPerSecond?.toFixed(0)} img/s | ${r.paper ? `${pct(r.paper.accuracy)}, ${r.paper.params}, ${r.paper.gpuMs} ms` : '—'} |`,
  )
  .join('\n')}

"Paper setting" counts and times the architecture the paper used (3 × 224 × 224 input, full width, 60 classes,
untrained weights: latency does not depend on them). Batch-norm is folded into the convolutions for inference.
Intervals are Wilson intervals over images; images of one crystal are correlated, so they are optimistic.
`;
writeFileSync(join(outDir, 'TABLE1.md'), markdown);
console.log(markdown);
process.exit(0);
