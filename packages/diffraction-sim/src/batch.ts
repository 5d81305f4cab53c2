import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Structure } from '@sadp/cif';
import { startWorker } from '@sadp/raster/node';
import type { BatchOutput, BatchResult, FromWorker, ToWorker } from './batch-protocol';
import { DiffractionSimError, type DiffractionSimErrorCode } from './errors';
import type { SimulationSettings } from './settings';

/** One pattern to simulate in a batch. */
export interface BatchJob {
  structure: Structure;
  settings: SimulationSettings;
}

/** Options of {@link SimulationPool}. */
export interface PoolOptions {
  /** Number of worker threads, default `os.availableParallelism()`. */
  workers?: number;
  /** Structures each worker keeps (least recently sent are dropped first, with their cached reflections), default 64. */
  maxStructuresPerWorker?: number;
  /** Location of the worker script; default `batch-worker.js` next to this module (or the `.ts` source run through tsx: see `@sadp/raster/node`). */
  workerUrl?: URL;
}

/** Options of {@link SimulationPool.stream} and {@link SimulationPool.run}. */
export interface RunOptions {
  output?: BatchOutput;
  /** Jobs in flight at once (bounds memory); default 4 per worker. */
  window?: number;
}

/** Heap use of one worker isolate, bytes. */
export interface WorkerMemory {
  heapUsed: number;
  heapTotal: number;
  external: number;
}

interface Slot {
  worker: Worker;
  inflight: number;
  /** Structure ids this worker holds, in the order they were sent (LRU). */
  known: Map<number, true>;
  failed?: Error;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  slot: Slot;
}

function rebuildError(msg: { name: string; message: string; code?: string }): Error {
  if (msg.name === 'DiffractionSimError' && msg.code) {
    return new DiffractionSimError(msg.code as DiffractionSimErrorCode, msg.message);
  }
  if (msg.name === 'RangeError') return new RangeError(msg.message);
  if (msg.name === 'TypeError') return new TypeError(msg.message);
  return new DiffractionSimError('E_SIM_WORKER', `${msg.name}: ${msg.message}`);
}

/**
 * A pool of worker threads that simulates patterns in parallel (one per core by default) and returns
 * results in job order, moving images, PNGs and spot columns back as transferable buffers. Each worker
 * keeps the structures it has seen, so per-structure/per-zone precomputation is reused across jobs.
 *
 * @example
 * const pool = new SimulationPool();
 * for await (const r of pool.stream(jobs, { output: { image: false, png: true } })) write(r.index, r.png!);
 * await pool.close();
 */
export class SimulationPool {
  /** Number of worker threads. */
  readonly size: number;
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private readonly ids = new WeakMap<Structure, number>();
  private readonly maxStructures: number;
  private nextId = 1;
  private nextSeq = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    const size = options.workers ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`workers must be a positive integer, got ${size}`);
    this.size = size;
    this.maxStructures = options.maxStructuresPerWorker ?? 64;
    this.slots = Array.from({ length: size }, () => {
      const worker = options.workerUrl
        ? new Worker(options.workerUrl)
        : startWorker({ base: import.meta.url, name: 'batch-worker' });
      const slot: Slot = { worker, inflight: 0, known: new Map() };
      worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
      worker.on('error', (error) => this.fail(slot, error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(slot, new Error(`worker exited with code ${code}`));
      });
      return slot;
    });
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    const p = this.pending.get(msg.seq);
    if (!p) return;
    this.pending.delete(msg.seq);
    slot.inflight--;
    if (msg.type === 'error') p.reject(rebuildError(msg));
    else if (msg.type === 'stats')
      p.resolve({ heapUsed: msg.heapUsed, heapTotal: msg.heapTotal, external: msg.external });
    else p.resolve(msg.result);
  }

  private fail(slot: Slot, error: Error): void {
    if (slot.failed) return;
    slot.failed = new DiffractionSimError('E_SIM_WORKER', `simulation worker failed: ${error.message}`, {
      cause: error,
    });
    for (const [seq, p] of this.pending) {
      if (p.slot === slot) {
        this.pending.delete(seq);
        p.reject(slot.failed);
      }
    }
  }

  private request<T>(slot: Slot, message: ToWorker & { seq: number }): Promise<T> {
    if (slot.failed) return Promise.reject(slot.failed);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(message.seq, { resolve: resolve as (v: unknown) => void, reject, slot });
      slot.inflight++;
      slot.worker.postMessage(message);
    });
  }

  /** Sends one job to the least busy worker; the promise settles with its result. */
  submit(job: BatchJob, index = 0, output: BatchOutput = {}): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('SimulationPool is closed'));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (!s.failed && (s.inflight < slot.inflight || slot.failed)) slot = s;
    let id = this.ids.get(job.structure);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(job.structure, id);
    }
    if (slot.known.has(id)) {
      slot.known.delete(id);
      slot.known.set(id, true);
    } else {
      slot.worker.postMessage({ type: 'structure', id, structure: job.structure } satisfies ToWorker);
      slot.known.set(id, true);
      if (slot.known.size > this.maxStructures) {
        const oldest = slot.known.keys().next().value as number;
        slot.known.delete(oldest);
        slot.worker.postMessage({ type: 'forget', id: oldest } satisfies ToWorker);
      }
    }
    return this.request<BatchResult>(slot, {
      type: 'job',
      seq: this.nextSeq++,
      id,
      index,
      settings: job.settings,
      output,
    });
  }

  /**
   * Simulates `jobs` and yields results in job order, keeping at most `window` jobs in flight.
   * Accepts any (async) iterable, so datasets larger than memory can be streamed.
   */
  async *stream(
    jobs: Iterable<BatchJob> | AsyncIterable<BatchJob>,
    options: RunOptions = {},
  ): AsyncGenerator<BatchResult, void, undefined> {
    const window = options.window ?? 4 * this.size;
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`window must be a positive integer, got ${window}`);
    const output = options.output ?? {};
    const queue: Promise<BatchResult>[] = [];
    let index = 0;
    try {
      for await (const job of jobs) {
        const p = this.submit(job, index++, output);
        p.catch(() => {}); // rejection is delivered when it is awaited in order
        queue.push(p);
        if (queue.length >= window) yield await queue.shift()!;
      }
      while (queue.length > 0) yield await queue.shift()!;
    } finally {
      queue.length = 0;
    }
  }

  /** Simulates all `jobs` and resolves with the results in job order. */
  async run(
    jobs: Iterable<BatchJob> | AsyncIterable<BatchJob>,
    options: RunOptions = {},
  ): Promise<BatchResult[]> {
    const out: BatchResult[] = [];
    for await (const r of this.stream(jobs, options)) out.push(r);
    return out;
  }

  /** Heap statistics of every worker isolate. */
  memory(): Promise<WorkerMemory[]> {
    return Promise.all(
      this.slots.map((slot) => this.request<WorkerMemory>(slot, { type: 'stats', seq: this.nextSeq++ })),
    );
  }

  /** Terminates the workers. Pending jobs are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('SimulationPool closed');
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      p.reject(error);
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Simulates a batch on a temporary {@link SimulationPool} (one worker per core by default) and returns
 * the results in job order.
 */
export async function simulateBatch(
  jobs: Iterable<BatchJob> | AsyncIterable<BatchJob>,
  options: RunOptions & PoolOptions = {},
): Promise<BatchResult[]> {
  const pool = new SimulationPool(options);
  try {
    return await pool.run(jobs, options);
  } finally {
    await pool.close();
  }
}
