/**
 * Copies a trained model into the folder @sadp/classifier ships (`packages/classifier/model` by default) with float16
 * weights (half the size; tfjs dequantises them on load) and the dataset's rendering settings in its metadata,
 * then checks that the shipped copy predicts like the original on validation images.
 *
 *   npx tsx packages/classifier/scripts/ship-model.ts <model-dir> <dataset-dir> [dest-dir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetRendering, loadClassifier, readImage } from '@sadp/classifier';
import { readManifest } from '@sadp/dataset';

const [modelDir, datasetDir, dest = 'packages/classifier/model'] = process.argv.slice(2) as [
  string,
  string,
  string?,
];
if (!datasetDir) throw new Error('usage: ship-model.ts <model-dir> <dataset-dir> [dest-dir]');

/** IEEE 754 binary32 → binary16 bits, round to nearest even (overflow → ±Inf, NaN kept). */
function toFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = bits[i]!;
    const sign = (x >>> 16) & 0x8000;
    const exponent = (x >>> 23) & 0xff;
    const mantissa = x & 0x7fffff;
    if (exponent === 0xff) {
      out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0);
      continue;
    }
    const e = exponent - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
    } else if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      const m = mantissa | 0x800000;
      const shift = 14 - e;
      let h = m >>> shift;
      const rest = m & ((1 << shift) - 1);
      const half = 1 << (shift - 1);
      if (rest > half || (rest === half && h & 1)) h++;
      out[i] = sign | h;
    } else {
      let h = (e << 10) | (mantissa >>> 13);
      const rest = mantissa & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
      out[i] = sign | h;
    }
  }
  return out;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'float16' };
}
const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
const weights = new Uint8Array(readFileSync(join(modelDir, 'weights.bin')));
const parts: Uint8Array[] = [];
let offset = 0;
for (const group of modelJson.weightsManifest as { paths: string[]; weights: WeightEntry[] }[]) {
  group.paths = ['weights.bin'];
  for (const entry of group.weights) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.dtype !== 'float32' || entry.quantization)
      throw new Error(`${entry.name}: expected unquantised float32`);
    const values = new Float32Array(weights.slice(offset, offset + 4 * count).buffer);
    offset += 4 * count;
    parts.push(new Uint8Array(toFloat16(values).buffer));
    entry.quantization = { dtype: 'float16' };
  }
}
if (offset !== weights.length)
  throw new Error(`weights.bin has ${weights.length} bytes, the manifest describes ${offset}`);
const sadp = modelJson.userDefinedMetadata.sadp;
sadp.rendering ??= datasetRendering(datasetDir);
delete sadp.history;

mkdirSync(dest, { recursive: true });
const total = parts.reduce((s, p) => s + p.length, 0);
const out = new Uint8Array(total);
let at = 0;
for (const p of parts) {
  out.set(p, at);
  at += p.length;
}
// the checksum `@sadp/resnet` verifies on load, of the float16 weights written here
modelJson.weightsSha256 = createHash('sha256').update(out).digest('hex');
writeFileSync(join(dest, 'weights.bin.tmp'), out);
writeFileSync(join(dest, 'model.json.tmp'), `${JSON.stringify(modelJson)}\n`);
renameSync(join(dest, 'weights.bin.tmp'), join(dest, 'weights.bin'));
renameSync(join(dest, 'model.json.tmp'), join(dest, 'model.json'));

const val = readManifest(join(datasetDir, 'manifest.jsonl'))
  .filter((r) => r.split === 'val')
  .slice(0, 200);
const images = val.map((r) => readImage(join(datasetDir, r.file)));
const original = (await loadClassifier({ modelDir })).classify(images);
const shipped = (await loadClassifier({ modelDir: dest })).classify(images);
let maxDiff = 0;
for (let i = 0; i < original.length; i++) maxDiff = Math.max(maxDiff, Math.abs(original[i]! - shipped[i]!));
console.log(
  `shipped ${dest}: ${(total / 1e6).toFixed(2)} MB of float16 weights (was ${(weights.length / 1e6).toFixed(2)} MB); max probability change on ${images.length} validation images: ${maxDiff.toExponential(2)}`,
);
