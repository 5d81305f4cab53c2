/**
 * Records in a model folder the confidence corrections that `evaluation/foreign/evaluate.ts` fitted on patterns
 * of an independent renderer: the single-pattern exponent τ (`confidence.tau`, composed with the one the model
 * already carries, since the evaluation measures the model as it is) and the ensemble temperature
 * (`confidence.ensembleTemperature`, fitted on rows sharpened by the new τ, so it replaces the old one). `@sadp/classifier` reads both through `readModelMetadata`.
 *
 *   npx tsx packages/classifier/scripts/set-confidence.ts <model-dir> <results.json>
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [modelDir, resultsFile] = process.argv.slice(2);
if (!modelDir || !resultsFile) throw new Error('usage: set-confidence.ts <model-dir> <results.json>');

interface Results {
  crystals: { cubic: number };
  confidence: {
    tau: number;
    crossTau: number[];
    ensemble: { temperature: number; crossTemperature: number[] };
  };
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
const file = join(modelDir, 'model.json');
const model = JSON.parse(readFileSync(file, 'utf8'));
const sadp = model.userDefinedMetadata.sadp as {
  confidence?: { tau?: number; ensembleTemperature?: number };
};
const before = sadp.confidence ?? {};
const { tau, crossTau, ensemble } = results.confidence;
const round = (x: number) => Math.round(x * 100) / 100;
sadp.confidence = {
  tau: round((before.tau ?? 1) * tau),
  ensembleTemperature: ensemble.temperature, // fitted as is, not relative to the model's
  fittedOn: `evaluation/foreign (pymatgen spot lists of ${results.crystals.cubic} held-out cubic crystals, independent renderer); cross-fitted on halves of the crystals: τ ${crossTau.map(round).join(', ')}, ensemble temperature ${ensemble.crossTemperature.join(', ')}`,
} as never;
writeFileSync(`${file}.tmp`, JSON.stringify(model));
renameSync(`${file}.tmp`, file);
console.log(`${file}: confidence ${JSON.stringify(sadp.confidence)}`);
