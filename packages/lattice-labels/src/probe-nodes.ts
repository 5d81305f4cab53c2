/**
 * Faint spots at the nodes of a fitted lattice: once the lattice is known, whether a node carries a spot is a
 * test at a known position, far more sensitive than finding peaks blindly. Weak reflections (light atoms,
 * superlattice spots) decide a pattern's absence sub-group; a blind spot finder's thresholds lose them first.
 *
 * @packageDocumentation
 */
import { selectNth } from '@sadp/raster';
import type { FoundSpots, SpotImage } from './find-spots';
import { robustSigma } from './robust-sigma';

/** Options of {@link probeNodes}. */
export interface ProbeNodesOptions {
  /**
   * A node carries a spot when the mean of its core (radius σ/2, at least 1 px) rises above each of eight such
   * patches 1.5 σ around it by this many standard deviations of that difference (the pixel noise measured as the
   * MAD of the ring 2.5 σ to 2.5 σ + 2 px around the node). Default 5 (Rose's criterion).
   */
  snr?: number;
  /**
   * …and by at least this fraction of the image's highest value: in noise-free images, the least rise that is more
   * than the rounding of the display (half a grey level of 8 bits). Default 0.002.
   */
  minFraction?: number;
}

/** Spots found at lattice nodes: positions (pixels), the core's rise above its highest side patch, and that rise in σ. */
export interface ProbedNodes {
  x: Float64Array;
  y: Float64Array;
  rise: Float64Array;
  snr: Float64Array;
}

/** The lattice to probe: its centre and basis in the image frame (pixels), as `latticeOfImage` fits them. */
export interface ProbedLattice {
  center: readonly [number, number];
  basis: readonly [number, number, number, number];
}

/**
 * The nodes of `lattice` inside the image (at least 2.5 σ + 2 px from its edges) that carry a spot which
 * `spots` does not list (none of its spots within a quarter of the shorter basis vector): those whose core rises
 * above every side out of the noise (see {@link ProbeNodesOptions}): a peak, not the saddle that the tails of two
 * large neighbouring spots make between them. The centre node (the direct beam) is not probed.
 * σ is the spots' σ as the spot finder saw them (`spots.spotSigma`, after its smoothing), at least 1 px. Non-finite
 * pixels read as 0.
 *
 * @example
 * const fit = latticeOfImage(image);
 * const faint = fit ? probeNodes(image, fit, fit.spots) : null; // spots the spot finder's thresholds left out
 */
export function probeNodes(
  image: SpotImage,
  lattice: ProbedLattice,
  spots: Pick<FoundSpots, 'x' | 'y' | 'spotSigma'>,
  options: ProbeNodesOptions = {},
): ProbedNodes {
  const { width: w, height: h, data } = image;
  const snr = options.snr ?? 5;
  const minFraction = options.minFraction ?? 0.002;
  const sigma = Math.max(1, Number.isFinite(spots.spotSigma) ? spots.spotSigma : 1);
  const [cx, cy] = lattice.center;
  const [ax, ay, bx, by] = lattice.basis;
  const shorter = Math.min(Math.hypot(ax, ay), Math.hypot(bx, by));
  const inner = 2.5 * sigma;
  const outer = inner + 2;
  const reach = Math.ceil(outer);
  let max = 0;
  for (let p = 0; p < w * h; p++) {
    const v = data[p]!;
    if (Number.isFinite(v) && v > max) max = v;
  }
  const found: { x: number; y: number; rise: number; snr: number }[] = [];
  if (!(max > 0) || !(shorter > 2 * sigma)) return pack(found);
  // Every node within the image: |m a + n b| bounded by the image diagonal over the basis' least extent.
  const det = Math.abs(ax * by - ay * bx);
  const diagonal = Math.hypot(w, h);
  const range = Math.ceil((diagonal * Math.max(Math.hypot(ax, ay), Math.hypot(bx, by))) / det) + 1;
  const ring: number[] = [];
  const listed = (x: number, y: number) => {
    for (let i = 0; i < spots.x.length; i++)
      if (Math.hypot(spots.x[i]! - x, spots.y[i]! - y) < 0.25 * shorter) return true;
    return false;
  };
  const value = (p: number) => {
    const v = data[p]!;
    return Number.isFinite(v) ? v : 0;
  };
  const radius = Math.max(1, sigma / 2);
  const step = 1.5 * sigma;
  /** Mean of the pixels within `radius` of (x, y) (inside the image, which the margin below ensures). */
  const patch = (x: number, y: number) => {
    let sum = 0;
    let count = 0;
    for (let py = Math.ceil(y - radius); py <= y + radius; py++)
      for (let px = Math.ceil(x - radius); px <= x + radius; px++)
        if ((px - x) ** 2 + (py - y) ** 2 <= radius * radius) {
          sum += value(py * w + px);
          count++;
        }
    return { mean: count > 0 ? sum / count : 0, count: Math.max(1, count) };
  };
  for (let m = -range; m <= range; m++) {
    for (let n = -range; n <= range; n++) {
      if (m === 0 && n === 0) continue;
      const x = cx + m * ax + n * bx;
      const y = cy + m * ay + n * by;
      if (x < outer || y < outer || x > w - 1 - outer || y > h - 1 - outer || listed(x, y)) continue;
      ring.length = 0;
      for (let py = Math.round(y) - reach; py <= Math.round(y) + reach; py++) {
        for (let px = Math.round(x) - reach; px <= Math.round(x) + reach; px++) {
          const r = Math.hypot(px - x, py - y);
          if (r >= inner && r <= outer) ring.push(value(py * w + px));
        }
      }
      if (ring.length < 8) continue;
      // The core against the highest of eight patches 1.5 σ around it: a spot stands above all of them, while the
      // tails of two neighbouring spots sum to a saddle at an empty node between them (higher towards them).
      const core = patch(x, y);
      let side = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < 8; k++) {
        const angle = (k * Math.PI) / 4;
        side = Math.max(side, patch(x + step * Math.cos(angle), y + step * Math.sin(angle)).mean);
      }
      const values = Float32Array.from(ring);
      const median = selectNth(values, values.length >> 1);
      for (let k = 0; k < values.length; k++) values[k] = Math.abs(values[k]! - median);
      const spread = robustSigma(values);
      const rise = core.mean - side;
      const noise = spread * Math.sqrt(2 / core.count);
      if (rise >= minFraction * max && rise >= snr * noise)
        found.push({ x, y, rise, snr: noise > 0 ? rise / noise : Number.POSITIVE_INFINITY });
    }
  }
  return pack(found);
}

function pack(found: readonly { x: number; y: number; rise: number; snr: number }[]): ProbedNodes {
  return {
    x: Float64Array.from(found, (f) => f.x),
    y: Float64Array.from(found, (f) => f.y),
    rise: Float64Array.from(found, (f) => f.rise),
    snr: Float64Array.from(found, (f) => f.snr),
  };
}
