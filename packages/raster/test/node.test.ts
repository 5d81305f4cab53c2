import { describe, expect, it } from 'vitest';
import { WorkerPool, workerEntry } from '../src/node';

const echo = { base: import.meta.url, name: 'fixtures/echo-worker' };

describe('startWorker', () => {
  it('loads name.js beside a built module, name.cjs beside a CommonJS one', () => {
    expect(workerEntry({ base: 'file:///p/dist/index.js', name: 'w' })).toEqual({
      entry: new URL('file:///p/dist/w.js'),
      eval: false,
    });
    expect(workerEntry({ base: 'file:///p/dist/chunk-x.cjs', name: 'w' }).entry).toEqual(
      new URL('file:///p/dist/w.cjs'),
    );
  });
});

describe('WorkerPool', () => {
  it('runs a TypeScript worker module from source with workerData; replies match requests by seq', async () => {
    const notes: unknown[] = [];
    const pool = new WorkerPool(echo, { size: 2, workerData: 20, onMessage: (m, w) => notes.push([m, w]) });
    const replies = await Promise.all(
      [1, 2, 3, 4].map((value) => pool.request<{ value: number }>(pool.leastBusy(), { value })),
    );
    expect(replies.map((r) => r.value)).toEqual([22, 23, 24, 25]);
    expect(await pool.request<{ value: number }>(1, { value: 5, kind: 'progress' })).toMatchObject({
      value: 26,
    });
    expect(notes).toEqual([[{ note: 5 }, 1]]);
    await pool.close();
    await expect(pool.request(0, { value: 1 })).rejects.toThrow('closed');
  });

  it('fails one worker on its error or exit (pending and later requests reject), the others go on', async () => {
    const pool = new WorkerPool(echo, {
      size: 2,
      workerData: 0,
      unrefIdle: true,
      failure: (cause, worker) => new Error(`worker ${worker}: ${cause.message}`),
    });
    await expect(pool.request(0, { value: 1, kind: 'crash' })).rejects.toThrow(
      'worker 0: crashed on purpose',
    );
    await expect(pool.request(0, { value: 1 })).rejects.toThrow('worker 0');
    expect(pool.leastBusy()).toBe(1);
    await expect(pool.request(1, { value: 1, kind: 'exit' })).rejects.toThrow(
      'worker 1: worker exited with code 3',
    );
    expect(() => pool.request(2, { value: 1 })).toThrow(RangeError);
    await pool.close();
  });
});
