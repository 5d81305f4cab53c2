/**
 * The browser entry of `@sadp/resnet` (`@sadp/resnet/browser`, and what the `browser` condition resolves
 * `@sadp/resnet` to): building ResNets, loading saved ones from a URL or tfjs `IOHandler`, inference and the
 * input scalings, on the wasm or cpu backend. No `node:` module is reachable from here; training, data sources
 * and saving to disk are in the Node entry.
 *
 * @packageDocumentation
 */
export type { BlockSpec, ParameterCount, ResNetDepth, ResNetOptions, ResNetSpec } from './architecture.js';
export { countParameters, resnetSpec, scaledChannels } from './architecture.js';
export { seededRandom } from './augment.js';
export type { BackendInfo } from './backend.js';
export { FusedBatchNormalization, fusedBatchNormalization } from './batch-norm.js';
export { type BrowserBackendOptions, selectBrowserBackend, type WasmBinaryName } from './browser-backend.js';
export type { ResNetErrorCode, ResNetErrorOptions } from './errors.js';
export { isResNetError, ResNetError } from './errors.js';
export { calibrationError, predict, predictLogits, softmaxRows } from './evaluate.js';
export { type LoadOptions, loadResNetFrom, type ResNetMetadata } from './load.js';
export { buildResNet, createResNet } from './model.js';
export { type InputMask, type InputNormalization, maskInput, normalizeInput } from './normalize.js';
