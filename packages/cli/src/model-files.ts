import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelRegistry } from '@sadp/lattice-labels';
import type { DataSource, Evaluation } from '@sadp/resnet';

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

/** Images per label of a training data source (its `targets`, in the order of its `labels`), for the model's metadata. */
export function labelCounts(source: Pick<DataSource, 'labels' | 'targets'>): Record<string, number> {
  const counts = new Array<number>(source.labels.length).fill(0);
  for (const t of source.targets) counts[t]!++;
  return Object.fromEntries(source.labels.map((label, i) => [label, counts[i]!]));
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
