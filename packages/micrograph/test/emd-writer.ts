// HDF5 (EMD) files for tests, written with h5wasm.
import * as h5 from 'h5wasm';

/** Builds an HDF5 file in h5wasm's in-memory file system and returns its bytes. */
export async function writeH5(build: (file: h5.File) => void): Promise<Uint8Array> {
  const module = await h5.ready;
  const path = `/test-${Math.random().toString(36).slice(2)}.h5`;
  const file = new h5.File(path, 'w');
  build(file);
  file.close();
  const bytes = (module.FS as unknown as { readFile(p: string): Uint8Array }).readFile(path);
  (module.FS as unknown as { unlink(p: string): void }).unlink(path);
  return bytes;
}
