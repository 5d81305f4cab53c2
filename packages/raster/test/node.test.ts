import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startWorker, workerEntry } from '../src/node';

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

  it('runs a TypeScript worker module from source, with workerData', async () => {
    const worker = startWorker({ base: import.meta.url, name: 'fixtures/echo-worker' }, { workerData: 20 });
    worker.postMessage(1);
    const [reply] = await once(worker, 'message');
    expect(reply).toBe(22);
    await worker.terminate();
  });
});
