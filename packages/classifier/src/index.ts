export {
  type CalibratedImage,
  decodeCalibratedImage,
  decodeCalibratedImageAsync,
  IMAGE_FORMATS,
  type ImageCalibration,
  PNG_CALIBRATION_KEY,
  pngTextChunks,
} from './calibrated-image';
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
export { analysisEvidence, type EvidenceOptions, type PerImage, type SpacingUnit } from './evidence';
export { decodeImage, type GreyImage } from './image';
export {
  type Hkl,
  type IndexedSpot,
  type IndexingOptions,
  indexPattern,
  type PatternIndexing,
  zoneBasis,
} from './indexing';
export {
  MODEL_FORMAT,
  type ModelInfo,
  type ModelRecord,
  modelMetadata,
  type RenderingInfo,
  readModelMetadata,
} from './model-format';
export { toModelInput } from './model-input';
export { type OverlayContent, overlayPng, overlaySvg } from './overlay';
