/**
 * A deliberately different renderer for the foreign evaluation set. It shares no code and no defaults with
 * `@sadp/diffraction-sim`: spot lists come from pymatgen (`spots.json`), positions from the cell written here,
 * and every convention a microscope, detector or display may differ in is drawn per pattern from its own seed:
 * display (linear, gamma, log), spot size 0.3–3× the training spots and profile (Gaussian, Lorentzian,
 * pseudo-Voigt), direct beam (absent, equal, 10–100× and clipped), beam stop, thickness envelope, intensity jitter,
 * double diffraction, beam off-centre, elliptical distortion, Poisson and read noise, background, halo, and 8- or
 * 16-bit quantisation.
 *
 * @packageDocumentation
 */

/** Image side of every foreign pattern, px. */
export const SIZE = 256;
/** Spot σ of the training images at this size and field of view (1 px at 64 px), px. */
export const TRAINING_SIGMA = 4;
/** Relativistic wavelength at 200 kV, Å. */
const LAMBDA = 0.025079;

/** One crystal of `spots.json`. */
export interface ForeignCrystal {
  id: string;
  source: string;
  kind: 'held-out' | 'textbook' | 'non-cubic';
  formula: string;
  spaceGroup: number;
  /** a, b, c (Å), α, β, γ (degrees). */
  lattice: [number, number, number, number, number, number];
  /** Zone "uvw" → [h, k, l, intensity relative to the strongest][]. */
  zones: Record<string, [number, number, number, number][]>;
}

/** What a pattern was drawn with (for the report's breakdowns). */
export interface Conventions {
  display: 'linear' | 'gamma' | 'log';
  sigmaFactor: number;
  profile: 'gaussian' | 'lorentzian' | 'voigt';
  beam: 'absent' | 'equal' | 'bright';
  beamStop: boolean;
  envelope: boolean;
  doubleDiffraction: number;
  ellipticity: number;
  offset: number;
  bits: 8 | 16;
}

/** The report's breakdown keys of a pattern's conventions ("display linear", "spots 1.5–3×", …). */
export function conventionKeys(c: Conventions): string[] {
  return [
    `display ${c.display}`,
    `profile ${c.profile}`,
    `beam ${c.beam}`,
    `spots ${c.sigmaFactor < 0.6 ? '0.3–0.6×' : c.sigmaFactor < 1.5 ? '0.6–1.5×' : '1.5–3×'}`,
    `double diffraction ${c.doubleDiffraction > 0 ? 'yes' : 'no'}`,
    `beam stop ${c.beamStop ? 'yes' : 'no'}`,
  ];
}

/** Detector conditions of a rendering. */
export interface Exposure {
  /** Expected counts at the strongest reflection's peak (Poisson), or 0 for none. */
  counts: number;
  /** Background and halo (as fractions of the strongest reflection's peak). */
  background: boolean;
  /**
   * Conventions that replace the drawn ones (the rest stay drawn from the seed, which draws them all in the same
   * order either way), e.g. the fixed displays and spot sizes of issue #19's table.
   */
  fixed?: Partial<DrawnConventions>;
}

/** Everything {@link drawConventions} draws for one pattern. */
export type DrawnConventions = Conventions & { gamma: number; logK: number; saturation: number };

/** A rendered pattern. */
export interface ForeignPattern {
  width: number;
  height: number;
  data: Float32Array;
  conventions: Conventions;
  /** Å⁻¹ per pixel. */
  calibration: number;
  /**
   * Where each drawn reflection landed (pixels) and the display level of its peak on its own (0–1, before
   * overlaps, noise and quantisation); double-diffraction spots flagged. For diagnostics: which spots a viewer
   * could see. With an exposure of `counts`: `counts` is the expected number of counts at its peak, `background`
   * those of the background and halo under it.
   */
  drawn: { x: number; y: number; level: number; double: boolean; counts?: number; background?: number }[];
  /** Spot σ (pixels). */
  sigma: number;
  /** Where the direct beam is (pixels), drawn or not. */
  centre: [number, number];
  /**
   * The same display levels without the counting noise and the quantisation: what a viewer would see with an
   * endless exposure. For diagnostics: which reflections are peaks of their own (see `visible.ts`).
   */
  scene: Float32Array;
}

/** xoshiro128** seeded by splitmix32: the evaluation's own generator. */
export class Xoshiro {
  private s = new Uint32Array(4);
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 15), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  next(): number {
    const s = this.s;
    const r = Math.imul(((Math.imul(s[1]!, 5) << 7) | (Math.imul(s[1]!, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = ((s[3]! << 11) | (s[3]! >>> 21)) >>> 0;
    return (r + 0.5) / 4294967296;
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  logRange(a: number, b: number): number {
    return Math.exp(this.range(Math.log(a), Math.log(b)));
  }
  gauss(): number {
    return Math.sqrt(-2 * Math.log(this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  poisson(mean: number): number {
    if (mean < 40) {
      const l = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > l) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gauss()));
  }
}

type Vec = [number, number, number];
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const scale = (a: Vec, s: number): Vec => [a[0] * s, a[1] * s, a[2] * s];
const norm = (a: Vec) => Math.sqrt(dot(a, a));

/** Direct and reciprocal (no 2π) Cartesian bases of a cell. */
export function cellBases(lattice: ForeignCrystal['lattice']): { direct: Vec[]; reciprocal: Vec[] } {
  const [a, b, c, al, be, ga] = lattice;
  const r = Math.PI / 180;
  const cx = Math.cos(be * r);
  const cy = (Math.cos(al * r) - Math.cos(be * r) * Math.cos(ga * r)) / Math.sin(ga * r);
  const direct: Vec[] = [
    [a, 0, 0],
    [b * Math.cos(ga * r), b * Math.sin(ga * r), 0],
    [c * cx, c * cy, c * Math.sqrt(Math.max(0, 1 - cx * cx - cy * cy))],
  ];
  const v = dot(direct[0]!, cross(direct[1]!, direct[2]!));
  const reciprocal: Vec[] = [
    scale(cross(direct[1]!, direct[2]!), 1 / v),
    scale(cross(direct[2]!, direct[0]!), 1 / v),
    scale(cross(direct[0]!, direct[1]!), 1 / v),
  ];
  return { direct, reciprocal };
}

/** In-plane coordinates (Å⁻¹) of the reflections of one zone, and their |g|. */
export function projectZone(
  crystal: ForeignCrystal,
  zone: string,
): { h: Int32Array; u: Float64Array; v: Float64Array; g: Float64Array; intensity: Float64Array } {
  const { direct, reciprocal } = cellBases(crystal.lattice);
  const uvw = [...zone].map(Number) as Vec;
  const n = [0, 1, 2].map(
    (i) => uvw[0] * direct[0]![i]! + uvw[1] * direct[1]![i]! + uvw[2] * direct[2]![i]!,
  ) as Vec;
  const nz = scale(n, 1 / norm(n));
  const rows = crystal.zones[zone] ?? [];
  const gOf = (h: number, k: number, l: number): Vec =>
    [0, 1, 2].map((i) => h * reciprocal[0]![i]! + k * reciprocal[1]![i]! + l * reciprocal[2]![i]!) as Vec;
  // first axis: the shortest reflection, so the pattern's own orientation is arbitrary but fixed
  const first = rows.reduce<Vec | null>((best, [h, k, l]) => {
    const g = gOf(h, k, l);
    return best === null || norm(g) < norm(best) ? g : best;
  }, null) ?? [1, 0, 0];
  const inPlane = (g: Vec) =>
    [g[0] - dot(g, nz) * nz[0], g[1] - dot(g, nz) * nz[1], g[2] - dot(g, nz) * nz[2]] as Vec;
  const e1 = scale(inPlane(first), 1 / norm(inPlane(first)));
  const e2 = cross(nz, e1);
  const count = rows.length;
  const out = {
    h: new Int32Array(3 * count),
    u: new Float64Array(count),
    v: new Float64Array(count),
    g: new Float64Array(count),
    intensity: new Float64Array(count),
  };
  rows.forEach(([h, k, l, i], q) => {
    const g = gOf(h, k, l);
    out.h.set([h, k, l], 3 * q);
    out.u[q] = dot(g, e1);
    out.v[q] = dot(g, e2);
    out.g[q] = norm(g);
    out.intensity[q] = i;
  });
  return out;
}

/** Draws the conventions of one pattern. */
export function drawConventions(rng: Xoshiro): DrawnConventions {
  const d = rng.next();
  const b = rng.next();
  const p = rng.next();
  return {
    display: d < 0.4 ? 'linear' : d < 0.7 ? 'gamma' : 'log',
    gamma: rng.range(0.3, 0.7),
    logK: rng.logRange(10, 1000),
    sigmaFactor: rng.logRange(0.3, 3),
    profile: p < 0.4 ? 'gaussian' : p < 0.7 ? 'lorentzian' : 'voigt',
    beam: b < 0.2 ? 'absent' : b < 0.5 ? 'equal' : 'bright',
    beamStop: rng.next() < 0.15,
    envelope: rng.next() < 0.5,
    doubleDiffraction: rng.next() < 0.4 ? rng.range(0.01, 0.2) : 0,
    ellipticity: rng.next() < 0.5 ? rng.range(0.01, 0.03) : 0,
    offset: rng.range(0, 8),
    bits: rng.next() < 0.6 ? 8 : 16,
    saturation: rng.logRange(1, 20),
  };
}

/**
 * Renders one zone of a crystal at `calibration` Å⁻¹/px with the conventions drawn from `seed` and the given
 * exposure. Values are display levels in [0, 1], quantised to the drawn bit depth.
 */
export function renderForeign(
  crystal: ForeignCrystal,
  zone: string,
  calibration: number,
  seed: number,
  exposure: Exposure,
): ForeignPattern {
  const rng = new Xoshiro(seed);
  const c = { ...drawConventions(rng), ...exposure.fixed };
  const spots = projectZone(crystal, zone);
  const n = spots.u.length;
  // intensities: envelope, jitter, then double diffraction at positions no listed reflection occupies
  const jitter = rng.range(0, 0.3);
  const thickness = rng.logRange(100, 1000);
  const xs: number[] = [];
  const ys: number[] = [];
  const is: number[] = [];
  const angle = rng.range(0, 2 * Math.PI);
  const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
  for (let q = 0; q < n; q++) {
    let i = spots.intensity[q]!;
    if (c.envelope) {
      const s = (LAMBDA * spots.g[q]! * spots.g[q]!) / 2;
      i /= 1 + (Math.PI * thickness * s) ** 2;
    }
    i *= Math.exp(jitter * rng.gauss());
    xs.push(spots.u[q]!);
    ys.push(spots.v[q]!);
    is.push(i);
  }
  if (c.doubleDiffraction > 0) {
    const listed = new Set<string>();
    for (let q = 0; q < n; q++) listed.add(`${spots.h[3 * q]},${spots.h[3 * q + 1]},${spots.h[3 * q + 2]}`);
    const strongest = [...Array(n).keys()].sort((a, b) => is[b]! - is[a]!).slice(0, 30);
    const extra = new Map<string, [number, number, number]>();
    for (const a of strongest)
      for (const b of strongest) {
        if (b <= a) continue;
        const hkl = [0, 1, 2].map((k) => spots.h[3 * a + k]! + spots.h[3 * b + k]!);
        if (hkl.every((x) => x === 0) || hkl.some((x) => Math.abs(x) > 10)) continue;
        const key = hkl.join(',');
        if (listed.has(key)) continue;
        const i = c.doubleDiffraction * Math.sqrt(is[a]! * is[b]!);
        if ((extra.get(key)?.[2] ?? 0) < i) extra.set(key, [xs[a]! + xs[b]!, ys[a]! + ys[b]!, i]);
      }
    for (const [x, y, i] of extra.values()) {
      xs.push(x);
      ys.push(y);
      is.push(i);
    }
  }
  const peak = Math.max(...is, 1e-12);
  const centre = [127.5 + c.offset * Math.cos(angle * 3), 127.5 + c.offset * Math.sin(angle * 3)];
  const ellAngle = rng.range(0, Math.PI);
  const sigma = TRAINING_SIGMA * c.sigmaFactor;
  const eta = rng.range(0.2, 0.8);
  const signal = new Float64Array(SIZE * SIZE);
  const place = (gu: number, gv: number): [number, number] => {
    let x = (ca * gu - sa * gv) / calibration;
    let y = (sa * gu + ca * gv) / calibration;
    if (c.ellipticity > 0) {
      const [ce, se] = [Math.cos(ellAngle), Math.sin(ellAngle)];
      const a = (ce * x + se * y) * (1 + c.ellipticity);
      const b = -se * x + ce * y;
      x = ce * a - se * b;
      y = se * a + ce * b;
    }
    return [centre[0]! + x, centre[1]! - y];
  };
  const draw = (x: number, y: number, amplitude: number, s: number) => {
    const reach = c.profile === 'gaussian' ? 3.5 * s : 12 * s;
    const x0 = Math.max(0, Math.floor(x - reach));
    const x1 = Math.min(SIZE - 1, Math.ceil(x + reach));
    const y0 = Math.max(0, Math.floor(y - reach));
    const y1 = Math.min(SIZE - 1, Math.ceil(y + reach));
    for (let py = y0; py <= y1; py++)
      for (let px = x0; px <= x1; px++) {
        const r2 = (px - x) ** 2 + (py - y) ** 2;
        if (r2 > reach * reach) continue;
        const gauss = Math.exp(-r2 / (2 * s * s));
        const window = 0.5 + 0.5 * Math.cos((Math.PI * Math.sqrt(r2)) / reach);
        const lorentz = (1 / (1 + r2 / (s * s))) * window;
        const v =
          c.profile === 'gaussian'
            ? gauss
            : c.profile === 'lorentzian'
              ? lorentz
              : eta * lorentz + (1 - eta) * gauss;
        signal[py * SIZE + px]! += amplitude * v;
      }
  };
  const drawn: ForeignPattern['drawn'] = [];
  for (let q = 0; q < xs.length; q++) {
    const [x, y] = place(xs[q]!, ys[q]!);
    if (x < -3 * sigma || y < -3 * sigma || x > SIZE + 3 * sigma || y > SIZE + 3 * sigma) continue;
    draw(x, y, is[q]! / peak, sigma);
    drawn.push({
      x,
      y,
      level: is[q]! / peak,
      double: q >= n,
      ...(exposure.counts > 0 ? { counts: (exposure.counts * is[q]!) / peak, background: 0 } : {}),
    });
  }
  if (c.beam !== 'absent')
    draw(centre[0]!, centre[1]!, c.beam === 'equal' ? 1 : rng.logRange(10, 100), sigma * 1.2);
  // detector: background and halo, beam stop, counts
  if (exposure.background) {
    const level = rng.range(0.005, 0.05);
    const halo = rng.range(0.05, 0.5);
    const width = rng.range(10, 60);
    for (let py = 0; py < SIZE; py++)
      for (let px = 0; px < SIZE; px++) {
        const r = Math.hypot(px - centre[0]!, py - centre[1]!);
        signal[py * SIZE + px]! += level + halo * Math.exp(-r / width);
      }
    for (const d of drawn) {
      d.background =
        exposure.counts * (level + halo * Math.exp(-Math.hypot(d.x - centre[0]!, d.y - centre[1]!) / width));
    }
  }
  if (c.beamStop) {
    const t = rng.range(0, 2 * Math.PI);
    const w = rng.range(6, 16);
    const shadowed = (px: number, py: number) => {
      const dx = px - centre[0]!;
      const dy = py - centre[1]!;
      const along = dx * Math.cos(t) + dy * Math.sin(t);
      return (
        (along > 0 && Math.abs(-dx * Math.sin(t) + dy * Math.cos(t)) < w / 2) || Math.hypot(dx, dy) < w / 2
      );
    };
    for (let py = 0; py < SIZE; py++)
      for (let px = 0; px < SIZE; px++) if (shadowed(px, py)) signal[py * SIZE + px]! *= 0.05;
    for (const d of drawn) {
      if (!shadowed(d.x, d.y)) continue;
      d.level *= 0.05;
      if (d.counts !== undefined) d.counts *= 0.05;
      if (d.background !== undefined) d.background *= 0.05;
    }
  }
  const shownLevel = (v: number) =>
    c.display === 'linear'
      ? v
      : c.display === 'gamma'
        ? v ** c.gamma
        : Math.log1p(c.logK * v) / Math.log1p(c.logK);
  const display = (v: number) => shownLevel(Math.min(1, Math.max(0, v / c.saturation)));
  const scene = Float32Array.from(signal, display);
  if (exposure.counts > 0) {
    for (let p = 0; p < signal.length; p++) {
      signal[p] = (rng.poisson(signal[p]! * exposure.counts) + rng.gauss()) / exposure.counts;
    }
  }
  // display: saturate, map, quantise
  const levels = c.bits === 8 ? 255 : 65535;
  const data = Float32Array.from(signal, (v) => Math.round(display(v) * levels) / levels);
  for (const d of drawn) d.level = shownLevel(Math.min(1, d.level / c.saturation));
  const { gamma: _g, logK: _k, saturation: _s, ...conventions } = c;
  return {
    width: SIZE,
    height: SIZE,
    data,
    conventions,
    calibration,
    drawn,
    sigma,
    centre: [centre[0]!, centre[1]!],
    scene,
  };
}
