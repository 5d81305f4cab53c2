import { defineConfig } from 'tsup';

export default defineConfig({
  // index: browser-safe (no node: modules); node: starting worker threads
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
