export type { BlockSpec, ParameterCount, ResNetDepth, ResNetOptions, ResNetSpec } from './architecture.js';
export { countParameters, resnetSpec, scaledChannels } from './architecture.js';
export type {
  BackendFactory,
  BackendFactoryOptions,
  BackendInfo,
  BackendName,
  SelectBackendOptions,
} from './backend.js';
export { registerBackend, registeredBackends, resolveBackendOptions, selectBackend } from './backend.js';
export type { ResNetErrorCode, ResNetErrorOptions } from './errors.js';
export { isResNetError, ResNetError } from './errors.js';
export { registerWasmTrainingKernels, wasmTrainingKernels } from './kernels/register.js';
export { buildResNet, createResNet } from './model.js';
