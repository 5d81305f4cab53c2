/**
 * The image route to a label: spots found in a pattern image, then the 2D lattice fitted to them.
 *
 * @packageDocumentation
 */
import { type FindSpotsOptions, type FoundSpots, findSpots, type SpotImage } from './find-spots';
import { convexHull, insideHull } from './hull';
import {
  labelFromSpots,
  nearestNeighbourScale,
  type SpotLabelOptions,
  type SpotLabelResult,
} from './label-from-spots';
import { probeNodes } from './probe-nodes';
import { saturatedBeam } from './saturated-beam';

/** A lattice fitted to an image's spots: the fit and the spots it was fitted to. */
export interface ImageLattice extends SpotLabelResult {
  /** The spots found in the image (pixels) that the lattice was fitted to, brightest first. */
  spots: FoundSpots;
  /**
   * Relative uncertainty of `ratio` that the spot positions add: 0 when every spot lies inside the image; with
   * spots extrapolated across its edge (the `edges` retry, whose positions can be off by about the spots' σ),
   * that σ over the longer basis vector. `labelLikelihood` widens its ratio tolerance by it.
   */
  ratioUncertainty: number;
}

/** Options of {@link latticeOfImage}. */
export interface LatticeOfImageOptions {
  /**
   * Spot finding; `smoothing` defaults to 1/128 of the image width (at least 1 px), or to the spots' own σ when
   * they are smaller (large camera images with small spots: smoothing wider than the spots merges them near the
   * beam).
   */
  spots?: FindSpotsOptions;
  /** Lattice fit and registry match (without `center`, which is found here). */
  fit?: Omit<SpotLabelOptions, 'center'>;
  /**
   * Once a lattice fits, test its other nodes in the image for faint spots ({@link probeNodes}) and fit again with
   * those added, about the same beam; the second fit is kept when it has the first one's lattice type and shape.
   * Weak reflections decide the absence sub-group (`B16-0` against `B16-3`). Default `true`.
   */
  probe?: boolean;
  /**
   * When no lattice fits, look again for spots, about the same beam: first with the spots cut by the image edge
   * too (see {@link FindSpotsOptions.edges}), then also weaker ones (`snr` × 0.8, then `snr` × 0.7 and
   * `minFraction` × 0.5); the first pass that fits gives the lattice. Default `true`.
   */
  retry?: boolean;
}

/**
 * Fits the 2D lattice of a pattern image: {@link findSpots}, then {@link labelFromSpots} centred on the direct
 * beam (the centre of Friedel symmetry of the spots, see {@link friedelCentre}) and, when that fails, with the
 * centre estimated by `labelFromSpots`. When neither fits, retries with more spots (see
 * {@link LatticeOfImageOptions.retry}): long cells often show one row of spots in the field and the next row
 * only cut by the image edge, or too faint for the first thresholds.
 * Returns the fit with the spots it was fitted to, or `null` when no lattice fits (too few spots, only one row visible, noise).
 *
 * @example
 * const fit = latticeOfImage({ width: 256, height: 256, data: pattern.image });
 * fit?.label; // e.g. "B14-0"
 */
export function latticeOfImage(image: SpotImage, options: LatticeOfImageOptions = {}): ImageLattice | null {
  const smoothing = Math.max(1, image.width / 128);
  let first: FindSpotsOptions = { smoothing, ...options.spots };
  let spots = findSpots(image, first);
  // Seen σ² = the spots' σ² + the smoothing's σ²: smoothing wider than the spots themselves costs spots.
  const own = Math.sqrt(Math.max(0, spots.spotSigma ** 2 - smoothing ** 2));
  if (options.spots?.smoothing === undefined && own < smoothing / 1.5) {
    first = { ...first, smoothing: Math.max(1, own) };
    spots = findSpots(image, first);
  }
  if (spots.x.length < 3) return null;
  const friedel = friedelCentre(spots);
  const beam = saturatedBeam(image, spots);
  const centre = beam ?? friedel;
  const centres: ([number, number] | undefined)[] = beam ? [beam, friedel, undefined] : [friedel, undefined];
  for (const center of centres) {
    try {
      const fit = labelFromSpots(spots, { ...options.fit, ...(center ? { center } : {}) });
      return withFaintSpots(fit, spots, image, options);
    } catch {
      // The next centre, or no lattice.
    }
  }
  // Further passes: spots cut by the image edge (a row just outside the field), then weaker ones, about the same
  // beam; the first that fits.
  if (options.retry !== false) {
    const snr = first.snr ?? 5;
    const minFraction = first.minFraction ?? 0.01;
    let previous = spots.x.length;
    for (const pass of RETRY_PASSES) {
      const more = findSpots(image, {
        ...first,
        snr: snr * pass.snr,
        minFraction: minFraction * pass.minFraction,
        edges: true,
      });
      if (more.x.length <= previous) continue;
      previous = more.x.length;
      try {
        const fit = labelFromSpots(more, { ...options.fit, center: centre });
        return withFaintSpots(fit, more, image, options);
      } catch {
        // The next pass.
      }
    }
  }
  return null;
}

/**
 * The fit again with the faint spots at its nodes added (see {@link LatticeOfImageOptions.probe}), or as it is
 * when there are none or the second fit changes the lattice; with its spots and uncertainty.
 */
function withFaintSpots(
  fit: SpotLabelResult,
  spots: FoundSpots,
  image: SpotImage,
  options: LatticeOfImageOptions,
): ImageLattice {
  if (options.probe === false) return withUncertainty(fit, spots, image);
  const faint = probeNodes(image, fit, spots);
  // Only within the field of the spots found: nodes beyond it are not looked at, so a faint spot there would widen
  // the field in which unseen nodes count against a label to places only the faintest probe reaches.
  const hull = convexHull([...spots.x, fit.center[0]], [...spots.y, fit.center[1]]);
  const margin =
    0.1 * Math.min(Math.hypot(fit.basis[0], fit.basis[1]), Math.hypot(fit.basis[2], fit.basis[3]));
  const inside = [...faint.x.keys()].filter((i) => insideHull(hull, faint.x[i]!, faint.y[i]!, margin));
  if (inside.length === 0) return withUncertainty(fit, spots, image);
  const all: FoundSpots = {
    ...spots,
    x: Float64Array.of(...spots.x, ...inside.map((i) => faint.x[i]!)),
    y: Float64Array.of(...spots.y, ...inside.map((i) => faint.y[i]!)),
    intensity: Float64Array.of(...spots.intensity, ...inside.map((i) => faint.rise[i]!)),
  };
  try {
    const again = labelFromSpots(all, { ...options.fit, center: fit.center });
    const sameShape =
      again.lattice === fit.lattice &&
      Math.abs(Math.log(again.ratio / fit.ratio)) < 0.01 &&
      Math.abs(again.angleBOA - fit.angleBOA) < 0.5;
    if (sameShape) return withUncertainty(again, all, image);
  } catch {
    // Keep the first fit.
  }
  return withUncertainty(fit, spots, image);
}

/** A fit with its spots and {@link ImageLattice.ratioUncertainty}. */
function withUncertainty(fit: SpotLabelResult, spots: FoundSpots, image: SpotImage): ImageLattice {
  const outside = spots.x.some(
    (x, i) => x < 0 || spots.y[i]! < 0 || x > image.width - 1 || spots.y[i]! > image.height - 1,
  );
  const [ax, ay, bx, by] = fit.basis;
  const sigma = Number.isFinite(spots.spotSigma) ? spots.spotSigma : 1;
  const ratioUncertainty = outside ? sigma / Math.max(Math.hypot(ax, ay), Math.hypot(bx, by)) : 0;
  return { ...fit, spots, ratioUncertainty };
}

/** Thresholds of the passes after the first, relative to the first pass' (see `LatticeOfImageOptions.retry`). */
const RETRY_PASSES = [
  { snr: 1, minFraction: 1 },
  { snr: 0.8, minFraction: 1 },
  { snr: 0.7, minFraction: 0.5 },
] as const;

/**
 * Position of the direct beam: the centre c about which the spots are most nearly centrosymmetric (kinematic
 * patterns obey Friedel's law, I(g) = I(−g)), scored by the matched fraction Σₚ min(Iₚ, I(2c − p)) / (Σₚ Iₚ + Ī)
 * with I = 0 where no spot lies, over the spots p whose mirror 2c − p lies in the field of the spots (so that a
 * beam near the edge of the image competes fairly with nodes nearer the middle), Ī the mean height of the spots.
 * Candidates are the `candidates` highest spots (the beam when the pattern shows it) and the midpoints of their
 * pairs (the beam's position when it is blocked or not drawn). Any node is a centre of the node lattice; only the
 * beam also pairs equal intensities. The beam need not be the highest spot: patterns normalised to their
 * brightest spot draw it no higher than the strongest reflections.
 */
export function friedelCentre(spots: FoundSpots, candidates = 10): [number, number] {
  const { x, y, intensity } = spots;
  const n = x.length;
  // With fewer than two spots there is nothing to pair: the spot itself, if any.
  if (n < 2) return [x[0] ?? Number.NaN, y[0] ?? Number.NaN];
  // Match tolerance: a fifth of the median nearest-neighbour distance.
  const tolerance = 0.2 * nearestNeighbourScale(x, y);
  // Spots in a grid of `tolerance`-sized cells, to find a spot near a point in constant time.
  const key = (gx: number, gy: number) => gx * 1_000_003 + gy;
  const grid = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor(x[i]! / tolerance), Math.floor(y[i]! / tolerance));
    const cell = grid.get(k);
    if (cell) cell.push(i);
    else grid.set(k, [i]);
  }
  /** Height of the spot nearest (px, py) within the tolerance, or 0. */
  const heightNear = (px: number, py: number) => {
    const gx = Math.floor(px / tolerance);
    const gy = Math.floor(py / tolerance);
    let height = 0;
    let distance = tolerance;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of grid.get(key(gx + dx, gy + dy)) ?? []) {
          const d = Math.hypot(x[j]! - px, y[j]! - py);
          if (d <= distance) {
            distance = d;
            height = intensity[j]!;
          }
        }
    return height;
  };
  const k = Math.min(candidates, n);
  const cx: number[] = [];
  const cy: number[] = [];
  for (let i = 0; i < k; i++) {
    cx.push(x[i]!);
    cy.push(y[i]!);
    for (let j = 0; j < i; j++) {
      cx.push((x[i]! + x[j]!) / 2);
      cy.push((y[i]! + y[j]!) / 2);
    }
  }
  // The field the spots were found in (their bounding box): a spot whose mirror image falls outside it says
  // nothing about a centre, so a beam near the edge of a cropped pattern is not outscored by a node nearer the
  // middle, whose mirror images happen to stay in the field.
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[i]!);
    x1 = Math.max(x1, x[i]!);
    y0 = Math.min(y0, y[i]!);
    y1 = Math.max(y1, y[i]!);
  }
  const inField = (px: number, py: number) =>
    px >= x0 - tolerance && px <= x1 + tolerance && py >= y0 - tolerance && py <= y1 + tolerance;
  // Score: the matched fraction Σ min(Iₚ, I(2c − p)) / (Σ Iₚ + Ī) over the spots whose mirror lies in the field,
  // among candidates for which at least 35 % as many spots have one as for the best-placed candidate (a spot
  // near the edge pairs few spots, all by chance); within 0.01 the larger matched sum wins. The mean spot height
  // Ī in the denominator counts one unpaired spot against every candidate: a centre that pairs few spots must
  // pair them better than one that pairs many (a point half-way between the beam and a node pairs the few spots
  // whose mirrors stay in the field, and jitter in the reflections' heights would let it beat the beam).
  let mean = 0;
  for (let i = 0; i < n; i++) mean += intensity[i]! / n;
  const matched = new Float64Array(cx.length);
  const possible = new Float64Array(cx.length);
  const count = new Int32Array(cx.length);
  for (let c = 0; c < cx.length; c++) {
    for (let i = 0; i < n; i++) {
      const mx = 2 * cx[c]! - x[i]!;
      const my = 2 * cy[c]! - y[i]!;
      if (!inField(mx, my)) continue;
      matched[c]! += Math.min(intensity[i]!, heightNear(mx, my));
      possible[c]! += intensity[i]!;
      count[c]!++;
    }
  }
  let most = 0;
  for (let c = 0; c < cx.length; c++) most = Math.max(most, count[c]!);
  const enough = Math.max(Math.min(3, most), 0.35 * most);
  let best = 0;
  let bestScore = -1;
  for (let c = 0; c < cx.length; c++) {
    if (count[c]! < enough || !(possible[c]! > 0)) continue;
    const score = matched[c]! / (possible[c]! + mean);
    if (score > bestScore + 0.01 || (score > bestScore - 0.01 && matched[c]! > matched[best]!)) {
      best = c;
      bestScore = Math.max(score, bestScore);
    }
  }
  return [cx[best]!, cy[best]!];
}
