export { applyArtefacts } from './artefacts';
export {
  type BatchJob,
  type PoolOptions,
  type RunOptions,
  SimulationPool,
  simulateBatch,
  type WorkerMemory,
} from './batch';
export type { BatchOutput, BatchResult } from './batch-protocol';
export { DiffractionSimError, type DiffractionSimErrorCode, isDiffractionSimError } from './errors';
export { directBasis, reciprocalBasis } from './lattice';
export { limits, type WorkLimits } from './limits';
export { inPlaneAndTilt, zoneFrame, zoneOrientation } from './orientation';
export { type EncodableImage, type EncodePngOptions, encodePng, patternMetadata } from './png';
export { renderSpots, SPOT_RADIUS_SIGMAS } from './render';
export {
  effectiveTable,
  electronScatteringFactor,
  elementSymbol,
  SCATTERING_TABLE_COVERAGE,
  SCATTERING_TABLES,
  type ScatteringTable,
} from './scattering-factor';
export {
  type ArtefactSettings,
  type BackgroundSettings,
  type NoiseSettings,
  type ResolvedSettings,
  resolveSettings,
  type ShapeFunction,
  type SimulationSettings,
  type SpotProfile,
} from './settings';
export { type Pattern, type SimulateOptions, simulate } from './simulate';
export { reduceZone, type SpotList, shapeFactor, spotList } from './spot-list';
export {
  DEFAULT_B,
  type StructureFactorOptions,
  type StructureFactors,
  structureFactors,
} from './structure-factor';
export { electronWavelength } from './wavelength';
