/**
 * The JSONL manifest: one line per image, in job order, appended (and fsync'd in batches) as images complete,
 * and rebuilt on resume from the files that exist with a matching checksum.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AugmentParams } from './augment';
import type { Split } from './plan';

/** One manifest line (one image). Keys always appear in this order. */
export interface ManifestRecord {
  /** Image path relative to the output folder, `/`-separated: `train/A1-0/<id>.png`. */
  file: string;
  /** Job id (stable across runs and machines). */
  id: string;
  split: Split;
  label: string;
  spaceGroup: number;
  origin: 'real' | 'synthetic';
  /** CIF path as found under the inputs; `null` for synthetic crystals. */
  source: string | null;
  /** Data block (synthetic: `synthetic-<group>-<n>`). */
  block: string;
  /** sha256 of the CIF bytes; `null` for synthetic crystals. */
  sourceSha256: string | null;
  formula: string;
  zone: [number, number, number];
  /** Acceleration voltage in kV. */
  voltage: number;
  /** Camera length in mm; `null` = simulator default. */
  cameraLength: number | null;
  /** Image side in px. */
  size: number;
  /** Generation-time augmentation, or `null`. */
  augment: AugmentParams | null;
  /** Per-image seed. */
  seed: number;
  /** sha256 of the PNG bytes. */
  sha256: string;
  /** PNG size in bytes. */
  bytes: number;
}

/** Reads a manifest, ignoring a torn last line (an interrupted append). Missing file → `[]`. */
export function readManifest(file: string): ManifestRecord[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: ManifestRecord[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as ManifestRecord);
    } catch {
      // torn line from an interrupted append: the image will be checked and redone
    }
  }
  return out;
}

/** sha256 (hex) of a file's bytes, or `null` if it does not exist. */
export function fileSha256(file: string): string | null {
  if (!existsSync(file)) return null;
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Writes text to `file` atomically: `<file>.tmp`, fsync, rename. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Appends manifest lines; `fsync` at most every `syncEveryMs` and on {@link ManifestAppender.close}, so a
 * crash loses at most the last batch of lines (whose images are then found and re-verified, or redone).
 */
export class ManifestAppender {
  private readonly fd: number;
  private lastSync = Date.now();
  private dirty = false;

  constructor(
    readonly file: string,
    private readonly syncEveryMs = 200,
  ) {
    this.fd = openSync(file, 'a');
  }

  /** Appends records as lines. */
  append(records: readonly ManifestRecord[]): void {
    if (records.length === 0) return;
    writeSync(this.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.dirty = true;
    const now = Date.now();
    if (now - this.lastSync >= this.syncEveryMs) {
      fsyncSync(this.fd);
      this.lastSync = now;
      this.dirty = false;
    }
  }

  /** Flushes and closes. */
  close(): void {
    if (this.dirty) fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Serialises records as JSONL text. */
export function manifestText(records: readonly ManifestRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** Path of the manifest, summary and run files for a shard (`""` suffix when unsharded). */
export function outputNames(outDir: string, shard: { index: number; count: number }) {
  const suffix = shard.count > 1 ? `-${shard.index}-of-${shard.count}` : '';
  return {
    manifest: join(outDir, `manifest${suffix}.jsonl`),
    summaryJson: join(outDir, `summary${suffix}.json`),
    summaryMd: join(outDir, `summary${suffix}.md`),
    run: join(outDir, `dataset${suffix}.json`),
  };
}
