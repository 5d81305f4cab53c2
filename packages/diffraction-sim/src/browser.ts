/**
 * The browser entry of `@sadp/diffraction-sim` (`@sadp/diffraction-sim/browser`, and what the `browser`
 * condition resolves the package to): simulation, rendering and the crystallography, without the worker-thread
 * batch pool (`node:worker_threads`) and the PNG encoder (pngjs, which needs Node's Buffer and zlib).
 *
 * @packageDocumentation
 */
export { applyArtefacts } from './artefacts';
export { DiffractionSimError, type DiffractionSimErrorCode, isDiffractionSimError } from './errors';
export { directBasis, reciprocalBasis } from './lattice';
export { limits, type WorkLimits } from './limits';
export { inPlaneAndTilt, zoneFrame, zoneOrientation } from './orientation';
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
export {
  canonicalCubicZone,
  formatZoneAxis,
  gcd,
  parseZoneAxis,
  reduceZoneAxis,
  type ZoneAxis,
} from './zone-axis';
