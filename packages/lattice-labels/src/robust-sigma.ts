/**
 * Robust noise scale.
 *
 * @packageDocumentation
 */
import { selectNth } from '@sadp/raster';

/**
 * σ of Gaussian noise from absolute deviations (|x − centre| of each sample): 1.4826 × their median, which spots,
 * counts and other outliers among the samples barely move. Reorders `absolute`, which must not be empty.
 */
export function robustSigma(absolute: Float32Array): number {
  return 1.4826 * selectNth(absolute, absolute.length >> 1);
}
