#!/usr/bin/env node
/**
 * Turns the real patterns listed in patterns.json into grey PNG crops in evaluation/real/data/ (not committed:
 * the originals are GPL-3.0 and over 1 MB each, so only this recipe is kept in the repository).
 *
 *   node evaluation/real/fetch-real.mjs                         # download each file from raw.githubusercontent.com
 *   node evaluation/real/fetch-real.mjs --git-dir path/to/pycotem/.git   # or read it from a local clone / mirror
 *
 * Each file is checked against the git blob id recorded in patterns.json, so a crop is always made from the
 * exact bytes of the stated commit. The crop only removes the screen-capture title bar and centres the square on
 * the direct beam; pixel values are the source's grey levels (R = G = B in these captures), unscaled.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    'git-dir': { type: 'string' },
    out: { type: 'string', default: join(here, 'data') },
    force: { type: 'boolean', default: false },
  },
});
const manifest = JSON.parse(readFileSync(join(here, 'patterns.json'), 'utf8'));

/** The git blob id of some bytes, as `git hash-object` computes it. */
function blobId(bytes) {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

async function obtain(source, path) {
  if (values['git-dir']) {
    return execFileSync('git', ['--git-dir', values['git-dir'], 'show', `${source.commit}:${path}`], {
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

mkdirSync(values.out, { recursive: true });
for (const pattern of manifest.patterns) {
  const target = join(values.out, `${pattern.id}.png`);
  if (existsSync(target) && !values.force) {
    console.error(`${pattern.id}: present`);
    continue;
  }
  const source = manifest.sources[pattern.source];
  const bytes = await obtain(source, pattern.path);
  const id = blobId(bytes);
  if (id !== pattern.blob) throw new Error(`${pattern.path}: blob ${id}, expected ${pattern.blob}`);
  writeFileSync(target, cropPng(decodeBmp(bytes), pattern.crop));
  console.error(`${pattern.id}: ${source.repository} ${pattern.path} → ${target}`);
}
