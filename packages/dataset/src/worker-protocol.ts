import type { Structure } from '@sadp/cif';
import type { AugmentParams } from './augment';
import type { DatasetJob } from './plan';
import type { CrystalInfo } from './render';

/** Main → worker: one crystal and the jobs to render for it (the pool adds the `seq` the `idle` reply carries). */
export interface WorkerTask {
  crystal: CrystalInfo;
  structure: Structure;
  jobs: DatasetJob[];
}

/** Worker → main. */
export type WorkerMessage =
  | {
      type: 'done';
      index: number;
      file: string;
      label: string;
      size: number;
      augment: AugmentParams | null;
      sha256: string;
      bytes: number;
    }
  | { type: 'failed'; index: number; message: string }
  | { type: 'idle'; seq: number }
  | { type: 'fatal'; message: string };
