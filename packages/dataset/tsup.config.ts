import { defineConfig } from 'tsup';

export default defineConfig({
  // the worker is its own entry: generateDataset starts dist/worker.{js,cjs} next to dist/index.{js,cjs}
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  shims: true,
  target: 'node20',
});
