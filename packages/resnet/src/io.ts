/**
 * Saving and loading models in the tfjs format (`model.json` + `weights.bin`) on the file system,
 * since tfjs-node's `file://` handler is not available without tfjs-node.
 *
 * @packageDocumentation
 */
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
  return {
    async save(artifacts: ModelArtifacts) {
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
    },
    async load() {
      let json: {
        modelTopology?: unknown;
        weightsManifest?: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        trainingConfig?: unknown;
        userDefinedMetadata?: Record<string, unknown>;
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
    },
  };
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
