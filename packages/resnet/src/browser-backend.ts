/**
 * The tfjs backend in a browser (page or Web Worker): wasm, served from the page's own files, else cpu. The
 * Node registry of `backend.ts` (tfjs-node, threads through `node:` modules) is not reachable from here.
 *
 * @packageDocumentation
 */
import { errorMessage } from '@sadp/errors';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo } from './backend.js';
import { ResNetError } from './errors.js';

/** The binaries of `@tensorflow/tfjs-backend-wasm` (its `dist/*.wasm`), which a page must serve. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Options of {@link selectBrowserBackend}. */
export interface BrowserBackendOptions {
  /** `'wasm'`, `'cpu'`, or `'auto'` (default: wasm, else cpu). */
  backend?: 'auto' | 'wasm' | 'cpu';
  /**
   * Where the wasm binaries are served: a folder URL ending in `/`, or a URL per file name (tfjs
   * `setWasmPaths`). Default: next to the tfjs-backend-wasm script, which bundlers usually break.
   */
  wasmPaths?: string | Partial<Record<WasmBinaryName, string>>;
}

async function useWasm(wasmPaths: BrowserBackendOptions['wasmPaths']): Promise<Omit<BackendInfo, 'skipped'>> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as string);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { name: 'wasm', tfBackend: 'wasm', threads: Math.max(1, wasm.getThreadsCount()), simd };
}

async function useCpu(): Promise<Omit<BackendInfo, 'skipped'>> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
  return { name: 'cpu', tfBackend: 'cpu', threads: 1, simd: false };
}

/**
 * Picks and initialises the tfjs backend in a browser: wasm (its binaries fetched from `wasmPaths`), falling
 * back to the slower cpu backend with `'auto'`. Throws a {@link ResNetError} (`E_RESNET_BACKEND`) when none
 * loads.
 *
 * @example
 * await selectBrowserBackend({ wasmPaths: new URL('tfjs-wasm/', location.href).href });
 */
export async function selectBrowserBackend(options: BrowserBackendOptions = {}): Promise<BackendInfo> {
  const backend = options.backend ?? 'auto';
  const order = backend === 'auto' ? (['wasm', 'cpu'] as const) : [backend];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      const info = name === 'wasm' ? await useWasm(options.wasmPaths) : await useCpu();
      return { ...info, skipped };
    } catch (error) {
      skipped.push({ name, reason: errorMessage(error) });
    }
  }
  throw new ResNetError(
    'E_RESNET_BACKEND',
    `no tfjs backend could be loaded:\n${skipped.map((s) => `  ${s.name}: ${s.reason}`).join('\n')}`,
  );
}
