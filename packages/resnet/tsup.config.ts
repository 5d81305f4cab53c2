import { defineConfig } from 'tsup';

export default defineConfig({
  // index: everything (Node); browser: model building, loading from URLs, inference, no node: modules
  entry: ['src/index.ts', 'src/browser.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
