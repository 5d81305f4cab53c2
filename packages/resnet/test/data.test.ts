import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type Batch, imageFolderDataSource } from '../src/data.js';
import { isResNetError } from '../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'sadp-resnet-data-'));
const colours: Record<string, [number, number, number]> = { 'A1-0': [255, 0, 0], 'B2-1': [0, 0, 255] };
for (const [label, [r, g, b]] of Object.entries(colours)) {
  mkdirSync(join(root, 'train', label), { recursive: true });
  for (let i = 0; i < 5; i++) {
    const png = new PNG({ width: 40, height: 40 });
    for (let p = 0; p < 40 * 40; p++) png.data.set([r, g, b, 255], 4 * p);
    writeFileSync(join(root, 'train', label, `${i}.png`), PNG.sync.write(png));
  }
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function collect(iterable: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of iterable) out.push(b);
  return out;
}

describe('imageFolderDataSource', { timeout: 120_000 }, () => {
  it('decodes train/<label>/*.png in worker threads, resized, grey or RGB', async () => {
    const grey = imageFolderDataSource(join(root, 'train'), { workers: 2 });
    expect(grey.labels).toEqual(['A1-0', 'B2-1']);
    expect(grey.length).toBe(10);
    const batches = await collect(grey.batches({ batchSize: 4, inputSize: 32, shuffle: true, seed: 1 }));
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    for (const b of batches) {
      expect(b.images).toHaveLength(b.size * 32 * 32);
      for (let k = 0; k < b.size; k++) expect(b.images[k * 1024 + 500]).toBeCloseTo(1 / 3, 5); // (255+0+0)/765
    }
    expect([...batches.flatMap((b) => [...b.labels])].sort()).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    await grey.close?.();

    const rgb = imageFolderDataSource(join(root, 'train'), {
      channels: 3,
      workers: 1,
      labels: ['B2-1', 'A1-0'],
    });
    const [first] = await collect(rgb.batches({ batchSize: 10, inputSize: 20 }));
    const k = first!.labels.indexOf(0); // class 0 is now B2-1 (blue)
    expect(Array.from(first!.images.subarray(k * 1200 + 600, k * 1200 + 603))).toEqual([0, 0, 1]);
    await rgb.close?.();
  });

  it("normalize: 'max' rescales every produced image to a peak of 1", async () => {
    const source = imageFolderDataSource(join(root, 'train'), { workers: 1, normalize: 'max' });
    const [batch] = await collect(source.batches({ batchSize: 10, inputSize: 16 }));
    for (let k = 0; k < batch!.size; k++) {
      const image = batch!.images.subarray(k * 256, (k + 1) * 256);
      expect(Math.max(...image)).toBe(1); // flat 1/3 grey without normalisation
      expect(Math.min(...image)).toBe(1);
    }
    await source.close?.();
    expect(() => imageFolderDataSource(join(root, 'train'), { normalize: 'peak' as never })).toThrow(
      /normalize must be/,
    );
  });

  it("mask: 'disc' blanks the corners outside the inscribed disc and keeps the disc", async () => {
    const source = imageFolderDataSource(join(root, 'train'), { workers: 1, normalize: 'max', mask: 'disc' });
    const [batch] = await collect(source.batches({ batchSize: 10, inputSize: 16 }));
    for (let k = 0; k < batch!.size; k++) {
      const image = batch!.images.subarray(k * 256, (k + 1) * 256);
      expect(image[0]).toBe(0); // corner
      expect(image[15 * 16 + 15]).toBe(0);
      expect(image[8 * 16 + 8]).toBe(1); // centre
      expect(image[8 * 16]).toBe(1); // edge midpoint: on the disc
      // the kept area is the disc's: π/4 of the square within a pixel ring
      const kept = image.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
      expect(Math.abs(kept - (Math.PI / 4) * 256)).toBeLessThan(16);
    }
    await source.close?.();
    expect(() => imageFolderDataSource(join(root, 'train'), { mask: 'circle' as never })).toThrow(
      /mask must be/,
    );
  });

  it('augments deterministically per seed', async () => {
    const source = imageFolderDataSource(join(root, 'train'), { workers: 2 });
    const run = async (seed: number) =>
      (await collect(source.batches({ batchSize: 10, inputSize: 24, seed, augment: { rotation: 30 } })))[0]!
        .images;
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
    await source.close?.();
  });

  it('reports an undecodable file with E_RESNET_DATA and a missing folder with E_RESNET_IO', async () => {
    mkdirSync(join(root, 'bad', 'x'), { recursive: true });
    writeFileSync(join(root, 'bad', 'x', 'broken.png'), 'not a png');
    const source = imageFolderDataSource(join(root, 'bad'), { workers: 1 });
    const error = await collect(source.batches({ batchSize: 1, inputSize: 8 })).catch((e: unknown) => e);
    expect(isResNetError(error) && error.code).toBe('E_RESNET_DATA');
    expect((error as Error).message).toContain('broken.png');
    await source.close?.();
    let thrown: unknown;
    try {
      imageFolderDataSource(join(root, 'missing'));
    } catch (e) {
      thrown = e;
    }
    expect(isResNetError(thrown) && thrown.code).toBe('E_RESNET_IO');
  });
});
