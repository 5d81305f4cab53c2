#!/usr/bin/env node
/**
 * Turns the real patterns listed in patterns.json into crops in evaluation/real/data/ (not committed: the
 * originals are GPL-3.0 or carry no licence, so only this recipe is kept in the repository).
 *
 *   node evaluation/real/fetch-real.mjs                         # download each file from raw.githubusercontent.com
 *   node evaluation/real/fetch-real.mjs --git-dir path/to/pycotem/.git   # a bare path is pycotem's clone / mirror
 *   node evaluation/real/fetch-real.mjs --git-dir emicroml=path/to/emicroml/.git   # any source by its key
 *   EMICROML_GIT=… KW991031_GIT=… node evaluation/real/fetch-real.mjs   # or by the source's `gitEnv` variable
 *
 * Each file is checked against the git blob id recorded in patterns.json, so a crop is always made from the
 * exact bytes of the stated commit. The crop is a square of the original pixels centred on the direct beam
 * (no rescaling, nothing painted). pycotem's 24-bit BMP captures become 8-bit grey PNGs with the source's grey
 * levels (R = G = B), unscaled; the other sources (`decode: "image"`: PNG, TIFF, NumPy .npy, read by
 * @sadp/classifier's `decodeImage`) become float32 .npy crops of the values divided by the image's maximum
 * (RGB is averaged to grey), so float data keep their full depth.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeImage } from '@sadp/classifier';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    'git-dir': { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: join(here, 'data') },
    force: { type: 'boolean', default: false },
  },
});
const manifest = JSON.parse(readFileSync(join(here, 'patterns.json'), 'utf8'));

/** The git blob id of some bytes, as `git hash-object` computes it. */
function blobId(bytes) {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Local git directories by source key: `--git-dir key=path` (a bare path is pycotem's), then `gitEnv`. */
const gitDirs = {};
for (const value of values['git-dir']) {
  const match = /^([A-Za-z0-9_-]+)=(.+)$/.exec(value);
  if (match) gitDirs[match[1]] = match[2];
  else gitDirs.pycotem = value;
}

async function obtain(key, source, path) {
  const gitDir = gitDirs[key] ?? (source.gitEnv ? process.env[source.gitEnv] : undefined);
  if (gitDir) {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${source.commit}:${path}`], {
      maxBuffer: 64 << 20,
    });
  }
  const url = source.rawUrl
    .replace('{commit}', source.commit)
    .replace('{path}', path.split('/').map(encodeURIComponent).join('/'));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Uncompressed 24- or 32-bit BMP → grey levels (mean of R, G, B), top row first. */
function decodeBmp(bytes) {
  if (bytes.toString('latin1', 0, 2) !== 'BM') throw new Error('not a BMP');
  const offset = bytes.readUInt32LE(10);
  const width = bytes.readInt32LE(18);
  const rawHeight = bytes.readInt32LE(22);
  const bits = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  if (compression !== 0 || (bits !== 24 && bits !== 32))
    throw new Error(`unsupported BMP (${bits} bit, c=${compression})`);
  const height = Math.abs(rawHeight);
  const stride = Math.ceil((width * bits) / 32) * 4;
  const grey = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const y = rawHeight > 0 ? height - 1 - row : row; // positive height: bottom-up
    const base = offset + row * stride;
    for (let x = 0; x < width; x++) {
      const p = base + (x * bits) / 8;
      grey[y * width + x] = Math.round((bytes[p] + bytes[p + 1] + bytes[p + 2]) / 3);
    }
  }
  return { width, height, grey };
}

function cropPng({ width, height, grey }, { x, y, size }) {
  if (x < 0 || y < 0 || x + size > width || y + size > height) throw new Error('crop outside the image');
  const png = new PNG({ width: size, height: size, colorType: 0, inputColorType: 0, bitDepth: 8 });
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) png.data[j * size + i] = grey[(y + j) * width + x + i];
  }
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8 });
}

/** A square of a decoded grey image (values 0..1) as a little-endian float32 NumPy .npy file. */
function cropNpy({ width, height, data }, { x, y, size }) {
  if (x < 0 || y < 0 || x + size > width || y + size > height) throw new Error('crop outside the image');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${size}, ${size}), }`;
  header += `${' '.repeat(63 - ((10 + header.length) % 64))}\n`; // header block a multiple of 64 bytes
  const out = Buffer.alloc(10 + header.length + 4 * size * size);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  let offset = 10 + header.length;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++, offset += 4) out.writeFloatLE(data[(y + j) * width + x + i], offset);
  }
  return out;
}

/** The crop's file name in data/: `<id>.png` (BMP sources) or `<id>.npy` (`decode: "image"`); run.mjs reads the same names. */
const cropFile = (pattern) => `${pattern.id}.${pattern.decode === 'image' ? 'npy' : 'png'}`;

mkdirSync(values.out, { recursive: true });
for (const pattern of manifest.patterns) {
  const target = join(values.out, cropFile(pattern));
  if (existsSync(target) && !values.force) {
    console.error(`${pattern.id}: present`);
    continue;
  }
  const source = manifest.sources[pattern.source];
  const bytes = await obtain(pattern.source, source, pattern.path);
  const id = blobId(bytes);
  if (id !== pattern.blob) throw new Error(`${pattern.path}: blob ${id}, expected ${pattern.blob}`);
  if (pattern.decode === 'image') {
    const image = decodeImage(new Uint8Array(bytes), pattern.path.split('/').pop());
    writeFileSync(target, cropNpy(image, pattern.crop));
  } else {
    writeFileSync(target, cropPng(decodeBmp(bytes), pattern.crop));
  }
  console.error(`${pattern.id}: ${source.repository} ${pattern.path} → ${target}`);
}
