import { defineConfig } from 'tsup';

export default defineConfig({
  // index: the browser-safe core; node: the core plus reading model folders and image files from disk
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // import.meta.url (the shipped model's folder) in the CommonJS build
  shims: true,
});
