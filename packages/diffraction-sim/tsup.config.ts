import { defineConfig } from 'tsup';

export default defineConfig({
  // The batch worker is its own entry so that worker threads can load it from dist/; browser: no node: modules.
  entry: ['src/index.ts', 'src/browser.ts', 'src/batch-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
