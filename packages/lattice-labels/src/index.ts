export {
  canonicalCubicZone,
  formatZoneAxis,
  gcd,
  parseZoneAxis,
  reduceZoneAxis,
} from '@sadp/diffraction-sim';
export { cubicRegistry } from './cubic-registry';
export {
  type DoubleDiffractionLookAlike,
  doubleDiffractionLookAlikes,
  litZoneLooks,
} from './double-diffraction-look-alikes';
export { isLatticeLabelError, LatticeLabelError, type LatticeLabelErrorCode } from './errors';
export { type FindSpotsOptions, type FoundSpots, findSpots, type SpotImage } from './find-spots';
export {
  labelFromSpots,
  reachableAbsences,
  type SpotCandidate,
  type SpotInput,
  type SpotLabelOptions,
  type SpotLabelResult,
} from './label-from-spots';
export { type LabelLikelihoodOptions, labelLikelihood } from './label-likelihood';
export { type LabelOfOptions, labelOf } from './label-of';
export {
  composeTransforms,
  EXACT_TOLERANCE,
  generatedLattice,
  type LatticeShape,
  type LatticeTolerance,
  lagrangeReduce,
  latticeShape,
  SPOT_TOLERANCE,
  transformGram,
} from './lattice-2d';
export {
  friedelCentre,
  type ImageLattice,
  type LatticeOfImageOptions,
  latticeOfImage,
} from './lattice-of-image';
export {
  type IntensityFunction,
  type LabelShape,
  labelOfPlane,
  type PatternLabel,
  type PlaneLabelOptions,
  shapeKeyOf,
} from './pattern-label';
export { type ProbedLattice, type ProbedNodes, type ProbeNodesOptions, probeNodes } from './probe-nodes';
export {
  type GroupLabelCount,
  labelByKey,
  labelByName,
  labelsOfGroup,
  labelsOfPair,
  membersOf,
} from './registry';
export type {
  LabelEntry,
  LabelEntryShape,
  LabelMember,
  LabelRegistry,
  LatticeType,
  RegistryVariant,
  ZoneAxis,
} from './registry-types';
export { CUBIC_VARIANTS, representativeStructure } from './representatives';
export { type SaturatedBeamOptions, saturatedBeam } from './saturated-beam';
export { absenceSignature, fnv1a, parseSignature, SIGNATURE_WINDOW, windowPoints } from './signature';
export {
  REFLECTION_CLASSES,
  type ReflectionClass,
  type VariantStructure,
  type WeakLookAlike,
  weakLookAlikes,
} from './weak-look-alikes';
export { metricDot, primitiveZone, reciprocalMetric, zonePlaneBasis } from './zone-plane';
export { CUBIC_ZONES, zoneName } from './zones';
