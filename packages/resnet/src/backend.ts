/**
 * Backend selection: a registry of tfjs backends with priorities (`tfjs-node-gpu` > `tfjs-node` >
 * `wasm` > `cpu`), loaded lazily by dynamic import, overridable by option or `SADP_BACKEND`.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { errorMessage } from '@sadp/errors';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node bundle registers no gradients; tfjs-layers' Node bundle registers all of them.
import '@tensorflow/tfjs-layers';
import { ResNetError } from './errors.js';
import { registerWasmTrainingKernels } from './kernels/register.js';
import { patchForThreadedWasm, unrefWasmThreads } from './wasm-threads.js';

/** Names of the backends `@sadp/resnet` knows, best first. */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** What {@link selectBackend} set up. */
export interface BackendInfo {
  /** Registry name of the backend in use. */
  name: BackendName | string;
  /** Name of the tfjs backend (`tf.getBackend()`), e.g. `"tensorflow"`, `"wasm"`, `"cpu"`. */
  tfBackend: string;
  /** Threads the backend computes with (1 for `cpu`; wasm's pool size). */
  threads: number;
  /** Whether the wasm SIMD binary is in use (false for non-wasm backends). */
  simd: boolean;
  /** Backends tried before this one in automatic selection, with the reason each was skipped. */
  skipped: { name: string; reason: string }[];
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Backend to use, or `'auto'` (default: `SADP_BACKEND` from the environment, else `'auto'`). */
  backend?: BackendName | 'auto' | (string & {});
  /**
   * wasm threads (default: `SADP_WASM_THREADS`, else the number of CPUs, at most 8). `1` uses the
   * single-threaded binary. Threads and SIMD take effect at the first wasm initialisation in the process.
   */
  threads?: number;
  /** Use the wasm SIMD binary when the runtime supports it (default true; `SADP_WASM_SIMD=0` turns it off). */
  simd?: boolean;
  /** Environment to read `SADP_*` variables from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Resolved options a backend factory receives. */
export interface BackendFactoryOptions {
  threads: number;
  simd: boolean;
}

/** Loads one backend and makes it tfjs's current backend; throws with an actionable message if it cannot. */
export type BackendFactory = (
  options: BackendFactoryOptions,
) => Promise<Omit<BackendInfo, 'name' | 'skipped'>>;

const registry = new Map<string, { factory: BackendFactory; priority: number }>();

/**
 * Adds (or replaces) a backend in the registry. Higher `priority` is tried first in automatic selection.
 * The factory should import its heavy module lazily.
 */
export function registerBackend(name: string, factory: BackendFactory, priority: number): void {
  registry.set(name, { factory, priority });
}

/** Registered backends, highest priority first. */
export function registeredBackends(): { name: string; priority: number }[] {
  return [...registry.entries()]
    .map(([name, { priority }]) => ({ name, priority }))
    .sort((a, b) => b.priority - a.priority);
}

function isResolvable(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

async function importOptional(specifier: string, backend: string): Promise<unknown> {
  if (!isResolvable(specifier)) {
    throw new ResNetError(
      'E_RESNET_BACKEND',
      `${specifier} is not installed. Install it with \`npm i ${specifier}\` (its install step downloads libtensorflow), or use the wasm backend (SADP_BACKEND=wasm).`,
      { backend },
    );
  }
  try {
    return await import(/* @vite-ignore */ specifier);
  } catch (cause) {
    throw new ResNetError(
      'E_RESNET_BACKEND',
      `${specifier} is installed but failed to load: ${(cause as Error).message}. Reinstall it, or use the wasm backend (SADP_BACKEND=wasm).`,
      { backend, cause },
    );
  }
}

function nodeFactory(specifier: string, name: BackendName): BackendFactory {
  return async () => {
    await importOptional(specifier, name);
    if (tf.findBackendFactory('tensorflow') == null) {
      throw new ResNetError(
        'E_RESNET_BACKEND',
        `${specifier} loaded but registered no "tensorflow" backend with this copy of @tensorflow/tfjs-core; make sure both resolve to the same @tensorflow/tfjs-core version (npm dedupe).`,
        { backend: name },
      );
    }
    if (!(await tf.setBackend('tensorflow'))) {
      throw new ResNetError(
        'E_RESNET_BACKEND',
        `${specifier}: the "tensorflow" backend failed to initialise.`,
        {
          backend: name,
        },
      );
    }
    return { tfBackend: 'tensorflow', threads: 0, simd: false };
  };
}

let wasmReady: Promise<Omit<BackendInfo, 'name' | 'skipped'>> | undefined;

const wasmFactory: BackendFactory = (options) => {
  wasmReady ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const env = tf.env();
    if (!options.simd) env.set('WASM_HAS_SIMD_SUPPORT', false);
    const simd = options.simd && (await env.getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    let restore: (() => void) | undefined;
    if (simd && options.threads > 1) {
      try {
        restore = patchForThreadedWasm(
          options.threads,
          (flag, value) => env.set(flag, value),
          (n) => wasm.setThreadsCount(n),
        );
      } catch {
        restore = undefined; // unexpected package layout: fall back to the single-threaded binary
      }
    }
    let ok: boolean;
    try {
      ok = await tf.setBackend('wasm');
    } catch (cause) {
      throw new ResNetError('E_RESNET_BACKEND', `the wasm backend failed to initialise: ${String(cause)}`, {
        backend: 'wasm',
        cause,
      });
    } finally {
      restore?.();
    }
    if (!ok) {
      throw new ResNetError(
        'E_RESNET_BACKEND',
        'the wasm backend failed to initialise (is WebAssembly available in this runtime?)',
        { backend: 'wasm' },
      );
    }
    const backend = tf.backend() as unknown as { wasm: unknown };
    unrefWasmThreads(backend.wasm);
    registerWasmTrainingKernels();
    return { tfBackend: 'wasm', threads: Math.max(1, wasm.getThreadsCount()), simd };
  })();
  return wasmReady.then(async (info) => {
    if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
    return info;
  });
};

const cpuFactory: BackendFactory = async () => {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) {
    throw new ResNetError('E_RESNET_BACKEND', 'the cpu backend failed to initialise', { backend: 'cpu' });
  }
  return { tfBackend: 'cpu', threads: 1, simd: false };
};

registerBackend('tfjs-node-gpu', nodeFactory('@tensorflow/tfjs-node-gpu', 'tfjs-node-gpu'), 40);
registerBackend('tfjs-node', nodeFactory('@tensorflow/tfjs-node', 'tfjs-node'), 30);
registerBackend('wasm', wasmFactory, 20);
registerBackend('cpu', cpuFactory, 10);

function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Resolves options against the `SADP_*` environment variables. */
export function resolveBackendOptions(
  preference?: string | SelectBackendOptions,
): Required<Pick<SelectBackendOptions, 'backend' | 'threads' | 'simd'>> {
  const options: SelectBackendOptions =
    typeof preference === 'string' ? { backend: preference } : (preference ?? {});
  const env = options.env ?? process.env;
  const backend = options.backend ?? (env.SADP_BACKEND?.trim() || 'auto');
  const envThreads = env.SADP_WASM_THREADS == null ? Number.NaN : Number.parseInt(env.SADP_WASM_THREADS, 10);
  const threads = options.threads ?? (Number.isFinite(envThreads) ? envThreads : defaultThreads());
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
  const simd = options.simd ?? !(env.SADP_WASM_SIMD === '0' || env.SADP_WASM_SIMD === 'false');
  return { backend, threads: Math.min(8, threads), simd };
}

/**
 * Picks and initialises the tfjs backend. With `'auto'` (the default) it tries the registered backends by
 * priority — `tfjs-node-gpu`, `tfjs-node`, `wasm`, `cpu` — and uses the first that loads; a named backend
 * is used or fails with a {@link ResNetError} (`E_RESNET_BACKEND`) saying how to fix it. On wasm it also
 * registers the training kernels wasm lacks (see `registerWasmTrainingKernels`).
 *
 * @param preference backend name, `'auto'`, or options; default from `SADP_BACKEND`.
 */
export async function selectBackend(preference?: string | SelectBackendOptions): Promise<BackendInfo> {
  const { backend, threads, simd } = resolveBackendOptions(preference);
  if (backend !== 'auto') {
    const entry = registry.get(backend);
    if (!entry) {
      throw new ResNetError(
        'E_RESNET_BACKEND',
        `unknown backend "${backend}"; use one of ${registeredBackends()
          .map((b) => b.name)
          .join(', ')} or auto`,
        { backend },
      );
    }
    return { name: backend, skipped: [], ...(await entry.factory({ threads, simd })) };
  }
  const skipped: BackendInfo['skipped'] = [];
  for (const { name } of registeredBackends()) {
    try {
      const info = await registry.get(name)!.factory({ threads, simd });
      return { name, skipped, ...info };
    } catch (error) {
      skipped.push({ name, reason: errorMessage(error) });
    }
  }
  throw new ResNetError(
    'E_RESNET_BACKEND',
    `no tfjs backend could be loaded:\n${skipped.map((s) => `  ${s.name}: ${s.reason}`).join('\n')}`,
  );
}
