import type { Structure } from '@sadp/cif';
import type { EncodePngOptions } from './png';
import type { ResolvedSettings, SimulationSettings } from './settings';
import type { SpotList } from './spot-list';

/** What each batch job returns besides the spot list. */
export interface BatchOutput {
  /** Return the rendered Float32Array image (default true). */
  image?: boolean;
  /** Also encode a PNG (default false); an object sets the PNG options. */
  png?: boolean | EncodePngOptions;
}

/** One result of a batch, in job order. */
export interface BatchResult {
  /** Position of the job in the input. */
  index: number;
  settings: ResolvedSettings;
  spots: SpotList;
  size: number;
  /** Present when `output.image` is not false. */
  image?: Float32Array;
  /** Present when `output.png` is set. */
  png?: Uint8Array;
}

/** Messages from the pool to a worker. */
export type ToWorker =
  | { type: 'structure'; id: number; structure: Structure }
  | { type: 'forget'; id: number }
  | { type: 'job'; seq: number; id: number; index: number; settings: SimulationSettings; output: BatchOutput }
  | { type: 'stats'; seq: number };

/** Messages from a worker to the pool. */
export type FromWorker =
  | { type: 'result'; seq: number; result: BatchResult }
  | { type: 'error'; seq: number; name: string; message: string; code?: string }
  | { type: 'stats'; seq: number; heapUsed: number; heapTotal: number; external: number };
