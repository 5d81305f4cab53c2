import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelRegistry } from '@sadp/lattice-labels';
import type { Evaluation } from '@sadp/resnet';

/**
 * Class names of a classifier trained on `trainDir/<label>/`: the registry's label order (its class index)
 * when every folder is a registry label, so that outputs line up with the registry; else the sorted folder names.
 */
export function classLabels(trainDir: string, registry: LabelRegistry): string[] {
  const folders = readdirSync(trainDir)
    .filter((d) => statSync(join(trainDir, d)).isDirectory())
    .sort();
  const names = registry.labels.map((l) => l.name);
  return folders.every((f) => names.includes(f)) ? names : folders;
}

/** Images per label in a training folder (one sub-folder of images per label), for the model's metadata. */
export function labelCounts(trainDir: string, labels: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    labels.map((label) => {
      const dir = join(trainDir, label);
      // the images `@sadp/resnet` `imageFolderDataSource` trains on
      const count = existsSync(dir)
        ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.png')).length
        : 0;
      return [label, count];
    }),
  );
}

/** The JSON-friendly part of an evaluation: accuracies, per-class results and the confusion matrix as rows. */
export function evaluationSummary(evaluation: Evaluation) {
  const n = evaluation.labels.length;
  return {
    count: evaluation.count,
    loss: evaluation.loss,
    accuracy: evaluation.accuracy,
    topK: evaluation.topK,
    calibrationError: evaluation.calibrationError,
    temperature: evaluation.temperature,
    labels: evaluation.labels,
    perClass: evaluation.perClass,
    confusion: Array.from({ length: n }, (_, r) =>
      Array.from(evaluation.confusion.subarray(r * n, (r + 1) * n)),
    ),
  };
}
