export type { BlockSpec, ParameterCount, ResNetDepth, ResNetOptions, ResNetSpec } from './architecture.js';
export { countParameters, resnetSpec, scaledChannels } from './architecture.js';
export type { AugmentOptions, TrainingAugmentOptions } from './augment.js';
export { augmentImage, augmentTrainingImage, resizeImage, seededRandom, warpAffine } from './augment.js';
export type {
  BackendFactory,
  BackendFactoryOptions,
  BackendInfo,
  BackendName,
  SelectBackendOptions,
} from './backend.js';
export { registerBackend, registeredBackends, resolveBackendOptions, selectBackend } from './backend.js';
export { batchNormTraining, FusedBatchNormalization, fusedBatchNormalization } from './batch-norm.js';
export type { ArrayDataSourceOptions, Batch, BatchOptions, DataSource, ImageFolderOptions } from './data.js';
export { arrayDataSource, imageFolderDataSource } from './data.js';
export type { ResNetErrorCode, ResNetErrorOptions } from './errors.js';
export { isResNetError, ResNetError } from './errors.js';
export type { ClassAccuracy, EvaluateOptions, Evaluation } from './evaluate.js';
export {
  calibrationError,
  evaluate,
  fitTemperature,
  predict,
  predictLogits,
  softmaxRows,
} from './evaluate.js';
export { foldBatchNorm } from './fold.js';
export type { ResNetMetadata } from './io.js';
export { fileSystemHandler, loadResNet, saveResNet } from './io.js';
export { registerWasmTrainingKernels, wasmTrainingKernels } from './kernels/register.js';
export { type LoadOptions, loadResNetFrom } from './load.js';
export { buildResNet, createResNet } from './model.js';
export { type InputMask, type InputNormalization, maskInput, normalizeInput } from './normalize.js';
export type { TrainPreset } from './presets.js';
export { presets } from './presets.js';
export type { LrSchedule } from './schedule.js';
export { learningRateAt } from './schedule.js';
export type { EpochMetrics, TrainOptions, TrainProgress, TrainResult } from './train.js';
export { formatProgress, formatTrainProgress, train } from './train.js';
