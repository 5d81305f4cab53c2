import { defineConfig } from 'tsup';

export default defineConfig({
  // index: everything (Node); browser: model building, loading from URLs, inference, no node: modules;
  // decoder-worker: the image-folder data source starts dist/decoder-worker.{js,cjs} in worker threads
  entry: ['src/index.ts', 'src/browser.ts', 'src/decoder-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
