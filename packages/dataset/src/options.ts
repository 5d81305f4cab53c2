import type { AugmentOptions } from './augment';
import { DatasetError } from './errors';
import { type ImagingVariation, resolveImagingVariation } from './imaging';
import type { RandomStructureOptions } from './synthetic';
import { DEFAULT_ZONES, type Zone } from './zones';

/** Which part of the job list this process renders: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Synthetic crystals per space group (training only). */
export interface SyntheticOptions extends Omit<RandomStructureOptions, 'block'> {
  /**
   * Target number of training crystals per kept space group: groups with fewer real training CIFs get
   * random structures up to it. `'balance'` = the largest real training count among the groups.
   */
  perGroup: number | 'balance';
  /**
   * Keep a synthetic structure only if every zone's label is one the registry lists for its space group
   * and zone (guards against random structures that gained symmetry), default `true`. Groups absent from the
   * registry are not checked.
   */
  checkLabels?: boolean;
}

/** Simulator settings passed through to `@sadp/diffraction-sim` for every image (see its `SimulationSettings`). */
export type SimulationPassThrough = Record<string, unknown>;

/** Inputs of {@link generateDataset} and {@link planDataset}. */
export interface DatasetOptions {
  /** CIF files and/or folders (searched recursively for `*.cif`). */
  inputs: readonly string[];
  /** Output folder; `train/<label>/*.png`, `val/<label>/*.png`, `manifest.jsonl`, `summary.{json,md}` go there. */
  outDir: string;
  /** Space-group numbers to keep; default: every group found. */
  spaceGroups?: readonly number[];
  /** Zone axes, default the 16 of {@link DEFAULT_ZONES}. */
  zones?: readonly Zone[];
  /** Acceleration voltages in volts, default `[200e3]`. */
  voltages?: readonly number[];
  /** Camera lengths in mm, default: the simulator's default (one value). */
  cameraLengths?: readonly number[];
  /** Image size in px, default 256. */
  size?: number;
  /** Global seed, default 0. Split, synthetic crystals, augmentation and per-image seeds all derive from it. */
  seed?: number;
  /** Fraction of CIFs per space group that go to validation, default 0.15 (85:15). */
  valFraction?: number;
  /**
   * CIF files of the same crystal (same space group and reduced formula, a/b/c within this relative
   * tolerance) always go to the same split, default 0.02; 0 splits by file only.
   */
  sameCrystalTolerance?: number;
  /** Render only shard `k/n` of the job list (`"2/4"` or `{ index: 2, count: 4 }`). */
  shard?: Shard | string;
  /**
   * Skip crystals with more atoms than this in the conventional cell (reported as `E_DATASET_TOO_LARGE`),
   * default no limit. Framework structures with thousands of atoms and large cells cost seconds per zone.
   */
  maxAtoms?: number;
  /**
   * Scale each image to its crystal, as a microscopist picks the camera length to fit the cell: the reciprocal
   * cell edge 1/max(a, b, c) spans a number of pixels drawn uniformly from `[min, max]` per image (from the
   * image's seed). Sets the simulator's `calibration`, so it excludes `cameraLengths`. Default off.
   */
  cellPixels?: readonly [number, number];
  /**
   * Imaging conditions drawn per image from its seed (shot and read noise, background, diffuse halo, tilt), so
   * that training sees detector-like patterns; off by default. Applies to both splits.
   */
  imaging?: ImagingVariation | false;
  /** Synthetic training crystals; off by default. */
  synthetic?: SyntheticOptions | false;
  /** Augmentation at generation time (rotation, scale, crop); off by default. */
  augment?: AugmentOptions | false;
  /** Extra simulator settings for every image (e.g. `{ spotSigma: 1.5, pixelSize: 0.05 }`). */
  simulation?: SimulationPassThrough;
  /** PNG bit depth, default 8. */
  bitDepth?: 8 | 16;
  /** Worker threads, default `os.availableParallelism()`. */
  workers?: number;
  /** Finish an interrupted run in `outDir` instead of refusing to write into it. */
  resume?: boolean;
  /**
   * Module (path or URL) exporting `createRenderer(): PatternRenderer` to replace the built-in
   * simulate → label → PNG step, e.g. to plug in another simulator. Loaded in every worker.
   */
  renderer?: string;
}

/** The options that decide every output byte, stored in `dataset.json` and compared on resume. */
export interface ResolvedDatasetOptions {
  inputs: string[];
  spaceGroups: number[] | null;
  zones: Zone[];
  voltages: number[];
  cameraLengths: (number | null)[];
  size: number;
  seed: number;
  valFraction: number;
  sameCrystalTolerance: number;
  shard: Shard;
  maxAtoms: number | null;
  cellPixels: [number, number] | null;
  imaging: ImagingVariation | false;
  synthetic: SyntheticOptions | false;
  augment: AugmentOptions | false;
  simulation: SimulationPassThrough;
  bitDepth: 8 | 16;
  renderer: string | null;
}

/**
 * Parses `"k/n"` (1 ≤ k ≤ n) into a {@link Shard}.
 *
 * @example
 * parseShard('2/4'); // { index: 2, count: 4 }
 */
export function parseShard(value: string | Shard): Shard {
  const shard =
    typeof value === 'string'
      ? (() => {
          const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
          if (!m) throw new RangeError(`shard must look like "k/n", got ${JSON.stringify(value)}`);
          return { index: Number(m[1]), count: Number(m[2]) };
        })()
      : value;
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index)) {
    throw new RangeError(`shard count must be a positive integer, got ${shard.index}/${shard.count}`);
  }
  if (shard.index < 1 || shard.index > shard.count) {
    throw new RangeError(`shard index must be in 1..${shard.count}, got ${shard.index}`);
  }
  return { index: shard.index, count: shard.count };
}

function positiveList(name: string, values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
  for (const v of values)
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be positive, got ${v}`);
  return [...values];
}

/**
 * Most synthetic training crystals per space group (`synthetic.perGroup`): 10000 crystals × 16 zones make
 * 160000 images per group, more than any training run here needs; larger numbers are refused before planning.
 */
export const MAX_SYNTHETIC_PER_GROUP = 10_000;

/** Validates `options` and fills in the defaults. */
export function resolveOptions(options: DatasetOptions): ResolvedDatasetOptions {
  if (!options || !Array.isArray(options.inputs) || options.inputs.length === 0) {
    throw new DatasetError('E_DATASET_NO_INPUT', 'no input: give at least one CIF file or folder');
  }
  if (typeof options.outDir !== 'string' || options.outDir === '')
    throw new TypeError('outDir must be a path');
  const zones = (options.zones ?? DEFAULT_ZONES).map((z) => {
    if (z.length !== 3 || !z.every((n) => Number.isInteger(n)) || z.every((n) => n === 0)) {
      throw new RangeError(`zone axis must be three integers, not all zero, got [${z.join(', ')}]`);
    }
    return [z[0], z[1], z[2]] as Zone;
  });
  const size = options.size ?? 256;
  if (!Number.isInteger(size) || size < 8 || size > 4096)
    throw new RangeError(`size must be an integer in 8..4096, got ${size}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const valFraction = options.valFraction ?? 0.15;
  if (!(valFraction >= 0 && valFraction < 1))
    throw new RangeError(`valFraction must be in [0, 1), got ${valFraction}`);
  const sameCrystalTolerance = options.sameCrystalTolerance ?? 0.02;
  if (!(sameCrystalTolerance >= 0 && sameCrystalTolerance < 1)) {
    throw new RangeError(`sameCrystalTolerance must be in [0, 1), got ${sameCrystalTolerance}`);
  }
  if (options.maxAtoms !== undefined && !(Number.isInteger(options.maxAtoms) && options.maxAtoms > 0)) {
    throw new RangeError(`maxAtoms must be a positive integer, got ${options.maxAtoms}`);
  }
  const cellPixels = options.cellPixels
    ? ([options.cellPixels[0], options.cellPixels[1]] as [number, number])
    : null;
  if (
    cellPixels &&
    !(cellPixels[0] > 0 && cellPixels[1] >= cellPixels[0] && Number.isFinite(cellPixels[1]))
  ) {
    throw new RangeError(`cellPixels must be [min, max] with 0 < min <= max, got [${cellPixels.join(', ')}]`);
  }
  if (cellPixels && options.cameraLengths) {
    throw new RangeError(
      'cellPixels sets the calibration of every image: give it or cameraLengths, not both',
    );
  }
  const synthetic = options.synthetic ? { checkLabels: true, ...options.synthetic } : false;
  if (
    synthetic &&
    synthetic.perGroup !== 'balance' &&
    !(
      Number.isInteger(synthetic.perGroup) &&
      synthetic.perGroup >= 0 &&
      synthetic.perGroup <= MAX_SYNTHETIC_PER_GROUP
    )
  ) {
    throw new RangeError(
      `synthetic.perGroup must be 'balance' or a whole number from 0 to ${MAX_SYNTHETIC_PER_GROUP} (MAX_SYNTHETIC_PER_GROUP), got ${synthetic.perGroup}`,
    );
  }
  return {
    inputs: [...options.inputs],
    spaceGroups: options.spaceGroups ? [...options.spaceGroups].sort((a, b) => a - b) : null,
    zones,
    voltages: positiveList('voltages', options.voltages ?? [200e3]),
    cameraLengths: options.cameraLengths ? positiveList('cameraLengths', options.cameraLengths) : [null],
    size,
    seed,
    valFraction,
    sameCrystalTolerance,
    shard: parseShard(options.shard ?? { index: 1, count: 1 }),
    maxAtoms: options.maxAtoms ?? null,
    cellPixels,
    imaging: options.imaging ? resolveImagingVariation(options.imaging) : false,
    synthetic,
    augment: options.augment ? { ...options.augment } : false,
    simulation: { ...(options.simulation ?? {}) },
    bitDepth: options.bitDepth ?? 8,
    renderer: options.renderer ?? null,
  };
}
