import data from './cubic-registry.json';
import type { LabelRegistry } from './registry-types';

/**
 * The cubic label registry: labels of 5 space groups (7 effective groups, 227 in three absence variants) ×
 * the 16 `CUBIC_ZONES`, computed from the representative structures with `labelOf` by
 * `scripts/generate-registry.ts`. Label order is the classifier's class index; see docs/labels.md for the
 * numbering rules.
 */
export const cubicRegistry: LabelRegistry = data as unknown as LabelRegistry;
