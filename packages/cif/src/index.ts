export type { AtomSite, Cell, CellAtoms, Provenance, SpaceGroupRef, Structure } from './structure';
