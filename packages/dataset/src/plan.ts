/**
 * The deterministic job plan: which crystals (real CIF blocks and synthetic structures), which split each
 * one is in, and one job per (crystal, zone axis, voltage, camera length) with a stable id and seed.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { SpaceGroupRef, Structure } from '@sadp/cif';
import { DatasetError } from './errors';
import {
  type DatasetOptions,
  type ResolvedDatasetOptions,
  resolveOptions,
  type SyntheticOptions,
} from './options';
import { createRng, hashSeed } from './random';
import { randomStructure } from './synthetic';
import { type Zone, zoneFileName } from './zones';

/** Training or validation. */
export type Split = 'train' | 'val';

/** Something that went wrong with one input but did not stop the run. */
export interface DatasetWarning {
  /** `"E_…"` code: the parser's (e.g. `E_CIF_SYNTAX`), or one of `E_DATASET_DUPLICATE`, `E_DATASET_EMPTY`, `E_DATASET_TOO_LARGE`, `E_DATASET_RENDER`, `E_DATASET_SYNTHETIC`. */
  code: string;
  /** CIF file (or synthetic crystal key, or job id) concerned. */
  file: string;
  /** Human-readable reason. */
  message: string;
  /** Line in the file, when the parser gives one. */
  line?: number;
}

/** One crystal of the dataset: a block of a real CIF or a synthetic structure. */
export interface PlannedCrystal {
  /** Position in {@link DatasetPlan.crystals}. */
  index: number;
  /** Stable, file-name-safe key; image names start with it. */
  key: string;
  origin: 'real' | 'synthetic';
  split: Split;
  spaceGroup: number;
  /** CIF path as found under the inputs; `null` for synthetic crystals. */
  source: string | null;
  /** Data block name (synthetic: `synthetic-<group>-<n>`). */
  block: string;
  /** sha256 of the CIF bytes; `null` for synthetic crystals. */
  sourceSha256: string | null;
  /**
   * Split unit (first 12 hex digits of the sha256 of its first file): CIF files holding the same crystal share
   * one unit and therefore one split; `null` for synthetic crystals.
   */
  splitUnit: string | null;
  formula: string;
  /** Absence variant (e.g. `"227-3"`) for groups with several, when the hooks tell it; else absent. */
  variant?: string;
  structure: Structure;
}

/** One image to render. */
export interface DatasetJob {
  /** Position in the full (unsharded) job list: the manifest order. */
  index: number;
  /** Stable id: `<crystal key>_<zone>_<kV>kV[_L<mm>]`; the PNG is `<id>.png`. */
  id: string;
  /** Index into {@link DatasetPlan.crystals}. */
  crystal: number;
  zone: Zone;
  /** Volts. */
  voltage: number;
  /** mm, or `null` for the simulator's default. */
  cameraLength: number | null;
  /** Per-image seed derived from the global seed and the id. */
  seed: number;
}

/** The output of {@link planDataset}. */
export interface DatasetPlan {
  options: ResolvedDatasetOptions;
  crystals: PlannedCrystal[];
  /** Jobs of this shard, in manifest order. */
  jobs: DatasetJob[];
  /** Number of jobs over all shards. */
  totalJobs: number;
  /** CIFs that failed to parse, duplicates, empty files, rejected synthetic structures. */
  warnings: DatasetWarning[];
  /** Structures read but outside `spaceGroups`. */
  filtered: number;
}

/** What {@link planDataset} needs from `@sadp/cif` and `@sadp/lattice-labels`; defaults bind the real packages. */
export interface PlanHooks {
  /**
   * Parses a CIF into structures (one per usable block); throws for a file that cannot be used. `limits.maxAtoms`
   * (the dataset's `maxAtoms`) is applied while parsing, so that a huge file stops early.
   */
  readStructures(
    text: string,
    file: string,
    limits?: { maxAtoms?: number },
  ): { structures: Structure[]; warnings: string[] };
  /** Space group with operators, for synthetic crystals. */
  spaceGroup(number: number): SpaceGroupRef;
  /**
   * Returns `undefined` if `structure`'s label for every zone is allowed for its space group, else a reason.
   * Optional: synthetic structures are not checked without it.
   */
  checkLabels?(structure: Structure, zones: readonly Zone[]): string | undefined;
  /**
   * Absence variants of a space group when it has more than one (e.g. 227 → `["227-1", "227-2", "227-3"]`):
   * synthetic crystals then balance every variant, not only the group. Optional, with {@link PlanHooks.variantOf}.
   */
  variants?(group: number): readonly string[];
  /** The variant of `structure` (its labels along `zones` are that variant's), or `undefined` if none fits. */
  variantOf?(structure: Structure, zones: readonly Zone[]): string | undefined;
}

/** Lists the CIF files of `inputs` (files as given, folders searched recursively for `*.cif`), sorted, deduplicated. */
export function findCifFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && extname(e.name).toLowerCase() === '.cif' && !seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
    }
  };
  for (const input of inputs) {
    const st = statSync(input, { throwIfNoEntry: false });
    if (!st) throw new DatasetError('E_DATASET_NO_INPUT', `input not found: ${input}`, { file: input });
    if (st.isDirectory()) walk(input);
    else if (!seen.has(input)) {
      seen.add(input);
      out.push(input);
    }
  }
  return out;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

/** `<key>_<zone>_<kV>kV[_L<mm>]`. */
export function jobId(key: string, zone: Zone, voltage: number, cameraLength: number | null): string {
  const l = cameraLength === null ? '' : `_L${formatNumber(cameraLength)}`;
  return `${key}_${zoneFileName(zone)}_${formatNumber(voltage / 1000)}kV${l}`;
}

interface CifEntry {
  file: string;
  sha256: string;
  structures: Structure[];
}

/** Element counts of a formula such as `"Cl4 Na4"` or `"Al2MgO4"`, divided by their gcd: `"Cl1Na1"`. */
export function reducedFormula(formula: string): string {
  const counts = new Map<string, number>();
  for (const m of formula.matchAll(/([A-Z][a-z]?)\s*(\d*\.?\d*)/g)) {
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + (m[2] ? Number(m[2]) : 1));
  }
  const gcd = (a: number, b: number): number => (b < 1e-6 ? a : gcd(b, a % b));
  let g = 0;
  for (const n of counts.values()) g = gcd(n, g);
  return [...counts.keys()]
    .sort()
    .map((e) => `${e}${Number(((counts.get(e) ?? 0) / (g || 1)).toFixed(3))}`)
    .join('');
}

/** Groups CIF entries into split units: union of files sharing a crystal (see {@link planDataset}). */
function sameCrystalUnits(entries: readonly CifEntry[], tolerance: number): CifEntry[][] {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  if (tolerance > 0) {
    const byKey = new Map<string, { entry: number; cell: Structure['cell'] }[]>();
    entries.forEach((e, i) => {
      for (const s of e.structures) {
        const key = `${s.spaceGroup.number}|${reducedFormula(s.formula)}`;
        const list = byKey.get(key) ?? [];
        for (const other of list) {
          const c = other.cell;
          const close = (['a', 'b', 'c'] as const).every(
            (k) => Math.abs(c[k] - s.cell[k]) <= tolerance * Math.max(c[k], s.cell[k]),
          );
          if (close) parent[find(i)] = find(other.entry);
        }
        list.push({ entry: i, cell: s.cell });
        byKey.set(key, list);
      }
    });
  }
  const units = new Map<number, CifEntry[]>();
  entries.forEach((e, i) => {
    const r = find(i);
    const list = units.get(r) ?? [];
    list.push(e);
    units.set(r, list);
  });
  return [...units.values()];
}

/**
 * Parse one CIF's bytes with `hooks.readStructures`; a parse error, or a file without structures, becomes a
 * warning (and `null`), as do the parser's warnings (summarised).
 */
function readCifFile(
  file: string,
  bytes: Buffer,
  hooks: PlanHooks,
  warnings: DatasetWarning[],
  maxAtoms: number | null,
): Structure[] | null {
  let structures: Structure[];
  try {
    // the atom limit applies while parsing, so a huge file stops at its first row over the limit
    const read = hooks.readStructures(bytes.toString('utf8'), file, maxAtoms === null ? {} : { maxAtoms });
    structures = read.structures;
    if (read.warnings.length > 0) {
      const shown = read.warnings.slice(0, 3).join('; ');
      const more = read.warnings.length > 3 ? ` (+${read.warnings.length - 3} more)` : '';
      warnings.push({
        code: 'W_CIF',
        file,
        message: `${read.warnings.length} parser warning(s): ${shown}${more}`,
      });
    }
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; line?: unknown };
    warnings.push({
      code: typeof e.code === 'string' ? e.code : 'E_DATASET_PARSE',
      file,
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.line === 'number' && e.line > 0 ? { line: e.line } : {}),
    });
    return null;
  }
  if (structures.length === 0) {
    warnings.push({ code: 'E_DATASET_EMPTY', file, message: 'no usable structure in the file' });
    return null;
  }
  return structures;
}

/**
 * Read every CIF of the inputs once (byte-identical files are skipped with a warning), keeping the structures
 * of the wanted space groups (`keep`, all when null) within `maxAtoms`. `filtered`: structures outside `keep`.
 */
function readCifEntries(
  opts: ResolvedDatasetOptions,
  hooks: PlanHooks,
  keep: ReadonlySet<number> | null,
  warnings: DatasetWarning[],
): { entries: CifEntry[]; filtered: number } {
  let filtered = 0;
  const entries: CifEntry[] = [];
  const bySha = new Map<string, string>();
  for (const file of findCifFiles(opts.inputs)) {
    const bytes = readFileSync(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = bySha.get(sha256);
    if (first !== undefined) {
      warnings.push({ code: 'E_DATASET_DUPLICATE', file, message: `same bytes as ${first}; planned once` });
      continue;
    }
    bySha.set(sha256, file);
    const structures = readCifFile(file, bytes, hooks, warnings, opts.maxAtoms);
    if (structures === null) continue;
    const inGroups = structures.filter((s) => keep === null || keep.has(s.spaceGroup.number));
    filtered += structures.length - inGroups.length;
    const kept = inGroups.filter((s) => opts.maxAtoms === null || s.atoms.count <= opts.maxAtoms);
    for (const s of inGroups) {
      if (opts.maxAtoms !== null && s.atoms.count > opts.maxAtoms) {
        warnings.push({
          code: 'E_DATASET_TOO_LARGE',
          file,
          message: `block ${s.source.block}: ${s.atoms.count} atoms in the cell, more than maxAtoms = ${opts.maxAtoms}; skipped`,
        });
      }
    }
    if (kept.length > 0) entries.push({ file, sha256, structures: kept });
  }
  return { entries, filtered };
}

/**
 * The train/val split by CIF content hash (`splitOf`) and each file's split unit (`unitOf`, the first 12 hex
 * digits of the unit's first hash): files are merged when they hold the same crystal (same space group, same
 * reduced formula, lattice parameters within sameCrystalTolerance), so that no crystal is in both train and val.
 */
function splitEntries(
  entries: readonly CifEntry[],
  opts: ResolvedDatasetOptions,
): { splitOf: Map<string, 'train' | 'val'>; unitOf: Map<string, string> } {
  const units = sameCrystalUnits(entries, opts.sameCrystalTolerance);
  const strata = new Map<number, CifEntry[][]>();
  for (const unit of units) {
    const g = unit[0]!.structures[0]!.spaceGroup.number;
    const list = strata.get(g) ?? [];
    list.push(unit);
    strata.set(g, list);
  }
  const splitOf = new Map<string, 'train' | 'val'>();
  const unitOf = new Map<string, string>();
  for (const [group, list] of [...strata.entries()].sort((a, b) => a[0] - b[0])) {
    const ordered = [...list].sort((a, b) => (a[0]!.sha256 < b[0]!.sha256 ? -1 : 1));
    createRng(hashSeed(opts.seed, 'split', group)).shuffle(ordered);
    const n = ordered.length;
    let nVal = Math.round(n * opts.valFraction);
    if (opts.valFraction > 0 && n >= 2 && nVal === 0) nVal = 1;
    if (nVal >= n) nVal = n - 1;
    for (let i = 0; i < n; i++) {
      for (const e of ordered[i]!) {
        splitOf.set(e.sha256, i < nVal ? 'val' : 'train');
        unitOf.set(e.sha256, ordered[i]![0]!.sha256.slice(0, 12));
      }
    }
  }
  return { splitOf, unitOf };
}

/**
 * One planned crystal per structure. Keys: file base name (+ block when a file has several), disambiguated by
 * hash when names collide.
 */
function realCrystals(
  entries: readonly CifEntry[],
  splitOf: ReadonlyMap<string, 'train' | 'val'>,
  unitOf: ReadonlyMap<string, string>,
): PlannedCrystal[] {
  const baseCount = new Map<string, number>();
  for (const e of entries) {
    const b = slug(basename(e.file, extname(e.file)));
    baseCount.set(b, (baseCount.get(b) ?? 0) + 1);
  }
  const crystals: PlannedCrystal[] = [];
  for (const e of entries) {
    let base = slug(basename(e.file, extname(e.file)));
    if ((baseCount.get(base) ?? 0) > 1) base = `${base}-${e.sha256.slice(0, 8)}`;
    const split = splitOf.get(e.sha256)!;
    for (const s of e.structures) {
      const key = e.structures.length > 1 ? `${base}.${slug(s.source.block)}` : base;
      crystals.push({
        index: crystals.length,
        key,
        origin: 'real',
        split,
        spaceGroup: s.spaceGroup.number,
        source: e.file,
        block: s.source.block,
        sourceSha256: e.sha256,
        splitUnit: unitOf.get(e.sha256)!,
        formula: s.formula,
        structure: s,
      });
    }
  }
  return crystals;
}

/** The jobs of the requested shard (crystal × zone × voltage × camera length), and the count over all shards. */
function listJobs(
  opts: ResolvedDatasetOptions,
  crystals: readonly PlannedCrystal[],
): { jobs: DatasetJob[]; totalJobs: number } {
  const jobs: DatasetJob[] = [];
  let index = 0;
  const { index: k, count: n } = opts.shard;
  for (const c of crystals) {
    for (const zone of opts.zones) {
      for (const voltage of opts.voltages) {
        for (const cameraLength of opts.cameraLengths) {
          if (index % n === k - 1) {
            const id = jobId(c.key, zone, voltage, cameraLength);
            jobs.push({
              index,
              id,
              crystal: c.index,
              zone,
              voltage,
              cameraLength,
              seed: hashSeed(opts.seed, id),
            });
          }
          index++;
        }
      }
    }
  }
  return { jobs, totalJobs: index };
}

/**
 * Builds the plan: reads and parses every CIF (bad ones become warnings), keeps the wanted space groups,
 * splits by CIF file (never by image) stratified by space group and reproducible from the seed, adds
 * synthetic training crystals if asked, and lists the jobs of the requested shard.
 *
 * Split rule: CIF files are grouped into split units, one per crystal: files with the same space group and
 * reduced formula whose a, b, c agree within `sameCrystalTolerance` (default 2 %) are one unit (the corpus
 * holds e.g. seven silicon files). Per space group, the units, ordered by content hash and shuffled with a
 * seed derived from the global seed and the group, give their first `round(n × valFraction)` to validation
 * (at least 1 when n ≥ 2 and valFraction > 0, never all of them). Byte-identical files are planned once.
 */
export function planDataset(options: DatasetOptions | ResolvedDatasetOptions, hooks: PlanHooks): DatasetPlan {
  const opts = 'outDir' in options ? resolveOptions(options) : options;
  const warnings: DatasetWarning[] = [];
  const keep = opts.spaceGroups ? new Set(opts.spaceGroups) : null;
  const { entries, filtered } = readCifEntries(opts, hooks, keep, warnings);
  const { splitOf, unitOf } = splitEntries(entries, opts);
  const crystals = realCrystals(entries, splitOf, unitOf);
  if (opts.synthetic) addSynthetic(opts, opts.synthetic, hooks, keep, crystals, warnings);
  const { jobs, totalJobs } = listJobs(opts, crystals);
  return { options: opts, crystals, jobs, totalJobs, warnings, filtered };
}

/**
 * Tops up every kept space group with random training crystals until it has `perGroup` real + synthetic ones.
 * A group with several absence variants (hooks `variants`/`variantOf`) is topped up per variant instead, so a
 * rare family (e.g. C15 Laves, 227-3) gets as many training crystals as a whole group.
 */
function addSynthetic(
  opts: ResolvedDatasetOptions,
  syn: SyntheticOptions,
  hooks: PlanHooks,
  keep: Set<number> | null,
  crystals: PlannedCrystal[],
  warnings: DatasetWarning[],
): void {
  const realTrain = new Map<string, number>();
  const variantsOf = (g: number): readonly string[] => (hooks.variantOf && hooks.variants?.(g)) || [];
  for (const c of crystals) {
    if (c.split !== 'train') continue;
    const g = c.spaceGroup;
    if (variantsOf(g).length > 1) {
      const v = hooks.variantOf!(c.structure, opts.zones);
      if (v !== undefined) {
        c.variant = v;
        realTrain.set(v, (realTrain.get(v) ?? 0) + 1);
      }
    }
    realTrain.set(String(g), (realTrain.get(String(g)) ?? 0) + 1);
  }
  const groups = keep
    ? [...keep]
    : [...new Set(crystals.filter((c) => c.split === 'train').map((c) => c.spaceGroup))];
  groups.sort((a, b) => a - b);
  const target =
    syn.perGroup === 'balance'
      ? Math.max(0, ...groups.map((g) => realTrain.get(String(g)) ?? 0))
      : syn.perGroup;
  for (const g of groups) {
    const variants = variantsOf(g);
    const units = variants.length > 1 ? variants : [String(g)];
    const group = hooks.spaceGroup(g);
    for (const unit of units) {
      const missing = target - (realTrain.get(unit) ?? 0);
      if (missing <= 0) continue;
      const wanted = variants.length > 1 ? unit : undefined;
      // a rare variant needs many random structures per hit
      const attempts = missing * (wanted === undefined ? 20 : 200);
      let made = 0;
      for (let attempt = 0; made < missing && attempt < attempts; attempt++) {
        const name = `${unit}-${String(made + 1).padStart(4, '0')}`;
        const block = `synthetic-${name}`;
        const rng = createRng(hashSeed(opts.seed, 'synthetic', wanted ?? g, made, attempt));
        let structure: Structure;
        try {
          structure = randomStructure(group, rng, { ...syn, block });
        } catch (error) {
          warnings.push({ code: 'E_DATASET_SYNTHETIC', file: block, message: (error as Error).message });
          break;
        }
        if (wanted !== undefined) {
          if (hooks.variantOf!(structure, opts.zones) !== wanted) continue;
        } else if (syn.checkLabels !== false && hooks.checkLabels?.(structure, opts.zones) !== undefined) {
          continue;
        }
        crystals.push({
          index: crystals.length,
          key: `syn-${name}`,
          origin: 'synthetic',
          split: 'train',
          spaceGroup: g,
          source: null,
          block,
          sourceSha256: null,
          splitUnit: null,
          formula: structure.formula,
          ...(wanted === undefined ? {} : { variant: wanted }),
          structure,
        });
        made++;
      }
      if (made < missing) {
        warnings.push({
          code: 'E_DATASET_SYNTHETIC',
          file: `synthetic-${unit}`,
          message: `made ${made} of ${missing} synthetic crystals for ${wanted === undefined ? 'space group' : 'variant'} ${unit} (random structures rejected by the label check)`,
        });
      }
    }
  }
}
