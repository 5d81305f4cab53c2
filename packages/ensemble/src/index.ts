export { ensemble } from './ensemble';
export { EnsembleError, type EnsembleErrorCode, type EnsembleErrorOptions, isEnsembleError } from './errors';
export { PAPER_LOOK_ALIKE_FAMILIES } from './families';
export { describeHiddenLookAlikes } from './hidden-look-alikes';
export { type NextZoneOptions, rankZones, suggestNextZone } from './next-zone';
export { compileRegistry, labelGivenGroup, labelLikelihood, type RegistryModel } from './registry-model';
export type { SpacingTable } from './spacing';
export type {
  EnsembleMode,
  EnsembleOptions,
  GroupProbability,
  HiddenLookAlike,
  LabelEvidence,
  LabelProbabilities,
  PatternContext,
  PatternEvidence,
  PatternReport,
  Prediction,
  ProbabilityEvidence,
  ZoneScore,
} from './types';
export { findZone, reduceZone, type ZoneEquivalence, zoneEquivalence } from './zone-match';
