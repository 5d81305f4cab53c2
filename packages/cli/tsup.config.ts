import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/run.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // import.meta.url (the shipped model's folder) in the CommonJS build
  shims: true,
});
