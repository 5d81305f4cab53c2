import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { importsReachableFrom } from '../../../vitest.shared';
import { loadResNetFrom, predict, selectBrowserBackend } from '../src/browser.js';
import { createResNet } from '../src/model.js';

describe('@sadp/resnet/browser', () => {
  it('reaches no Node built-in module', () => {
    expect(importsReachableFrom(new URL('../src/browser.ts', import.meta.url).pathname)).toEqual({
      builtins: [],
      packages: [
        '@sadp/errors',
        '@sadp/raster',
        '@tensorflow/tfjs-backend-cpu',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-layers',
      ],
    });
  });

  it('loads a saved model with its metadata from a tfjs IOHandler and predicts the same', async () => {
    const backend = await selectBrowserBackend({ backend: 'cpu' });
    expect(backend).toMatchObject({ name: 'cpu', tfBackend: 'cpu', skipped: [] });
    const model = createResNet({
      depth: 18,
      inputSize: 32,
      inputChannels: 1,
      widthMultiplier: 0.25,
      numClasses: 3,
      seed: 1,
    });
    model.setUserDefinedMetadata({ sadp: { labels: ['a', 'b', 'c'], temperature: 1.5 } });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await loadResNetFrom(tf.io.fromMemory(saved!));
    expect(loaded.metadata).toEqual({ labels: ['a', 'b', 'c'], temperature: 1.5 });
    const images = Float32Array.from({ length: 2 * 32 * 32 }, (_, i) => Math.sin(i) ** 2);
    const a = predict(model, images);
    const b = predict(loaded.model, images);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    model.dispose();
    loaded.model.dispose();
  });

  it('names the URL it cannot load a model from', async () => {
    await selectBrowserBackend({ backend: 'cpu' });
    await expect(loadResNetFrom('http://127.0.0.1:9/no/model.json')).rejects.toMatchObject({
      code: 'E_RESNET_IO',
      message: expect.stringContaining('http://127.0.0.1:9/no/model.json'),
    });
  });
});
