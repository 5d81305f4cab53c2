import { looksLikeDm, readDm } from './dm';
import { looksLikeHdf5, readEmd } from './emd';
import { MicrographError } from './errors';
import { looksLikeMrc, readMrc } from './mrc';
import { looksLikeSer, readSer } from './ser';
import type { Micrograph, MicrographFormat } from './types';

const EXTENSIONS: Record<string, MicrographFormat> = {
  mrc: 'mrc',
  mrcs: 'mrc',
  map: 'mrc',
  st: 'mrc',
  ali: 'mrc',
  dm3: 'dm3',
  dm4: 'dm4',
};

/**
 * The format of `bytes`: by magic number first (DM version word, TIA `II` + `0x0197`, HDF5 signature, MRC `"MAP "` tag), then by the extension of
 * `name` (`.mrc`, `.mrcs`, `.map`, `.st`, `.ali`, `.dm3`, `.dm4`, `.ser`, `.emd`). `null` when neither says.
 */
export function detectFormat(bytes: Uint8Array, name = ''): MicrographFormat | null {
  const dm = looksLikeDm(bytes);
  if (dm === 3) return 'dm3';
  if (dm === 4) return 'dm4';
  if (looksLikeSer(bytes)) return 'ser';
  if (looksLikeHdf5(bytes)) return 'emd';
  if (looksLikeMrc(bytes)) return 'mrc';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || null;
}

/**
 * Reads a micrograph or diffraction pattern with its calibration, detecting the format with
 * {@link detectFormat}. Synchronous; `name` is used for detection and error messages only.
 *
 * @throws {@link MicrographError} for unknown, truncated or inconsistent files.
 */
export function readMicrograph(bytes: Uint8Array, name = 'input'): Micrograph {
  const format = detectFormat(bytes, name);
  if (format === 'mrc') return readMrc(bytes, name);
  if (format === 'dm3' || format === 'dm4') return readDm(bytes, name);
  if (format === 'ser') return readSer(bytes, name);
  if (format === 'emd')
    throw new MicrographError(
      'E_MICROGRAPH_UNSUPPORTED',
      'EMD (HDF5) is read asynchronously: use readMicrographAsync',
      {
        file: name,
        format,
      },
    );
  throw new MicrographError(
    'E_MICROGRAPH_FORMAT',
    'unknown micrograph format (expected MRC, DM3, DM4, SER or EMD)',
    {
      file: name,
    },
  );
}

/**
 * Like {@link readMicrograph}, and also reads EMD (HDF5, Berkeley and Velox) files, which need the h5wasm
 * WebAssembly module to be loaded first (done lazily, once).
 *
 * @throws {@link MicrographError} for unknown, truncated or inconsistent files.
 */
export async function readMicrographAsync(bytes: Uint8Array, name = 'input'): Promise<Micrograph> {
  if (detectFormat(bytes, name) === 'emd') return readEmd(bytes, name);
  return readMicrograph(bytes, name);
}
