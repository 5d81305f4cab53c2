export { isSystematicallyAbsent } from './absences';
export {
  type CifBlock,
  type CifDocument,
  type CifItem,
  type CifList,
  type CifLoop,
  type CifTable,
  type CifValue,
  findItem,
  findString,
  ValueKind,
} from './document';
export { atomicNumber, ELEMENT_SYMBOLS, type ParsedElement, parseElement } from './elements';
export { CifError, type CifErrorCode, type CifLocation, type CifWarning, isCifError } from './errors';
export {
  type ClosePairs,
  type ContactReport,
  checkContacts,
  closeAtomPairs,
  expandSites,
  hillFormula,
  metricTensor,
} from './expand';
export { operatorsFromHall } from './hall';
export { type CifLimits, limits } from './limits';
export { type NumberWithSu, parseCifNumber } from './number';
export { formatTriplet, parseTripletInto } from './operators';
export { type ParseCifOptions, parseCif, unfoldTextField } from './parse';
export { type ReadStructuresOptions, readStructures } from './read-structures';
export {
  allSpaceGroupSettings,
  findByOperators,
  findHall,
  findSettings,
  identifyOperators,
  type OperatorMatch,
  type SpaceGroupInfo,
  settingsOf,
  spaceGroup,
} from './space-group';
export type {
  AtomSite,
  Cell,
  CellAtoms,
  DeclaredSpaceGroup,
  Provenance,
  SpaceGroupRef,
  Structure,
} from './structure';
