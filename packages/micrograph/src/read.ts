import { looksLikeDm, readDm } from './dm';
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
 * The format of `bytes`: by magic number first (DM version word, TIA `II` + `0x0197`, MRC `"MAP "` tag), then by the extension of
 * `name` (`.mrc`, `.mrcs`, `.map`, `.st`, `.ali`, `.dm3`, `.dm4`, `.ser`). `null` when neither says.
 */
export function detectFormat(bytes: Uint8Array, name = ''): MicrographFormat | null {
  const dm = looksLikeDm(bytes);
  if (dm === 3) return 'dm3';
  if (dm === 4) return 'dm4';
  if (looksLikeSer(bytes)) return 'ser';
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
  throw new MicrographError(
    'E_MICROGRAPH_FORMAT',
    'unknown micrograph format (expected MRC, DM3, DM4 or SER)',
    {
      file: name,
    },
  );
}
