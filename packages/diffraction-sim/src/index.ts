export { DiffractionSimError, type DiffractionSimErrorCode, isDiffractionSimError } from './errors';
export { directBasis, reciprocalBasis } from './lattice';
export { inPlaneAndTilt, zoneFrame, zoneOrientation } from './orientation';
export {
  effectiveTable,
  electronScatteringFactor,
  elementSymbol,
  SCATTERING_TABLE_COVERAGE,
  SCATTERING_TABLES,
  type ScatteringTable,
} from './scattering-factor';
export {
  type BackgroundSettings,
  type NoiseSettings,
  type ResolvedSettings,
  resolveSettings,
  type ShapeFunction,
  type SimulationSettings,
} from './settings';
export { reduceZone, type SpotList, shapeFactor, spotList } from './spot-list';
export {
  DEFAULT_B,
  type StructureFactorOptions,
  type StructureFactors,
  structureFactors,
} from './structure-factor';
export { electronWavelength } from './wavelength';
