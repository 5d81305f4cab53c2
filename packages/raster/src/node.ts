/**
 * `@sadp/raster/node`: starting a worker thread on a module of one's own package, from the built `dist/` or, when
 * the package runs from its TypeScript source (tests, tsx), from the source through tsx; and the one worker pool
 * (requests and replies matched by sequence number) the simulator, the dataset generator and the ResNet image
 * loader run their workers in.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type TransferListItem, Worker, type WorkerOptions } from 'node:worker_threads';

/** Where {@link startWorker} loads a worker module from. */
export interface WorkerModule {
  /** `import.meta.url` of the module that starts the worker (the worker module sits beside it). */
  base: string;
  /** The worker module's name without extension, e.g. `'decoder-worker'`. */
  name: string;
}

/**
 * The code or URL {@link startWorker} hands to `new Worker`: `name.js` beside `base` (`name.cjs` when `base` is
 * a CommonJS file), or, when `base` is a `.ts` file, code that registers tsx (with the package's
 * `tsconfig.json`, one folder up, so sibling packages resolve to their source) and imports `name.ts`.
 */
export function workerEntry({ base, name }: WorkerModule): { entry: URL | string; eval: boolean } {
  if (!base.endsWith('.ts')) {
    return { entry: new URL(`./${name}${base.endsWith('.cjs') ? '.cjs' : '.js'}`, base), eval: false };
  }
  const tsconfig = new URL('../tsconfig.json', base).pathname;
  const entry = new URL(`./${name}.ts`, base).href;
  const tsxApi = pathToFileURL(
    createRequire(base)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return {
    entry: `import(${JSON.stringify(tsxApi)}).then((m) => { m.register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(entry)}); });`,
    eval: true,
  };
}

/**
 * Starts a worker thread on the module `name` beside `base` (see {@link workerEntry}): a real module file, so
 * bundlers and minifiers cannot break it, and the same call works from `dist/` (ESM or CommonJS) and from source.
 *
 * @example
 * // src/pool.ts, with src/decoder-worker.ts built by tsup as its own entry (dist/decoder-worker.js)
 * const worker = startWorker({ base: import.meta.url, name: 'decoder-worker' }, { workerData: { size: 224 } });
 */
export function startWorker(module: WorkerModule, options: WorkerOptions = {}): Worker {
  const { entry, eval: isEval } = workerEntry(module);
  return new Worker(entry, isEval ? { ...options, eval: true } : options);
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Number of worker threads (a positive integer). */
  size: number;
  /** `workerData` of every worker. */
  workerData?: unknown;
  /** Unref a worker while it has no request in flight, so that an idle pool does not keep the process alive. */
  unrefIdle?: boolean;
  /** Messages a worker sends that answer no pending request (progress, partial results): `(message, worker)`. */
  onMessage?: (message: unknown, worker: number) => void;
  /**
   * The error pending requests of a failed worker reject with, from the `error` event's error or, for an exit
   * before {@link WorkerPool.close}, an `Error('worker exited with code N')` with an `exitCode` property; default
   * the cause itself.
   */
  failure?: (cause: Error, worker: number) => Error;
}

interface Slot {
  worker: Worker;
  inflight: number;
  failed?: Error;
}

interface Pending {
  resolve: (reply: unknown) => void;
  reject: (error: Error) => void;
  slot: Slot;
}

/**
 * A fixed set of worker threads on one worker module, with requests and replies matched by a sequence number: a
 * request is posted as `{ ...message, seq }` and settles with the first message its worker posts back carrying
 * that `seq`; other messages go to `onMessage`. A worker that fails (`error` event, or an exit before
 * {@link close}) rejects its pending requests and every later request sent to it; the others go on.
 *
 * @example
 * const pool = new WorkerPool({ base: import.meta.url, name: 'decoder-worker' }, { size: 3, unrefIdle: true });
 * const reply = await pool.request<{ seq: number; data: Float32Array }>(pool.leastBusy(), { file: 'a.png' });
 * await pool.close();
 */
export class WorkerPool {
  /** Number of worker threads. */
  readonly size: number;
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private readonly options: WorkerPoolOptions;
  private nextSeq = 1;
  private closed = false;

  constructor(module: WorkerModule | URL, options: WorkerPoolOptions) {
    const { size } = options;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`workers must be a positive integer, got ${size}`);
    this.size = size;
    this.options = options;
    const workerOptions: WorkerOptions =
      options.workerData === undefined ? {} : { workerData: options.workerData };
    this.slots = Array.from({ length: size }, (_, index) => {
      const worker =
        module instanceof URL ? new Worker(module, workerOptions) : startWorker(module, workerOptions);
      const slot: Slot = { worker, inflight: 0 };
      worker.on('message', (message: unknown) => this.onMessage(slot, index, message));
      worker.on('error', (error) => this.fail(slot, index, error));
      worker.on('exit', (code) => {
        if (!this.closed) {
          this.fail(
            slot,
            index,
            Object.assign(new Error(`worker exited with code ${code}`), { exitCode: code }),
          );
        }
      });
      if (options.unrefIdle) worker.unref();
      return slot;
    });
  }

  private onMessage(slot: Slot, index: number, message: unknown): void {
    if (this.closed) return;
    const seq = (message as { seq?: unknown } | null)?.seq;
    const p = typeof seq === 'number' ? this.pending.get(seq) : undefined;
    if (!p || p.slot !== slot) {
      this.options.onMessage?.(message, index);
      return;
    }
    this.pending.delete(seq as number);
    if (--slot.inflight === 0 && this.options.unrefIdle) slot.worker.unref();
    p.resolve(message);
  }

  private fail(slot: Slot, index: number, cause: Error): void {
    if (slot.failed) return;
    slot.failed = this.options.failure?.(cause, index) ?? cause;
    for (const [seq, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(seq);
      p.reject(slot.failed);
    }
    slot.inflight = 0;
  }

  /** The worker with the fewest requests in flight that has not failed (the first on ties; 0 when all failed). */
  leastBusy(): number {
    let best = 0;
    this.slots.forEach((s, i) => {
      const b = this.slots[best]!;
      if (!s.failed && (s.inflight < b.inflight || b.failed)) best = i;
    });
    return best;
  }

  /** Posts `message` to `worker` without waiting for a reply (dropped once the worker has failed). */
  post(worker: number, message: unknown, transfer?: readonly TransferListItem[]): void {
    const slot = this.slot(worker);
    if (!slot.failed && !this.closed)
      slot.worker.postMessage(message, transfer as TransferListItem[] | undefined);
  }

  /** Posts `{ ...message, seq }` to `worker`; settles with the reply that carries `seq`. */
  request<Reply>(worker: number, message: object, transfer?: readonly TransferListItem[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const slot = this.slot(worker);
    if (slot.failed) return Promise.reject(slot.failed);
    const seq = this.nextSeq++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (reply: unknown) => void, reject, slot });
      if (slot.inflight++ === 0 && this.options.unrefIdle) slot.worker.ref();
      slot.worker.postMessage({ ...message, seq }, transfer as TransferListItem[] | undefined);
    });
  }

  /** Terminates every worker; pending requests reject with `reason` (default `worker pool closed`). */
  async close(reason: Error = new Error('worker pool closed')): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      p.reject(reason);
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private slot(worker: number): Slot {
    const slot = this.slots[worker];
    if (!slot) throw new RangeError(`no worker ${worker} in a pool of ${this.size}`);
    return slot;
  }
}
