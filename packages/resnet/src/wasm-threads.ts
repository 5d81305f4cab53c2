/**
 * Multi-threaded wasm in Node.
 *
 * `@tensorflow/tfjs-backend-wasm` 4.x ships a threaded+SIMD binary but never uses it in Node: its
 * `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-wired to false there, the pthread worker is handed to
 * `new Worker()` as a `blob:` URL (which Node's `worker_threads` cannot load), the worker then tries to
 * read the main script from a `Blob`, and the thread count is capped at `os.cpus().length / 2`.
 * This module works around all four for the duration of the backend's initialisation: it writes the
 * worker script (the package's own `wasmWorkerContents`, loading the threaded emscripten module from
 * its file) to the temp directory, lets `URL.createObjectURL` return that path for the worker blob,
 * sets the flag and reports enough logical cores for the requested thread count.
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const LOAD_BRANCH =
  /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{var objectUrl=URL\.createObjectURL\(e\.data\.urlOrBlob\);importScripts\(objectUrl\);URL\.revokeObjectURL\(objectUrl\)\}/;

/** Undoes the patches of {@link patchForThreadedWasm}. */
export type RestoreFn = () => void;

/**
 * Prepares the process so that the next initialisation of the wasm backend loads the threaded+SIMD
 * binary with `threads` threads. Returns a function restoring the patched globals (call it once the
 * backend is ready), or throws with the reason when this tfjs version's files do not look as expected.
 */
export function patchForThreadedWasm(
  threads: number,
  setFlag: (name: string, value: boolean) => void,
  setThreadsCount: (n: number) => void,
): RestoreFn {
  const require = createRequire(import.meta.url);
  const mainJs = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const workerModule = require(join(dirname(mainJs), 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents?: string;
  };
  const contents = workerModule.wasmWorkerContents;
  if (typeof contents !== 'string' || !LOAD_BRANCH.test(contents)) {
    throw new Error('tfjs-backend-wasm worker script has an unexpected layout');
  }
  const script = contents
    .replace(/\n/g, '\\n')
    .replace(LOAD_BRANCH, `importScripts(${JSON.stringify(mainJs)});`);
  const workerFile = join(tmpdir(), `sadp-tfjs-wasm-worker-${process.pid}.cjs`);
  writeFileSync(workerFile, script);

  const os = require('node:os') as { cpus: () => unknown[] };
  const originalCpus = os.cpus;
  const originalCreateObjectURL = URL.createObjectURL;
  URL.createObjectURL = (obj: Blob) =>
    obj && typeof obj === 'object' && obj.type === 'application/javascript'
      ? workerFile
      : originalCreateObjectURL(obj);
  // tfjs-backend-wasm caps its pool at emscripten_num_logical_cores() / 2 = os.cpus().length / 2.
  os.cpus = () => {
    const cpus = originalCpus();
    const out: unknown[] = [];
    for (let i = 0; i < 2 * threads; i++) out.push(cpus[i % Math.max(1, cpus.length)]);
    return out;
  };
  setFlag('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  return () => {
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
  };
}

/** Lets the process exit while the wasm thread pool idles (emscripten keeps running pthreads ref'ed). */
export function unrefWasmThreads(wasmModule: unknown): void {
  const pthread = (wasmModule as { PThread?: { runningWorkers?: { unref?: () => void }[] } }).PThread;
  for (const worker of pthread?.runningWorkers ?? []) worker.unref?.();
}
