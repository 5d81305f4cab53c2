import type { Structure } from '@sadp/cif';
import { reciprocalBasis } from './lattice';
import { effectiveTable, evaluate, type ScatteringTable } from './scattering-factor';
import { electronWavelength } from './wavelength';

/** Isotropic B (Å²) used for atoms whose B is unknown (`NaN`) when Debye–Waller damping is on. */
export const DEFAULT_B = 0.5;

/** Electron rest energy m·c² in eV (CODATA 2018). */
const REST_ENERGY_EV = 510998.95;
const TWO_PI = 2 * Math.PI;

/** Options of {@link structureFactors}. */
export interface StructureFactorOptions {
  /**
   * Acceleration voltage in volts. When given, f_e is multiplied by the relativistic mass ratio
   * γ = 1 + eV/mc² (absolute scale only; relative intensities do not change). Default: no factor.
   */
  voltage?: number;
  /** Scattering factor parameterisation, default `'lobato'`. */
  table?: ScatteringTable;
  /**
   * Debye–Waller damping exp(−B g²/4): `true` (default) uses each atom's B, substituting `defaultB`
   * where it is `NaN`; a number uses that B (Å²) for every atom; `false` switches damping off.
   */
  debyeWaller?: boolean | number;
  /** B (Å²) substituted for unknown (`NaN`) B values, default {@link DEFAULT_B} = 0.5 Å². */
  defaultB?: number;
}

/** Complex structure factors (Å) and intensities |F|² (Å²), one entry per requested reflection. */
export interface StructureFactors {
  re: Float64Array;
  im: Float64Array;
  intensity: Float64Array;
}

/**
 * Kinematic electron structure factors F(hkl) = Σ_j occ_j · f_j(|g|) · exp(−B_j |g|²/4) · exp(2πi h·r_j)
 * over every atom of the conventional cell (`structure.atoms`), with |g| = 1/d from the cell.
 *
 * @param hkl - Miller indices, 3 per reflection (h0, k0, l0, h1, …).
 *
 * @example
 * const { intensity } = structureFactors(si, Int32Array.of(1, 1, 1, 2, 0, 0)); // [~ 2.6e2, ~ 0]
 */
export function structureFactors(
  structure: Structure,
  hkl: Int32Array,
  options: StructureFactorOptions = {},
): StructureFactors {
  if (hkl.length % 3 !== 0) throw new RangeError(`hkl length must be a multiple of 3, got ${hkl.length}`);
  const n = hkl.length / 3;
  const out: StructureFactors = {
    re: new Float64Array(n),
    im: new Float64Array(n),
    intensity: new Float64Array(n),
  };
  const b = reciprocalBasis(structure.cell);
  const g2 = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const h = hkl[3 * r]!;
    const k = hkl[3 * r + 1]!;
    const l = hkl[3 * r + 2]!;
    const x = b[0]! * h + b[3]! * k + b[6]! * l;
    const y = b[1]! * h + b[4]! * k + b[7]! * l;
    const z = b[2]! * h + b[5]! * k + b[8]! * l;
    g2[r] = x * x + y * y + z * z;
  }
  const atoms = prepareAtoms(structure, options);
  structureFactorsInto(atoms, hkl, g2, out.re, out.im, out.intensity);
  return out;
}

/** Atoms of a structure prepared for the structure-factor loop (species-indexed, B resolved). */
export interface PreparedAtoms {
  count: number;
  /** Fractional positions, 3 per atom. */
  position: Float64Array;
  /** Occupancy × relativistic factor per atom. */
  weight: Float64Array;
  /** B/4 per atom (0 when damping is off). */
  bQuarter: Float64Array;
  /** Species index per atom into `speciesZ`. */
  species: Int32Array;
  speciesZ: Int32Array;
  speciesTable: ScatteringTable[];
  /** Scatterer class per atom: atoms of one species with one B share f·exp(−B q²/4) per reflection. */
  scatterer: Int32Array;
  /** Species and B/4 of each scatterer class. */
  scattererSpecies: Int32Array;
  scattererBQuarter: Float64Array;
}

/** Resolves tables, B values and occupancies once per structure. */
export function prepareAtoms(structure: Structure, options: StructureFactorOptions = {}): PreparedAtoms {
  const { atoms } = structure;
  const table = options.table ?? 'lobato';
  const dw = options.debyeWaller ?? true;
  const defaultB = options.defaultB ?? DEFAULT_B;
  const gamma = options.voltage === undefined ? 1 : 1 + validVoltage(options.voltage) / REST_ENERGY_EV;
  const count = atoms.count;
  const speciesOf = new Map<number, number>();
  const speciesZ: number[] = [];
  const speciesTable: ScatteringTable[] = [];
  const species = new Int32Array(count);
  const weight = new Float64Array(count);
  const bQuarter = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const z = atoms.atomicNumber[j]!;
    let s = speciesOf.get(z);
    if (s === undefined) {
      s = speciesZ.length;
      speciesOf.set(z, s);
      speciesZ.push(z);
      speciesTable.push(effectiveTable(z, table));
    }
    species[j] = s;
    const occ = atoms.occupancy[j]!;
    weight[j] = (Number.isFinite(occ) ? occ : 1) * gamma;
    let bj = 0;
    if (typeof dw === 'number') bj = dw;
    else if (dw) {
      const given = atoms.b[j]!;
      bj = Number.isFinite(given) ? given : defaultB;
    }
    bQuarter[j] = bj / 4;
  }
  const classOf = new Map<string, number>();
  const scatterer = new Int32Array(count);
  const scattererSpecies: number[] = [];
  const scattererBQuarter: number[] = [];
  for (let j = 0; j < count; j++) {
    const key = `${species[j]}|${bQuarter[j]}`;
    let c = classOf.get(key);
    if (c === undefined) {
      c = scattererSpecies.length;
      classOf.set(key, c);
      scattererSpecies.push(species[j]!);
      scattererBQuarter.push(bQuarter[j]!);
    }
    scatterer[j] = c;
  }
  return {
    count,
    position: atoms.position,
    weight,
    bQuarter,
    species,
    speciesZ: Int32Array.from(speciesZ),
    speciesTable,
    scatterer,
    scattererSpecies: Int32Array.from(scattererSpecies),
    scattererBQuarter: Float64Array.from(scattererBQuarter),
  };
}

function validVoltage(voltage: number): number {
  electronWavelength(voltage); // validates
  return voltage;
}

/** Index bound for {@link friedelMates}' integer keys: |h|, |k|, |l| < 512. */
const FRIEDEL_HALF = 512;

/**
 * For each reflection, the index of an earlier reflection −h −k −l in the list (its Friedel mate), or −1.
 * Kinematic F(−h) is the complex conjugate of F(h), so mates need no second sum.
 */
export function friedelMates(hkl: Int32Array): Int32Array {
  const n = hkl.length / 3;
  const mates = new Int32Array(n).fill(-1);
  const seen = new Map<number, number>();
  const key = (h: number, k: number, l: number) =>
    ((h + FRIEDEL_HALF) * 2 * FRIEDEL_HALF + (k + FRIEDEL_HALF)) * 2 * FRIEDEL_HALF + (l + FRIEDEL_HALF);
  for (let r = 0; r < n; r++) {
    const h = hkl[3 * r]!;
    const k = hkl[3 * r + 1]!;
    const l = hkl[3 * r + 2]!;
    if (Math.max(Math.abs(h), Math.abs(k), Math.abs(l)) >= FRIEDEL_HALF) continue;
    const mate = seen.get(key(-h, -k, -l));
    if (mate !== undefined) mates[r] = mate;
    else seen.set(key(h, k, l), r);
  }
  return mates;
}

/**
 * The structure-factor loop: writes Re F, Im F and |F|² for reflections `hkl` with squared lengths `g2`.
 * Each Friedel pair is summed once; f·exp(−B q²/4) is evaluated once per scatterer class, not per atom.
 */
export function structureFactorsInto(
  atoms: PreparedAtoms,
  hkl: Int32Array,
  g2: Float64Array,
  re: Float64Array,
  im: Float64Array,
  intensity: Float64Array,
): void {
  const nSpecies = atoms.speciesZ.length;
  const f = new Float64Array(nSpecies);
  const { position, weight, scatterer, scattererSpecies, scattererBQuarter, count } = atoms;
  const nClasses = scattererSpecies.length;
  const fc = new Float64Array(nClasses);
  const mates = friedelMates(hkl);
  const n = g2.length;
  for (let r = 0; r < n; r++) {
    const mate = mates[r]!;
    if (mate >= 0) {
      re[r] = re[mate]!;
      im[r] = -im[mate]!;
      intensity[r] = intensity[mate]!;
      continue;
    }
    const q2 = g2[r]!;
    for (let s = 0; s < nSpecies; s++) f[s] = evaluate(atoms.speciesZ[s]!, q2, atoms.speciesTable[s]!);
    for (let c = 0; c < nClasses; c++) {
      const bq = scattererBQuarter[c]!;
      fc[c] = f[scattererSpecies[c]!]! * (bq === 0 ? 1 : Math.exp(-bq * q2));
    }
    const h = hkl[3 * r]!;
    const k = hkl[3 * r + 1]!;
    const l = hkl[3 * r + 2]!;
    let sr = 0;
    let si = 0;
    for (let j = 0; j < count; j++) {
      const phase = TWO_PI * (h * position[3 * j]! + k * position[3 * j + 1]! + l * position[3 * j + 2]!);
      const w = weight[j]! * fc[scatterer[j]!]!;
      sr += w * Math.cos(phase);
      si += w * Math.sin(phase);
    }
    re[r] = sr;
    im[r] = si;
    intensity[r] = sr * sr + si * si;
  }
}
