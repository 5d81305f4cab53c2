/**
 * `@sadp/raster/node`: starting a worker thread on a module of one's own package, from the built `dist/` or, when
 * the package runs from its TypeScript source (tests, tsx), from the source through tsx.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

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
