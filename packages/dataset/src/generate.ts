/**
 * `generateDataset`: plan → worker pool → ordered, fsync'd manifest → summary card, resumable.
 *
 * @packageDocumentation
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '@sadp/raster/node';
import { DatasetError } from './errors';
import {
  fileSha256,
  ManifestAppender,
  type ManifestRecord,
  manifestText,
  outputNames,
  readManifest,
  writeFileAtomic,
} from './manifest';
import { type DatasetOptions, type ResolvedDatasetOptions, resolveOptions } from './options';
import { type DatasetJob, type DatasetPlan, type DatasetWarning, type PlanHooks, planDataset } from './plan';
import type { CrystalInfo } from './render';
import { type DatasetSummary, renderSummaryMarkdown, summarize } from './summary';
import type { WorkerMessage, WorkerTask } from './worker-protocol';

/** Progress of a run, reported at most every `progressIntervalMs` (100 ms) and once at the end. */
export interface DatasetProgress {
  /** Images finished in this shard so far (including those found complete on resume). */
  done: number;
  /** Images of this shard. */
  total: number;
  /** Images found complete and verified on resume. */
  resumed: number;
  /** Images that failed to render so far. */
  failed: number;
  /** Images rendered per second in this session. */
  rate: number;
  /** Estimated seconds left (`Infinity` before the first image). */
  etaSeconds: number;
  elapsedSeconds: number;
}

/** Callbacks and hooks of {@link generateDataset}. */
export interface GenerateHooks {
  onProgress?: (progress: DatasetProgress) => void;
  /** Least time between two `onProgress` calls in ms, default 100 (0 = after every image). */
  progressIntervalMs?: number;
  /** Stops the run (workers terminated, manifest flushed); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Replaces the CIF reader / space-group table used for planning (defaults: `@sadp/cif`). */
  plan?: PlanHooks;
}

function crystalInfo(plan: DatasetPlan, index: number): CrystalInfo {
  const { structure: _s, ...info } = plan.crystals[index]!;
  return info;
}

/** Deletes `*.tmp` leftovers and unverified PNGs of this shard's jobs under `train/` and `val/`. */
function cleanOutput(outDir: string, ids: ReadonlySet<string>, verifiedFiles: ReadonlySet<string>): number {
  let removed = 0;
  for (const split of ['train', 'val']) {
    const splitDir = join(outDir, split);
    if (!existsSync(splitDir)) continue;
    for (const label of readdirSync(splitDir, { withFileTypes: true })) {
      if (!label.isDirectory()) continue;
      for (const f of readdirSync(join(splitDir, label.name))) {
        const m = /^(.*)\.png(\.tmp)?$/.exec(f);
        if (!m || !ids.has(m[1]!)) continue;
        const rel = `${split}/${label.name}/${m[1]}.png`;
        if (m[2] || !verifiedFiles.has(rel)) {
          unlinkSync(join(splitDir, label.name, f));
          removed++;
        }
      }
    }
  }
  return removed;
}

function record(
  plan: DatasetPlan,
  job: DatasetJob,
  msg: Extract<WorkerMessage, { type: 'done' }>,
): ManifestRecord {
  const c = plan.crystals[job.crystal]!;
  return {
    file: msg.file,
    id: job.id,
    split: c.split,
    label: msg.label,
    spaceGroup: c.spaceGroup,
    origin: c.origin,
    source: c.source,
    block: c.block,
    sourceSha256: c.sourceSha256,
    formula: c.formula,
    zone: [job.zone[0], job.zone[1], job.zone[2]],
    voltage: job.voltage / 1000,
    cameraLength: job.cameraLength,
    size: msg.size,
    augment: msg.augment,
    seed: job.seed,
    sha256: msg.sha256,
    bytes: msg.bytes,
  };
}

type OutputNames = ReturnType<typeof outputNames>;

/** Resolve the options (with the `workers` check, which {@link resolveOptions} does not do). */
function resolveGenerateOptions(options: DatasetOptions): ResolvedDatasetOptions {
  const opts: ResolvedDatasetOptions = resolveOptions(options);
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers > 0)) {
    throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
  }
  return opts;
}

/**
 * Check that `outDir` is free, or holds a run of the same options to `resume`; then create it.
 *
 * @throws DatasetError `E_DATASET_OUTPUT_EXISTS`, `E_DATASET_RESUME_MISMATCH`.
 */
function prepareOutput(
  outDir: string,
  names: OutputNames,
  opts: ResolvedDatasetOptions,
  resume: boolean,
): void {
  if (existsSync(names.run)) {
    if (!resume) {
      throw new DatasetError(
        'E_DATASET_OUTPUT_EXISTS',
        `${outDir} already holds a dataset run; pass resume to finish it or choose another folder`,
        { file: outDir },
      );
    }
    const previous = JSON.stringify(
      (JSON.parse(readFileSync(names.run, 'utf8')) as { options: unknown }).options,
    );
    if (previous !== JSON.stringify(opts)) {
      throw new DatasetError(
        'E_DATASET_RESUME_MISMATCH',
        `cannot resume ${outDir}: its run used different options (see ${names.run})`,
        { file: names.run },
      );
    }
  } else if (existsSync(names.manifest)) {
    throw new DatasetError(
      'E_DATASET_OUTPUT_EXISTS',
      `${outDir} holds a manifest but no run file; choose an empty folder`,
      { file: outDir },
    );
  }
  mkdirSync(outDir, { recursive: true });
}

/** Plan the run. @throws DatasetError `E_DATASET_NO_INPUT` when no crystal is usable. */
async function planRun(opts: ResolvedDatasetOptions, hooks: PlanHooks | undefined): Promise<DatasetPlan> {
  const plan = planDataset(opts, hooks ?? (await import('./bindings')).defaultPlanHooks());
  if (plan.crystals.length === 0) {
    const reasons = plan.warnings.slice(0, 3).map((w) => `${w.file}: ${w.message}`);
    throw new DatasetError(
      'E_DATASET_NO_INPUT',
      `no usable crystal in ${opts.inputs.join(', ')}${plan.filtered ? ` (${plan.filtered} outside spaceGroups)` : ''}${reasons.length ? `; ${reasons.join('; ')}` : ''}`,
    );
  }
  return plan;
}

/**
 * Write the run file (`dataset.json`: options, job counts, crystal split).
 *
 * @throws DatasetError `E_DATASET_RESUME_MISMATCH` when resuming a run whose input CIFs changed.
 */
function writeRunFile(
  outDir: string,
  names: OutputNames,
  opts: ResolvedDatasetOptions,
  plan: DatasetPlan,
): void {
  const crystals = plan.crystals.map(({ structure: _s, index: _i, ...c }) => c);
  if (existsSync(names.run)) {
    // same options but other inputs (a CIF edited, added or removed) would mix two datasets
    const previous = (JSON.parse(readFileSync(names.run, 'utf8')) as { crystals: unknown }).crystals;
    if (JSON.stringify(previous) !== JSON.stringify(crystals)) {
      throw new DatasetError(
        'E_DATASET_RESUME_MISMATCH',
        `cannot resume ${outDir}: the input CIFs changed since the interrupted run (see ${names.run})`,
        { file: names.run },
      );
    }
  }
  writeFileAtomic(
    names.run,
    `${JSON.stringify(
      { version: 1, options: opts, totalJobs: plan.totalJobs, shardJobs: plan.jobs.length, crystals },
      null,
      2,
    )}\n`,
  );
}

/**
 * Resume: keep the images of the manifest whose checksum matches (by job index), drop everything else of this
 * shard and rewrite the manifest with the kept records.
 */
function keepVerified(
  outDir: string,
  names: OutputNames,
  jobById: ReadonlyMap<string, DatasetJob>,
): Map<number, ManifestRecord> {
  const verified = new Map<number, ManifestRecord>();
  for (const r of readManifest(names.manifest)) {
    const job = jobById.get(r.id);
    if (!job || verified.has(job.index)) continue;
    if (fileSha256(join(outDir, r.file)) === r.sha256) verified.set(job.index, r);
  }
  const verifiedRecords = [...verified.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  cleanOutput(outDir, new Set(jobById.keys()), new Set(verifiedRecords.map((r) => r.file)));
  writeFileAtomic(names.manifest, manifestText(verifiedRecords));
  return verified;
}

/**
 * One task per (crystal, zone): the simulator caches reflections and |F|² per structure and zone, so the
 * voltages and camera lengths of a task reuse them; separate zones spread a heavy crystal over the workers.
 */
function groupTasks(plan: DatasetPlan, pending: readonly DatasetJob[]): WorkerTask[] {
  const tasks: WorkerTask[] = [];
  for (const job of pending) {
    const last = tasks[tasks.length - 1];
    const first = last?.jobs[0];
    if (last && first && first.crystal === job.crystal && first.zone.join() === job.zone.join())
      last.jobs.push(job);
    else
      tasks.push({
        crystal: crystalInfo(plan, job.crystal),
        structure: plan.crystals[job.crystal]!.structure,
        jobs: [job],
      });
  }
  return tasks;
}

/** What a session has done so far. */
interface SessionCounts {
  readonly started: number;
  readonly total: number;
  readonly resumed: number;
  rendered: number;
  readonly failures: DatasetWarning[];
}

/** `report(force)`: call `hooks.onProgress`, at most every `progressIntervalMs` unless forced. */
function progressReporter(hooks: GenerateHooks, counts: SessionCounts): (force: boolean) => void {
  let lastReport = 0;
  const interval = hooks.progressIntervalMs ?? 100;
  return (force: boolean): void => {
    if (!hooks.onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < interval) return;
    lastReport = now;
    const { started, total, resumed, rendered, failures } = counts;
    const elapsed = (now - started) / 1000;
    const rate = rendered / Math.max(elapsed, 1e-3);
    const left = total - resumed - rendered - failures.length;
    hooks.onProgress({
      done: resumed + rendered,
      total,
      resumed,
      failed: failures.length,
      rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : Number.POSITIVE_INFINITY,
      elapsedSeconds: elapsed,
    });
  };
}

/**
 * The workers' results handler: ordered appends (a record is written once all earlier jobs of this session
 * are written), failures counted, progress reported.
 */
function resultWriter(
  plan: DatasetPlan,
  pending: readonly DatasetJob[],
  appender: ManifestAppender,
  counts: SessionCounts,
  report: (force: boolean) => void,
): (msg: WorkerMessage) => void {
  const arrived = new Map<number, ManifestRecord | null>();
  let cursor = 0;
  const jobByIndex = new Map(pending.map((j) => [j.index, j]));
  return (msg: WorkerMessage): void => {
    if (msg.type === 'done') {
      arrived.set(msg.index, record(plan, jobByIndex.get(msg.index)!, msg));
      counts.rendered++;
    } else if (msg.type === 'failed') {
      const job = jobByIndex.get(msg.index)!;
      arrived.set(msg.index, null);
      counts.failures.push({ code: 'E_DATASET_RENDER', file: job.id, message: msg.message });
    } else return;
    const batch: ManifestRecord[] = [];
    while (cursor < pending.length && arrived.has(pending[cursor]!.index)) {
      const r = arrived.get(pending[cursor]!.index)!;
      arrived.delete(pending[cursor]!.index);
      if (r) batch.push(r);
      cursor++;
    }
    appender.append(batch);
    report(false);
  };
}

/** The manifest's records in canonical (job) order, rewritten when a resume appended out of order. */
function sortManifest(names: OutputNames, jobById: ReadonlyMap<string, DatasetJob>): ManifestRecord[] {
  const finalRecords = readManifest(names.manifest);
  const indexOf = (r: ManifestRecord) => jobById.get(r.id)!.index;
  if (!finalRecords.every((r, i) => i === 0 || indexOf(finalRecords[i - 1]!) < indexOf(r))) {
    finalRecords.sort((a, b) => indexOf(a) - indexOf(b));
    writeFileAtomic(names.manifest, manifestText(finalRecords));
  }
  return finalRecords;
}

/** Summarise the run and write `summary.json` and `summary.md`. */
function writeSummary(
  plan: DatasetPlan,
  records: ManifestRecord[],
  outDir: string,
  names: OutputNames,
  counts: SessionCounts,
): DatasetSummary {
  const summary = summarize({
    plan,
    records,
    failures: counts.failures.sort((a, b) => (a.file < b.file ? -1 : 1)),
    outDir,
    manifest: names.manifest,
    resumed: counts.resumed,
    rendered: counts.rendered,
    elapsedSeconds: (Date.now() - counts.started) / 1000,
  });
  writeFileAtomic(names.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(names.summaryMd, renderSummaryMarkdown(summary));
  return summary;
}

/**
 * Generates a labelled dataset of simulated diffraction patterns from CIF files: see {@link DatasetOptions}.
 * Writes `train/<label>/*.png`, `val/<label>/*.png`, `manifest.jsonl` (one {@link ManifestRecord} per image,
 * in job order), `summary.json`, `summary.md` and `dataset.json` (the resolved options and crystal split)
 * into `outDir`. Images are written as `*.png.tmp` and renamed, so no partial PNG ever has a final name.
 * With `resume: true` an interrupted run is finished: images listed in the manifest whose checksum matches
 * are kept, everything else of the run is redone; the result equals an uninterrupted run byte for byte.
 *
 * @throws DatasetError `E_DATASET_OUTPUT_EXISTS` (outDir holds a run and `resume` is not set),
 * `E_DATASET_RESUME_MISMATCH` (resume with other options), `E_DATASET_WORKER` (a worker died).
 * Bad CIFs and images that fail to render are reported in the summary, not thrown.
 *
 * @example
 * const summary = await generateDataset(
 *   { inputs: ['cifs/'], outDir: 'out', spaceGroups: [221, 225], seed: 1 },
 *   { onProgress: (p) => console.log(`${p.done}/${p.total} ${p.rate.toFixed(0)} img/s`) },
 * );
 */
export async function generateDataset(
  options: DatasetOptions,
  hooks: GenerateHooks = {},
): Promise<DatasetSummary> {
  const started = Date.now();
  const opts = resolveGenerateOptions(options);
  const outDir = options.outDir;
  const names = outputNames(outDir, opts.shard);
  prepareOutput(outDir, names, opts, Boolean(options.resume));
  const plan = await planRun(opts, hooks.plan);
  writeRunFile(outDir, names, opts, plan);

  const jobById = new Map(plan.jobs.map((j) => [j.id, j]));
  const verified = keepVerified(outDir, names, jobById);
  const pending = plan.jobs.filter((j) => !verified.has(j.index));
  const tasks = groupTasks(plan, pending);
  const counts: SessionCounts = {
    started,
    total: plan.jobs.length,
    resumed: verified.size,
    rendered: 0,
    failures: [],
  };
  const report = progressReporter(hooks, counts);
  const appender = new ManifestAppender(names.manifest);
  const onResult = resultWriter(plan, pending, appender, counts, report);
  try {
    const nWorkers = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
    if (tasks.length > 0) await runPool(tasks, nWorkers, { outDir, options: opts }, onResult, hooks.signal);
  } finally {
    appender.close();
  }

  const finalRecords = sortManifest(names, jobById);
  report(true);
  return writeSummary(plan, finalRecords, outDir, names, counts);
}

/**
 * Renders `tasks` on `nWorkers` generation workers (`worker.ts` in a `@sadp/raster` worker pool), each taking the
 * next task when it reports the last one done; results go to `onResult` as they come. Rejects with the first
 * worker failure or the signal's reason, after terminating the workers.
 */
async function runPool(
  tasks: readonly WorkerTask[],
  nWorkers: number,
  workerData: unknown,
  onResult: (msg: WorkerMessage) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  signal?.throwIfAborted();
  let failed: ((error: unknown) => void) | undefined;
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  const pool = new WorkerPool(
    { base: import.meta.url, name: 'worker' },
    {
      size: nWorkers,
      workerData,
      onMessage: (message) => {
        const msg = message as WorkerMessage;
        if (msg.type === 'fatal') failed?.(new DatasetError('E_DATASET_WORKER', msg.message));
        else onResult(msg);
      },
      failure: (error) =>
        'exitCode' in error
          ? new DatasetError('E_DATASET_WORKER', error.message)
          : new DatasetError('E_DATASET_WORKER', `worker failed: ${error.message}`, { cause: error }),
    },
  );
  const onAbort = (): void => failed?.(signal?.reason ?? new Error('aborted'));
  signal?.addEventListener('abort', onAbort);
  let next = 0;
  const work = async (worker: number): Promise<void> => {
    while (next < tasks.length) await pool.request(worker, tasks[next++]!);
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: nWorkers }, (_, w) => work(w))), failure]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.close().catch(() => {});
  }
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * One-line progress bar for terminals: `[#########-----------]  45% 36000/80000  712 img/s  ETA 01:02`.
 *
 * @param width - Bar width in characters, default 24.
 */
export function formatDatasetProgress(p: DatasetProgress, width = 24): string {
  const fraction = p.total > 0 ? (p.done + p.failed) / p.total : 1;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const failed = p.failed > 0 ? `  ${p.failed} failed` : '';
  return `${bar} ${pct} ${p.done}/${p.total}  ${p.rate.toFixed(0)} img/s  ETA ${clock(p.etaSeconds)}${failed}`;
}

/**
 * @deprecated Use {@link formatDatasetProgress} (renamed: `@sadp/resnet` has a `formatProgress` for training).
 */
export const formatProgress: typeof formatDatasetProgress = formatDatasetProgress;
