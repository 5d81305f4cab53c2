import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsReachableFrom } from '../../../vitest.shared';
import {
  analysisEvidence,
  ClassifierError,
  decodeImage,
  isClassifierError,
  MODEL_FORMAT,
  modelMetadata,
  readModelMetadata,
} from '../src/node';

describe('analysisEvidence', () => {
  const labels = ['A', 'B'];
  const analysis = {
    probabilities: Float32Array.from([0.75, 0.25, 0.5, 0.5]),
    spacings: Float64Array.from([10, Number.NaN]),
  };

  it('keys probabilities by label and converts spacings to the unit given', () => {
    const [a, b] = analysisEvidence(labels, analysis, { spacing: { width: 100 }, zones: [[0, 0, 1]] });
    expect(a).toEqual({ probabilities: { A: 0.75, B: 0.25 }, zone: [0, 0, 1], spacing: 0.1 });
    expect(b).toEqual({ probabilities: { A: 0.5, B: 0.5 } });
    expect(
      analysisEvidence(labels, analysis, { spacing: { calibration: [0.01, 0.02] } })[0]!.spacing,
    ).toBeCloseTo(0.1);
    expect(analysisEvidence(labels, analysis, { spacing: { cellPixels: 20 } })[0]!.spacing).toBe(0.5);
    expect(analysisEvidence(labels, analysis, { spacing: 'none' })[0]!.spacing).toBeUndefined();
  });

  it('refuses a unit list shorter than the images', () => {
    expect(() => analysisEvidence(labels, analysis, { spacing: { width: [100] } })).toThrow(RangeError);
  });
});

describe('model metadata', () => {
  it('writes the current format and reads it back', () => {
    const written = modelMetadata({
      labels: ['A'],
      rendering: null,
      input: { normalize: 'spots', mask: 'disc' },
      preset: 'cpu',
      trainingLabels: { A: 12 },
    });
    expect(written.format).toBe(MODEL_FORMAT);
    expect(
      readModelMetadata({ ...written, temperature: 0.8, confidence: { tau: 1.3, ensembleTemperature: 2 } }),
    ).toEqual({
      format: MODEL_FORMAT,
      labels: ['A'],
      temperature: 0.8,
      rendering: null,
      normalize: 'spots',
      mask: 'disc',
      confidenceTau: 1.3,
      ensembleTemperature: 2,
      trainingLabels: { A: 12 },
    });
    // counts that are not counts are ignored, not trusted
    expect(readModelMetadata({ ...written, trainingLabels: { A: -1 } }).trainingLabels).toBeNull();
    expect(readModelMetadata({ ...written, trainingLabels: [3] }).trainingLabels).toBeNull();
  });

  it('reads models saved before the format was recorded, refuses newer ones', () => {
    expect(readModelMetadata({})).toEqual({
      format: 0,
      labels: [],
      temperature: 1,
      rendering: null,
      normalize: null,
      mask: 'none',
      confidenceTau: 1,
      ensembleTemperature: 1,
      trainingLabels: null,
    });
    let error: unknown;
    try {
      readModelMetadata({ format: MODEL_FORMAT + 1 }, 'runs/x/model');
    } catch (e) {
      error = e;
    }
    expect(isClassifierError(error, 'E_CLASSIFIER_MODEL')).toBe(true);
    expect((error as ClassifierError).file).toBe('runs/x/model');
  });
});

describe('decodeImage', () => {
  it('names the source in errors', () => {
    expect(() => decodeImage(new Uint8Array([1, 2, 3, 4, 5]), 'x.bmp')).toThrow(
      /x\.bmp: unsupported image format/,
    );
    expect(isClassifierError(new ClassifierError('m', 'E_CLASSIFIER_IMAGE'), 'E_CLASSIFIER_INPUT')).toBe(
      false,
    );
  });
});

describe('browser-safe core', () => {
  it('imports no node: module outside node.ts', () => {
    const src = join(import.meta.dirname, '..', 'src');
    for (const file of readdirSync(src).filter((f) => f !== 'node.ts')) {
      expect(readFileSync(join(src, file), 'utf8'), file).not.toMatch(/from ['"]node:/);
    }
  });

  it('reaches only browser-safe packages (no pngjs: images are decoded by the Node entry)', () => {
    expect(importsReachableFrom(join(import.meta.dirname, '..', 'src', 'index.ts'))).toEqual({
      builtins: [],
      packages: [
        '@sadp/ensemble',
        '@sadp/errors',
        '@sadp/lattice-labels',
        '@sadp/raster',
        '@sadp/resnet/browser',
      ],
    });
  });
});
