// Vite config of the sadp web page: a static site (relative base, deployable to any folder of any host) that
// serves the shipped model and the tfjs wasm binaries next to the page, and refuses to build when a Node
// built-in module would end up in the browser bundle.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
/** The folder of an installed package, found through its package.json as any app would. */
const packageDir = (name: string, from = require) => dirname(from.resolve(`${name}/package.json`));

const classifierDir = packageDir('@sadp/classifier');
const wasmDir = join(
  packageDir(
    '@tensorflow/tfjs-backend-wasm',
    createRequire(join(packageDir('@sadp/resnet'), 'package.json')),
  ),
  'dist',
);

/** Files served next to the page: URL path → file on disk. */
const staticFiles: Record<string, string> = {
  'model/model.json': join(classifierDir, 'model', 'model.json'),
  'model/weights.bin': join(classifierDir, 'model', 'weights.bin'),
  ...Object.fromEntries(
    ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
      (name) => [`tfjs-wasm/${name}`, join(wasmDir, name)],
    ),
  ),
};

/** Serves {@link staticFiles} in `vite dev` and writes them into the build. */
function modelFiles(): Plugin {
  return {
    name: 'sadp-model-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0]?.replace(/^\/+/, '') ?? '';
        const file = staticFiles[path];
        if (!file) return next();
        res.setHeader(
          'Content-Type',
          path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        );
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of Object.entries(staticFiles)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}

/** Whether the package that contains `importer` maps `id` to `false` in its `browser` field (an empty module). */
function browserFieldDisables(id: string, importer: string | undefined): boolean {
  for (let dir = importer ? dirname(importer) : ''; dir && dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const { browser } = JSON.parse(readFileSync(file, 'utf8')) as { browser?: unknown };
    return (
      typeof browser === 'object' && browser !== null && (browser as Record<string, unknown>)[id] === false
    );
  }
  return false;
}

/**
 * Fails the build when a Node built-in (`node:fs`, `zlib`, …) is imported on the page's paths: Vite would only
 * warn and replace it with an empty module that breaks at run time. Packages that map a built-in to `false` in
 * their `browser` field (tfjs does, for code it never runs in a browser) are allowed.
 */
function noNodeBuiltins(): Plugin {
  return {
    name: 'sadp-no-node-builtins',
    enforce: 'pre',
    apply: 'build',
    resolveId(id, importer) {
      if (!isBuiltin(id) || (!id.startsWith('node:') && browserFieldDisables(id, importer))) return null;
      this.error(`Node built-in module "${id}" imported by ${importer ?? 'the page'}: not browser-safe`);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [noNodeBuiltins(), modelFiles()],
  // `vite dev`: pre-bundle the worker's dependencies up front (the linked @sadp packages import them), so the
  // first visit does not reload the page when the optimizer discovers them
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
      'gl-matrix',
      'utif2',
    ],
  },
  worker: {
    format: 'es',
    plugins: () => [noNodeBuiltins()],
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // h5wasm (EMD files, loaded only for them) is one 4.8 MB chunk
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
