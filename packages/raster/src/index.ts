/**
 * `@sadp/raster`: what the sadp packages share about images and randomness. Browser-safe; starting worker
 * threads is in `@sadp/raster/node`.
 *
 * @packageDocumentation
 */
export type { GreyImage } from './grey-image';
export { GOLDEN_GAMMA, type Indexable, randomSource, SeededRandom } from './random';
export { type AffineMap, resampleAffine, rotationMap } from './resample';
export { selectNth } from './select';
