export {
  type AugmentOptions,
  type AugmentParams,
  type AugmentResult,
  augmentedSize,
  augmentImage,
  createAugmenter,
  cropImage,
  drawAugmentParams,
  IDENTITY_AUGMENT,
  rotateImage,
  scaleImage,
  transformImage,
} from './augment';
export { cellCalibration, createDefaultRenderer, defaultPlanHooks, registryLabel } from './bindings';
export { DatasetError, type DatasetErrorCode } from './errors';
export {
  type DatasetProgress,
  formatDatasetProgress,
  formatProgress,
  type GenerateHooks,
  generateDataset,
} from './generate';
export {
  type ConventionVariation,
  type ImagingSettings,
  type ImagingVariation,
  imagingSettings,
  type Range,
  resolveImagingVariation,
} from './imaging';
export { type ManifestRecord, readManifest } from './manifest';
export {
  type DatasetOptions,
  MAX_SYNTHETIC_PER_GROUP,
  parseShard,
  type ResolvedDatasetOptions,
  resolveOptions,
  type Shard,
  type SimulationPassThrough,
  type SyntheticOptions,
} from './options';
export {
  type DatasetJob,
  type DatasetPlan,
  type DatasetWarning,
  findCifFiles,
  jobId,
  type PlanHooks,
  type PlannedCrystal,
  planDataset,
  reducedFormula,
  type Split,
} from './plan';
export { createRng, hashSeed, type Rng } from './random';
export {
  type CrystalInfo,
  composeRenderer,
  type PatternRenderer,
  type RenderedImage,
  type RenderRequest,
  type SimulatedImage,
} from './render';
export { type DatasetSummary, renderSummaryMarkdown, type SpaceGroupCounts } from './summary';
export { orbit, type RandomStructureOptions, randomFixedPoint, randomStructure } from './synthetic';
export { DEFAULT_ZONES, type Zone, zoneFileName, zoneName } from './zones';
