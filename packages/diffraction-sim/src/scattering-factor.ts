import { DiffractionSimError } from './errors';
import { DOYLE_TURNER, ELEMENT_SYMBOLS, LOBATO, PENG } from './scattering-tables';

/**
 * Electron scattering factor parameterisation:
 * - `'lobato'` Lobato & Van Dyck (2014), Z = 1-103 (default);
 * - `'peng'` Peng, Ren, Dudarev & Whelan (1996), ITC C Table 4.3.2.3, Z = 1-98;
 * - `'doyle-turner'` Doyle & Turner (1968) as compiled with Smith & Burge (1962) fits, Z = 1-98.
 *
 * Elements a table does not cover (Z = 99-103 for Peng and Doyle–Turner) fall back to Lobato;
 * Z > 103 throws `E_SIM_NO_SCATTERING_FACTOR`.
 */
export type ScatteringTable = 'lobato' | 'peng' | 'doyle-turner';

/** The parameterisations this package ships, default first. */
export const SCATTERING_TABLES: readonly ScatteringTable[] = ['lobato', 'peng', 'doyle-turner'];

/** Highest atomic number each table covers (all start at Z = 1). */
export const SCATTERING_TABLE_COVERAGE: Readonly<Record<ScatteringTable, number>> = {
  lobato: 103,
  peng: 98,
  'doyle-turner': 98,
};

const LOBATO_N = 5;
const PENG_N = 5;
const DT_N = 4;

/**
 * The table actually used for element `atomicNumber` when `table` is requested (the fallback rule).
 * Throws `DiffractionSimError` (`E_SIM_NO_SCATTERING_FACTOR`) when no table covers the element.
 */
export function effectiveTable(atomicNumber: number, table: ScatteringTable = 'lobato'): ScatteringTable {
  if (!Number.isInteger(atomicNumber) || atomicNumber < 1 || atomicNumber > 103) {
    throw new DiffractionSimError(
      'E_SIM_NO_SCATTERING_FACTOR',
      `no electron scattering factor for atomic number ${atomicNumber} (tables cover Z = 1-103)`,
      { atomicNumber },
    );
  }
  if (SCATTERING_TABLE_COVERAGE[table] === undefined) {
    throw new TypeError(`unknown scattering table "${table}" (use ${SCATTERING_TABLES.join(', ')})`);
  }
  return atomicNumber <= SCATTERING_TABLE_COVERAGE[table] ? table : 'lobato';
}

/**
 * Elastic electron scattering factor f_e(g) in ångström of a neutral atom (no relativistic mass factor).
 *
 * @param atomicNumber - Z, 1-103.
 * @param g - magnitude of the scattering vector |g| = 1/d = 2 sin(θ)/λ in Å⁻¹ (not sin(θ)/λ: the Gaussian
 *   tables, which are written in s = sin(θ)/λ, are evaluated at s = g/2 here).
 * @param table - parameterisation, default `'lobato'`.
 *
 * @example
 * electronScatteringFactor(14, 0.5); // Si: 1.968 Å (Lobato)
 */
export function electronScatteringFactor(
  atomicNumber: number,
  g: number,
  table: ScatteringTable = 'lobato',
): number {
  const used = effectiveTable(atomicNumber, table);
  return evaluate(atomicNumber, g * g, used);
}

/** f_e for an already validated Z and table, at g² (Å⁻²). Internal hot path. */
export function evaluate(atomicNumber: number, g2: number, table: ScatteringTable): number {
  let f = 0;
  if (table === 'lobato') {
    const o = (atomicNumber - 1) * 2 * LOBATO_N;
    for (let i = 0; i < LOBATO_N; i++) {
      const a = LOBATO[o + i]!;
      const b = LOBATO[o + LOBATO_N + i]!;
      const t = 1 + b * g2;
      f += (a * (1 + t)) / (t * t);
    }
    return f;
  }
  const s2 = g2 / 4;
  const params = table === 'peng' ? PENG : DOYLE_TURNER;
  const n = table === 'peng' ? PENG_N : DT_N;
  const o = (atomicNumber - 1) * 2 * n;
  for (let i = 0; i < n; i++) f += params[o + i]! * Math.exp(-params[o + n + i]! * s2);
  return f;
}

/** Element symbol of atomic number Z (1-118), e.g. `elementSymbol(14) === "Si"`. */
export function elementSymbol(atomicNumber: number): string {
  const symbol = ELEMENT_SYMBOLS[atomicNumber - 1];
  if (symbol === undefined) throw new RangeError(`atomic number must be 1-118, got ${atomicNumber}`);
  return symbol;
}
