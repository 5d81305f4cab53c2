// The page's Web Worker: loads tfjs (wasm) and the model once, then decodes, simulates and classifies on request,
// so the page stays responsive.

import { readStructures } from '@sadp/cif';
import {
  createClassifier,
  DEMO_CIF,
  DEMO_ROTATION,
  DEMO_ZONES,
  matchingSimulation,
  type PatternClassifier,
} from '@sadp/classifier';
import { simulate } from '@sadp/diffraction-sim';
import { zoneName } from '@sadp/lattice-labels';
import { loadResNetFrom, selectBrowserBackend } from '@sadp/resnet/browser';
import { analyse, type Input } from './analyse';
import { decodeFile } from './decode';
import type { Reply, Request, RunResult, Settings } from './protocol';

const scope = self as unknown as {
  postMessage(message: Reply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
};

function post(message: Reply): void {
  const transfer = message.type === 'result' ? message.result.images.map((image) => image.pixels.buffer) : [];
  scope.postMessage(message, transfer as Transferable[]);
}

const progress = (id: number | null, message: string, fraction?: number) =>
  post({ type: 'progress', id, message, ...(fraction === undefined ? {} : { fraction }) });

let classifier: Promise<PatternClassifier> | undefined;

async function load(modelUrl: string, wasmUrl: string): Promise<PatternClassifier> {
  const started = performance.now();
  progress(null, 'Starting tfjs (WebAssembly)…', 0.02);
  const backend = await selectBrowserBackend({ wasmPaths: wasmUrl });
  progress(null, 'Loading the model…', 0.1);
  const { model, metadata } = await loadResNetFrom(modelUrl, {
    onProgress: (f) => progress(null, `Loading the model… ${Math.round(100 * f)}%`, 0.1 + 0.85 * f),
  });
  const loaded = createClassifier(model, metadata, { source: modelUrl });
  post({
    type: 'ready',
    backend: `${backend.name}${backend.simd ? ' (SIMD)' : ''}`,
    seconds: (performance.now() - started) / 1000,
    labels: loaded.labels.length,
  });
  return loaded;
}

async function classifyFiles(id: number, files: { name: string; bytes: ArrayBuffer }[], settings: Settings) {
  const model = await classifier!;
  const inputs: Input[] = [];
  for (const [i, file] of files.entries()) {
    progress(id, `Reading ${file.name} (${i + 1}/${files.length})…`, i / (files.length + 1));
    try {
      const decoded = await decodeFile(file.name, new Uint8Array(file.bytes));
      inputs.push({ name: file.name, ...decoded });
    } catch (error) {
      throw new Error(`${file.name}: ${(error as Error).message}`);
    }
  }
  progress(id, `Classifying ${inputs.length} pattern${inputs.length === 1 ? '' : 's'}…`, 0.9);
  return analyse(model, inputs, settings);
}

async function demo(id: number, settings: Settings): Promise<Omit<RunResult, 'seconds'>> {
  const model = await classifier!;
  const [crystal] = readStructures(DEMO_CIF, { file: 'built-in NaCl' });
  if (!crystal || !model.rendering) throw new Error('the demo needs a model that records its rendering');
  // rendered the way the model's training images were, as `sadp demo` does
  const base = matchingSimulation(model.rendering, crystal.cell);
  const inputs: Input[] = DEMO_ZONES.map((zone, i) => {
    progress(id, `Simulating NaCl ${zoneName(zone)} (${i + 1}/${DEMO_ZONES.length})…`, i / 4);
    const pattern = simulate(crystal, {
      ...base,
      ...(settings.voltage ? { voltage: settings.voltage * 1e3 } : {}),
      zone,
      rotation: DEMO_ROTATION,
    });
    return {
      name: `NaCl ${zoneName(zone)}`,
      zone: zoneName(zone),
      image: { width: pattern.size, height: pattern.size, data: pattern.image },
      notes: [],
    };
  });
  progress(id, 'Classifying 3 patterns…', 0.8);
  return {
    ...analyse(model, inputs, {}, true),
    crystal: {
      name: 'NaCl (rock salt)',
      spaceGroup: crystal.spaceGroup.number,
      symbol: crystal.spaceGroup.symbol,
    },
  };
}

scope.onmessage = async ({ data: request }) => {
  if (request.type === 'init') {
    classifier ??= load(request.modelUrl, request.wasmUrl);
    classifier.catch((error: unknown) => post({ type: 'error', id: null, message: String(error) }));
    return;
  }
  const started = performance.now();
  try {
    const result =
      request.type === 'demo'
        ? await demo(request.id, request.settings)
        : await classifyFiles(request.id, request.files, request.settings);
    post({
      type: 'result',
      id: request.id,
      result: { ...result, seconds: (performance.now() - started) / 1000 },
    });
  } catch (error) {
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
