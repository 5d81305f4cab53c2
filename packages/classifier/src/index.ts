/**
 * The browser-safe core of `@sadp/classifier` (`@sadp/classifier/browser`, and what the `browser` condition
 * resolves the package to): no `node:` module, no Buffer. Image files are decoded by the Node entry
 * (`decodeImage`, `readImage`); a page decodes them itself (canvas) into a {@link GreyImage}.
 *
 * @packageDocumentation
 */
export {
  argmax,
  type ClassifierModel,
  type ClassifyOptions,
  type CreateClassifierOptions,
  cellPixelsOf,
  createClassifier,
  evenGroupPrior,
  labelProbabilities,
  labelShift,
  matchingSimulation,
  type PatternAnalysis,
  type PatternClassifier,
} from './classifier';
export { DEMO_CIF, DEMO_ROTATION, DEMO_ZONES } from './demo-crystal';
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
export type { DecodeOptions, GreyImage, ImageSize, ImageWarning } from './image';
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
