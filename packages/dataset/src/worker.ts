/**
 * Worker-thread entry: receives one crystal (structure + its pending jobs) at a time, renders every job,
 * writes each PNG atomically (`<name>.png.tmp`, then rename) and reports each one to the main thread.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Structure } from '@sadp/cif';
import { errorMessage } from '@sadp/errors';
import type { ResolvedDatasetOptions } from './options';
import type { DatasetJob } from './plan';
import type { CrystalInfo, PatternRenderer } from './render';
import type { WorkerMessage, WorkerTask } from './worker-protocol';

const data = workerData as { outDir: string; options: ResolvedDatasetOptions };
const port = parentPort!;

async function loadRenderer(): Promise<PatternRenderer> {
  const spec = data.options.renderer;
  if (spec === null) return (await import('./bindings')).createDefaultRenderer();
  const url = /^[a-z]+:/i.test(spec) ? spec : pathToFileURL(spec).href;
  const mod = (await import(url)) as {
    createRenderer?: (options: ResolvedDatasetOptions) => PatternRenderer;
  };
  if (typeof mod.createRenderer !== 'function')
    throw new Error(`renderer module ${spec} does not export createRenderer()`);
  return mod.createRenderer(data.options);
}

const ready = loadRenderer();
// Report a load failure at once, whether or not a task has arrived yet: left unhandled, the rejection would end
// the worker with an uncaught error before the message handler could name the renderer.
ready.catch((error: unknown) => {
  port.postMessage({
    type: 'fatal',
    message: `renderer failed to load: ${errorMessage(error)}`,
  } satisfies WorkerMessage);
});
const madeDirs = new Set<string>();

function renderOne(
  renderer: PatternRenderer,
  structure: Structure,
  crystal: CrystalInfo,
  job: DatasetJob,
): WorkerMessage {
  const out = renderer.render({ structure, crystal, job, options: data.options });
  const rel = `${crystal.split}/${out.label}/${job.id}.png`;
  const dir = join(data.outDir, crystal.split, out.label);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const final = join(dir, `${job.id}.png`);
  const tmp = `${final}.tmp`;
  writeFileSync(tmp, out.png);
  renameSync(tmp, final);
  return {
    type: 'done',
    index: job.index,
    file: rel,
    label: out.label,
    size: out.size,
    augment: out.augment,
    sha256: createHash('sha256').update(out.png).digest('hex'),
    bytes: out.png.length,
  };
}

port.on('message', (task: WorkerTask & { seq: number }) => {
  ready.then(
    (renderer) => {
      // widest field of view first (high voltage, short camera length), so that the simulator's per-zone
      // reflection cache is built once and reused for the narrower ones; results are re-ordered by the main thread
      const jobs = [...task.jobs].sort(
        (a, b) => b.voltage - a.voltage || (a.cameraLength ?? 0) - (b.cameraLength ?? 0) || a.index - b.index,
      );
      for (const job of jobs) {
        let msg: WorkerMessage;
        try {
          msg = renderOne(renderer, task.structure, task.crystal, job);
        } catch (error) {
          msg = {
            type: 'failed',
            index: job.index,
            message: errorMessage(error),
          };
        }
        port.postMessage(msg);
      }
      port.postMessage({ type: 'idle', seq: task.seq } satisfies WorkerMessage);
    },
    () => {
      // already reported as 'fatal' when the load failed
    },
  );
});
