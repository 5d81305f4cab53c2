/**
 * Saving and loading models in the tfjs format (`model.json` + `weights.bin`) on the file system,
 * since tfjs-node's `file://` handler is not available without tfjs-node.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ResNetError } from './errors.js';
import { loadResNetFrom, type ResNetMetadata } from './load.js';

type ModelArtifacts = io.ModelArtifacts;

export type { ResNetMetadata } from './load.js';

function joinWeights(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * A tfjs `IOHandler` reading and writing `dir/model.json` and `dir/weights.bin`. Saving is atomic per
 * file (temp file, then rename; weights first), so a crash never leaves a half-written model.json.
 */
export function fileSystemHandler(dir: string): io.IOHandler {
  return { save: async (artifacts) => saveModelFiles(dir, artifacts), load: async () => loadModelFiles(dir) };
}

/** Writes `model.json` (with the weights' SHA-256) and `weights.bin`, weights first, each atomically. */
function saveModelFiles(dir: string, artifacts: ModelArtifacts): io.SaveResult {
  try {
    mkdirSync(dir, { recursive: true });
    const weights = artifacts.weightData
      ? joinWeights(artifacts.weightData as ArrayBuffer | ArrayBuffer[])
      : new Uint8Array();
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      trainingConfig: artifacts.trainingConfig,
      userDefinedMetadata: artifacts.userDefinedMetadata,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      // checked on load (files saved before it was recorded load without the check)
      weightsSha256: sha256(weights),
    };
    const tmp = `.tmp-${process.pid}`;
    writeFileSync(join(dir, `weights.bin${tmp}`), weights);
    renameSync(join(dir, `weights.bin${tmp}`), join(dir, 'weights.bin'));
    writeFileSync(join(dir, `model.json${tmp}`), JSON.stringify(modelJson));
    renameSync(join(dir, `model.json${tmp}`), join(dir, 'model.json'));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        weightDataBytes: weights.byteLength,
      },
    };
  } catch (cause) {
    throw new ResNetError('E_RESNET_IO', `cannot save model to ${dir}: ${(cause as Error).message}`, {
      file: dir,
      cause,
    });
  }
}

/** Reads `model.json` and its weight files, checking the recorded SHA-256 and that every weight is finite. */
function loadModelFiles(dir: string): ModelArtifacts {
  let json: {
    modelTopology?: unknown;
    weightsManifest?: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: unknown;
    userDefinedMetadata?: Record<string, unknown>;
    weightsSha256?: string;
  };
  try {
    json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  } catch (cause) {
    throw new ResNetError(
      'E_RESNET_IO',
      `cannot read ${join(dir, 'model.json')}: ${(cause as Error).message}`,
      {
        file: join(dir, 'model.json'),
        cause,
      },
    );
  }
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const path of group.paths) {
      try {
        buffers.push(readFileSync(join(dir, path)));
      } catch (cause) {
        throw new ResNetError('E_RESNET_IO', `cannot read weights ${join(dir, path)}`, {
          file: join(dir, path),
          cause,
        });
      }
    }
  }
  const weights = joinWeights(
    buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  const weightsFile = join(dir, json.weightsManifest?.[0]?.paths[0] ?? 'weights.bin');
  if (json.weightsSha256 !== undefined && sha256(weights) !== json.weightsSha256) {
    throw new ResNetError(
      'E_RESNET_CORRUPT',
      `${weightsFile}: SHA-256 ${sha256(weights)} does not match the ${json.weightsSha256} recorded in ${join(dir, 'model.json')} (the weights are corrupted or from another model)`,
      { file: weightsFile },
    );
  }
  checkFinite(weights, specs, weightsFile);
  return {
    modelTopology: json.modelTopology as ModelArtifacts['modelTopology'],
    weightSpecs: specs,
    weightData: weights.buffer as ArrayBuffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig as ModelArtifacts['trainingConfig'],
    userDefinedMetadata: json.userDefinedMetadata as ModelArtifacts['userDefinedMetadata'],
  };
}

/** SHA-256 of bytes, as hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws `E_RESNET_CORRUPT` naming the file and the first float32 weight holding NaN or ±Inf. */
function checkFinite(weights: Uint8Array, specs: readonly io.WeightsManifestEntry[], file: string): void {
  let offset = 0;
  for (const spec of specs) {
    // offsets are known only through plain float32/int32 tensors; stop checking at anything else
    if (spec.quantization || (spec.dtype !== 'float32' && spec.dtype !== 'int32')) return;
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + 4 * n > weights.byteLength) return;
    if (spec.dtype === 'float32') {
      const values = new Float32Array(
        weights.buffer.slice(weights.byteOffset + offset, weights.byteOffset + offset + 4 * n),
      );
      for (let k = 0; k < n; k++) {
        if (!Number.isFinite(values[k]!)) {
          throw new ResNetError(
            'E_RESNET_CORRUPT',
            `${file}: weight ${spec.name} holds NaN or ±Inf (value ${k + 1} of ${n}); the model cannot be used (a diverged training run?)`,
            { file },
          );
        }
      }
    }
    offset += 4 * n;
  }
}

/** Saves a model and its metadata (labels, temperature, …) to `dir` in the tfjs layers format. */
export async function saveResNet(
  model: tfl.LayersModel,
  dir: string,
  metadata: ResNetMetadata = {},
): Promise<void> {
  model.setUserDefinedMetadata({ sadp: JSON.parse(JSON.stringify(metadata)) });
  await model.save(fileSystemHandler(dir));
}

/** Loads a model saved by {@link saveResNet} (or any tfjs layers model in `dir`) with its metadata. */
export async function loadResNet(dir: string): Promise<{ model: tfl.LayersModel; metadata: ResNetMetadata }> {
  return loadResNetFrom(fileSystemHandler(dir));
}
