export {
  argmax,
  type ClassifierModel,
  type ClassifyOptions,
  type CreateClassifierOptions,
  cellPixelsOf,
  createClassifier,
  labelProbabilities,
  matchingSimulation,
  type PatternAnalysis,
  type PatternClassifier,
} from './classifier';
export {
  ClassifierError,
  type ClassifierErrorCode,
  type ClassifierErrorOptions,
  isClassifierError,
} from './errors';
export {
  analysisEvidence,
  type EvidenceOptions,
  type PerImage,
  type SpacingUnit,
  usableEvidence,
} from './evidence';
export {
  type DecodeOptions,
  decodeImage,
  type GreyImage,
  type ImageSize,
  type ImageWarning,
  imageSize,
  MAX_PIXELS,
} from './image';
export {
  checkImage,
  checkImages,
  FRIEDEL_RATIO,
  type ImageCheck,
  type ImageCheckCode,
  NOISE_RATIO,
  noiseStatistics,
  spotStatistic,
} from './image-checks';
export {
  MODEL_FORMAT,
  type ModelInfo,
  type ModelRecord,
  modelMetadata,
  type RenderingInfo,
  readModelMetadata,
} from './model-format';
export { toModelInput } from './model-input';
