/**
 * UTF-8 validation of CIF bytes with the position of the first bad sequence.
 *
 * @packageDocumentation
 */

import { CifError } from './errors';

/**
 * Decodes UTF-8 bytes, throwing `E_CIF_ENCODING` with the line and column of the first invalid sequence
 * (overlong forms, surrogates and code points above U+10FFFF are invalid).
 */
export function decodeCifBytes(bytes: Uint8Array, file?: string): string {
  const n = bytes.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 10) {
        line++;
        lineStart = i + 1;
      } else if (b === 13) {
        if (bytes[i + 1] !== 10) {
          line++;
          lineStart = i + 1;
        }
      }
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      need = -1;
    }
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      const cb = bytes[i + k];
      if (cb === undefined || (cb & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cb & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new CifError(
        'E_CIF_ENCODING',
        `invalid UTF-8 byte sequence (byte 0x${b.toString(16).toUpperCase()})`,
        {
          file,
          line,
          column: i - lineStart + 1,
        },
      );
    }
    i += need + 1;
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
