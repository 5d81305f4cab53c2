/**
 * Worker side of {@link SimulationPool}: keeps the structures it was sent (so per-structure, per-zone
 * precomputation is reused across jobs) and answers jobs with transferable buffers.
 *
 * @packageDocumentation
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Structure } from '@sadp/cif';
import { applyArtefacts } from './artefacts';
import type { BatchResult, FromWorker, ToWorker } from './batch-protocol';
import { encodePng } from './png';
import { renderSpots } from './render';
import { resolveSettings } from './settings';
import { spotListResolved } from './spot-list';

const port = parentPort;
if (!port) throw new Error('batch-worker must run in a worker thread');

const structures = new Map<number, Structure>();
/** Reused image buffer when the image itself is not sent back. */
let scratch = new Float32Array(0);

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'structure') {
    structures.set(msg.id, msg.structure);
    return;
  }
  if (msg.type === 'forget') {
    structures.delete(msg.id);
    return;
  }
  if (msg.type === 'stats') {
    const h = getHeapStatistics();
    post({
      type: 'stats',
      seq: msg.seq,
      heapUsed: h.used_heap_size,
      heapTotal: h.total_heap_size,
      external: h.external_memory,
    });
    return;
  }
  try {
    const structure = structures.get(msg.id);
    if (!structure) throw new Error(`structure ${msg.id} was not sent to this worker`);
    const settings = resolveSettings(msg.settings);
    const spots = applyArtefacts(spotListResolved(structure, settings), settings);
    const result: BatchResult = { index: msg.index, settings, spots, size: settings.size };
    const transfer: ArrayBuffer[] = [
      spots.h.buffer,
      spots.k.buffer,
      spots.l.buffer,
      spots.gx.buffer,
      spots.gy.buffer,
      spots.g.buffer,
      spots.d.buffer,
      spots.x.buffer,
      spots.y.buffer,
      spots.excitationError.buffer,
      spots.laueZone.buffer,
      spots.intensity.buffer,
    ] as ArrayBuffer[];
    const wantImage = msg.output.image !== false;
    if (wantImage || msg.output.png) {
      const n = settings.size * settings.size;
      let buffer: Float32Array;
      if (wantImage) buffer = new Float32Array(n);
      else {
        if (scratch.length !== n) scratch = new Float32Array(n);
        buffer = scratch;
      }
      const image = renderSpots(spots, settings, buffer);
      if (msg.output.png) {
        const png = encodePng(
          { image, size: settings.size, settings },
          typeof msg.output.png === 'object' ? msg.output.png : {},
        );
        result.png = png;
        transfer.push(png.buffer as ArrayBuffer);
      }
      if (wantImage) {
        result.image = image;
        transfer.push(image.buffer as ArrayBuffer);
      }
    }
    post({ type: 'result', seq: msg.seq, result }, transfer);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    post({
      type: 'error',
      seq: msg.seq,
      name: e.name,
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
    });
  }
});
