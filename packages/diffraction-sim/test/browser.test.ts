import { describe, expect, it } from 'vitest';
import { importsReachableFrom } from '../../../vitest.shared';
import * as browser from '../src/browser';
import * as node from '../src/index';

describe('@sadp/diffraction-sim/browser', () => {
  it('reaches no Node built-in module', () => {
    expect(importsReachableFrom(new URL('../src/browser.ts', import.meta.url).pathname)).toEqual({
      builtins: [],
      packages: ['@sadp/errors', '@sadp/raster', 'gl-matrix'],
    });
  });

  it('is the Node entry without the worker pool and the PNG encoder', () => {
    const left = Object.keys(node).filter((name) => !(name in browser));
    expect(left.sort()).toEqual(['SimulationPool', 'encodePng', 'patternMetadata', 'simulateBatch']);
  });
});
