export type { LabelEntry, LabelMember, LabelRegistry, LatticeType, ZoneAxis } from './registry-types';
