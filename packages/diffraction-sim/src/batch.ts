import { availableParallelism } from 'node:os';
import type { Structure } from '@sadp/cif';
import { WorkerPool } from '@sadp/raster/node';
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

/** Structure ids a worker holds, in the order they were sent (least recently used first). */
type Known = Map<number, true>;

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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
  private readonly pool: WorkerPool;
  private readonly known: Known[];
  private readonly ids = new WeakMap<Structure, number>();
  private readonly maxStructures: number;
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    const size = options.workers ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`workers must be a positive integer, got ${size}`);
    this.size = size;
    this.maxStructures = options.maxStructuresPerWorker ?? 64;
    this.pool = new WorkerPool(options.workerUrl ?? { base: import.meta.url, name: 'batch-worker' }, {
      size,
      failure: (error) =>
        new DiffractionSimError('E_SIM_WORKER', `simulation worker failed: ${error.message}`, {
          cause: error,
        }),
    });
    this.known = Array.from({ length: size }, () => new Map());
  }

  private async request<T>(worker: number, message: DistributiveOmit<ToWorker, 'seq'>): Promise<T> {
    const reply = await this.pool.request<FromWorker>(worker, message);
    if (reply.type === 'error') throw rebuildError(reply);
    if (reply.type === 'stats')
      return { heapUsed: reply.heapUsed, heapTotal: reply.heapTotal, external: reply.external } as T;
    return reply.result as T;
  }

  /** Sends one job to the least busy worker; the promise settles with its result. */
  submit(job: BatchJob, index = 0, output: BatchOutput = {}): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('SimulationPool is closed'));
    const worker = this.pool.leastBusy();
    const known = this.known[worker]!;
    let id = this.ids.get(job.structure);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(job.structure, id);
    }
    if (known.has(id)) {
      known.delete(id);
      known.set(id, true);
    } else {
      this.pool.post(worker, { type: 'structure', id, structure: job.structure } satisfies ToWorker);
      known.set(id, true);
      if (known.size > this.maxStructures) {
        const oldest = known.keys().next().value as number;
        known.delete(oldest);
        this.pool.post(worker, { type: 'forget', id: oldest } satisfies ToWorker);
      }
    }
    return this.request<BatchResult>(worker, { type: 'job', id, index, settings: job.settings, output });
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
      Array.from({ length: this.size }, (_, worker) => this.request<WorkerMemory>(worker, { type: 'stats' })),
    );
  }

  /** Terminates the workers. Pending jobs are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close(new Error('SimulationPool closed'));
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
