/**
 * The 230 space groups in 559 tabulated settings (standard settings, both origin choices, hexagonal and
 * rhombohedral axes for R groups, monoclinic and orthorhombic axis permutations). Operators are generated
 * from the Hall symbols on first use.
 *
 * @packageDocumentation
 */

import { CifError } from './errors';
import { operatorsFromHall } from './hall';
import { opCount, opKey } from './operators';
import { SPACE_GROUP_ROWS } from './space-group-table';

/** One tabulated space-group setting. */
export interface SpaceGroupInfo {
  /** International Tables number, 1–230. */
  number: number;
  /** Hermann–Mauguin symbol of this setting with spaces, e.g. `"F d -3 m"`, `"P 1 21/c 1"`. */
  symbol: string;
  /** Hall symbol, e.g. `"-F 4vw 2vw 3"`. */
  hall: string;
  /** Origin choice `"1"`/`"2"` or axes `"H"`/`"R"`, for groups that have them. */
  setting?: string;
  /** Axis-permutation code of non-standard settings (e.g. `"c"`, `"b2"`, `"ba-c"`); `""` for the standard. */
  axes: string;
  /** Universal symbol: H-M plus `:setting`, e.g. `"F d -3 m:2"`, `"R -3 m:H"`. */
  universal: string;
  /** True for the reference setting of its number (for two origin choices: origin 2; for R groups: hexagonal). */
  reference: boolean;
  /** Full H-M symbols (reference settings; pymatgen spelling, e.g. `"F4_1/d-32/m"`). */
  fullSymbols: string[];
  /**
   * All operators including centring translations, 12 numbers each (`[R | t]` row-major), identity first.
   * Shared: do not modify.
   */
  operators: Float64Array;
}

interface Row {
  number: number;
  symbol: string;
  ext: string;
  axes: string;
  hall: string;
  reference: boolean;
  full: string[];
  info?: SpaceGroupInfo;
}

let rows: Row[] | null = null;
let bySymbol: Map<string, Row[]> | null = null;
let byHall: Map<string, Row> | null = null;
let byNumber: Row[][] | null = null;

/**
 * Canonical key of a space-group symbol for lookups: lower case, without spaces, underscores and the
 * parentheses of screw axes (`P4(2)/mmc` → `p42/mmc`).
 */
export function symbolKey(symbol: string): string {
  return symbol
    .toLowerCase()
    .replace(/[\s_]+/g, '')
    .replace(/(\d)\((\d)\)/g, '$1$2');
}

function load(): Row[] {
  if (rows) return rows;
  rows = [];
  bySymbol = new Map();
  byHall = new Map();
  byNumber = Array.from({ length: 231 }, () => []);
  const addSymbol = (key: string, row: Row): void => {
    const list = bySymbol!.get(key);
    if (!list) bySymbol!.set(key, [row]);
    else if (!list.includes(row)) list.push(row);
  };
  for (const line of SPACE_GROUP_ROWS) {
    const [num, symbol, ext, axes, hall, ref, full] = line.split('|') as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const row: Row = {
      number: Number(num),
      symbol,
      ext,
      axes,
      hall,
      reference: ref === '1',
      full: full ? full.split(' ') : [],
    };
    rows.push(row);
    byNumber[row.number]!.push(row);
    addSymbol(symbolKey(symbol), row);
    const hk = hallKey(hall);
    if (!byHall.has(hk)) byHall.set(hk, row);
  }
  // aliases that apply to every setting of a number: full symbols, short monoclinic symbols,
  // old cubic symbols without the bar (Pm3m), e-glide symbols (Cmce / Cmca)
  for (const row of rows) {
    for (const f of row.full)
      for (const r of byNumber[row.number]!) if (r.axes === row.axes) addSymbol(symbolKey(f), r);
    const key = symbolKey(row.symbol);
    if (row.number >= 3 && row.number <= 15) {
      // "P 1 21/c 1" → "P21/c" (unique axis b only, the common short form)
      const parts = row.symbol.split(' ');
      if (parts.length === 4) {
        const unique = parts.findIndex((p, k) => k > 0 && p !== '1');
        if (unique === 2) addSymbol(symbolKey(`${parts[0]}${parts[2]}`), row);
      }
    }
    if ((row.number >= 200 && row.number <= 206) || row.number >= 221) addSymbol(key.replace('-3', '3'), row);
    const eGlide: Record<number, [string, string]> = {
      39: ['abm2', 'aem2'],
      41: ['aba2', 'aea2'],
      64: ['cmca', 'cmce'],
      67: ['cmma', 'cmme'],
      68: ['ccca', 'ccce'],
    };
    const e = eGlide[row.number];
    if (e && key === e[0]) addSymbol(e[1], row);
  }
  return rows;
}

function hallKey(hall: string): string {
  return hall.replace(/\s+/g, ' ').trim().toLowerCase();
}

function info(row: Row): SpaceGroupInfo {
  if (row.info) return row.info;
  const operators = operatorsFromHall(row.hall);
  const result: SpaceGroupInfo = {
    number: row.number,
    symbol: row.symbol,
    hall: row.hall,
    axes: row.axes,
    universal: row.ext ? `${row.symbol}:${row.ext}` : row.symbol,
    reference: row.reference,
    fullSymbols: row.full,
    operators,
  };
  if (row.ext) result.setting = row.ext;
  row.info = result;
  return result;
}

/**
 * Parses a symbol such as `"F d -3 m:2"`, `"Fd-3m S"`, `"F 41/d -3 2/m (origin choice 2)"`, `"R -3 m H"`,
 * `"P4(2)/mmc"`, `"f_d_-3_m"` or `"Pm3m"` into a lookup key and an explicit setting (`"1"`, `"2"`, `"H"`, `"R"`).
 */
export function splitSetting(symbol: string): { key: string; setting?: string } {
  load();
  let s = symbol.trim();
  let setting: string | undefined;
  const oc = /\(?\s*origin\s*(?:choice)?\s*([12])\s*\)?/i.exec(s);
  if (oc) {
    setting = oc[1];
    s = s.slice(0, oc.index) + s.slice(oc.index + oc[0].length);
  }
  const colon = s.lastIndexOf(':');
  if (colon >= 0) {
    const tail = s.slice(colon + 1).trim();
    s = s.slice(0, colon);
    setting = normaliseSettingCode(tail) ?? setting;
  } else if (!bySymbol!.has(symbolKey(s))) {
    // trailing " S", " Z", " H", " R", " 1", " 2" (ICSD/COD markers), only when the whole is no symbol
    const m = /\s+([SZHR12])$/i.exec(s);
    if (m && /\s/.test(s.trim())) {
      const code = normaliseSettingCode(m[1]!);
      if (code) {
        setting = code;
        s = s.slice(0, m.index);
      }
    }
  }
  return setting === undefined ? { key: symbolKey(s) } : { key: symbolKey(s), setting };
}

function normaliseSettingCode(code: string): string | undefined {
  const c = code.trim().toUpperCase();
  if (c === '1' || c === '2' || c === 'H' || c === 'R') return c;
  if (c === 'S') return '1';
  if (c === 'Z') return '2';
  return undefined;
}

/**
 * All tabulated settings whose H-M symbol (any spelling {@link splitSetting} understands) matches;
 * empty when none does. An explicit setting in the symbol narrows the list.
 */
export function findSettings(symbol: string): SpaceGroupInfo[] {
  load();
  const { key, setting } = splitSetting(symbol);
  let list = bySymbol!.get(key) ?? [];
  if (setting !== undefined) {
    const narrowed = list.filter((r) => r.ext === setting);
    if (narrowed.length > 0) list = narrowed;
  }
  return list.map(info);
}

/** The tabulated setting with this Hall symbol (spacing and case ignored, e.g. `"-P2ybc"`), if any. */
export function findHall(hall: string): SpaceGroupInfo | undefined {
  load();
  let row = byHall!.get(hallKey(hall));
  if (!row) {
    const compact = hall.replace(/\s+/g, '').toLowerCase();
    row = rows!.find((r) => r.hall.replace(/\s+/g, '').toLowerCase() === compact);
  }
  return row ? info(row) : undefined;
}

/** Every tabulated setting of one IT number (reference setting first). */
export function settingsOf(number: number): SpaceGroupInfo[] {
  load();
  if (!Number.isInteger(number) || number < 1 || number > 230) {
    throw new RangeError(`space-group number must be an integer 1–230, got ${number}`);
  }
  const list = byNumber![number]!;
  return [...list.filter((r) => r.reference), ...list.filter((r) => !r.reference)].map(info);
}

/**
 * A space group by IT number or symbol, in a given setting.
 *
 * - A number gives the reference setting (for the groups with two origin choices this is origin choice 2,
 *   the centrosymmetric origin used by most databases; for R groups the hexagonal axes) unless `setting`
 *   says otherwise (`"1"`, `"2"`, `"H"`, `"R"`).
 * - A symbol may be an H-M symbol in any common spelling (`"Fd-3m"`, `"F d -3 m:1"`, `"F41/d-32/m"`,
 *   `"R -3 m H"`), a universal symbol, or a Hall symbol (`"-F 4vw 2vw 3"`).
 *
 * @throws {@link CifError} `E_CIF_SPACE_GROUP` when nothing matches; RangeError for a number outside 1–230.
 * @example
 * ```ts
 * spaceGroup(227).operators.length / 12; // 192
 * spaceGroup('F d -3 m', '1').hall;      // 'F 4d 2 3 -1d'
 * ```
 */
export function spaceGroup(numberOrSymbol: number | string, setting?: string): SpaceGroupInfo {
  load();
  let candidates: SpaceGroupInfo[];
  if (typeof numberOrSymbol === 'number') {
    candidates = standardSettings(numberOrSymbol);
  } else {
    const text = numberOrSymbol.trim();
    if (/^\d+$/.test(text)) return spaceGroup(Number(text), setting);
    candidates = findSettings(text);
    if (candidates.length === 0) {
      const hall = findHall(text);
      if (hall) candidates = [hall];
    }
  }
  if (candidates.length === 0) {
    throw new CifError('E_CIF_SPACE_GROUP', `unknown space group "${numberOrSymbol}"`);
  }
  if (setting !== undefined) {
    const code = normaliseSettingCode(setting);
    const match = candidates.find((c) => c.setting === code);
    if (!match) {
      throw new CifError(
        'E_CIF_SPACE_GROUP',
        `space group "${numberOrSymbol}" has no setting "${setting}" (available: ${candidates.map((c) => c.setting ?? 'standard').join(', ')})`,
      );
    }
    return match;
  }
  return candidates.find((c) => c.reference) ?? candidates[0]!;
}

/**
 * The settings of a number in its standard axes: the reference setting plus, for groups with two origin
 * choices or R groups, the other origin / axes (reference first).
 */
export function standardSettings(number: number): SpaceGroupInfo[] {
  const all = settingsOf(number);
  const axes = all[0]!.axes;
  return all.filter((s) => s.axes === axes);
}

let byOperators: Map<string, SpaceGroupInfo[]> | null = null;
const keySets = new WeakMap<SpaceGroupInfo, Set<number>>();

function mix32(k: number): number {
  let h = k >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const keyScratch: number[] = [];

/**
 * Order-independent hash of a set of operators (count, sum and xor of mixed numeric operator keys);
 * fills `keyScratch` with the keys. `null` when an operator has no numeric key.
 */
function operatorSetHash(ops: Float64Array): string | null {
  const n = opCount(ops);
  keyScratch.length = n;
  let sum = 0;
  let xor = 0;
  for (let i = 0; i < n; i++) {
    const k = opKey(ops, i * 12);
    if (typeof k === 'string') return null;
    keyScratch[i] = k;
    const m = mix32(k);
    sum = (sum + m) >>> 0;
    xor = (xor ^ mix32(m + 0x9e3779b9)) >>> 0;
  }
  return `${n}:${sum}:${xor}`;
}

function keySetOf(inf: SpaceGroupInfo): Set<number> {
  let set = keySets.get(inf);
  if (!set) {
    set = new Set();
    for (let i = 0; i < opCount(inf.operators); i++) set.add(opKey(inf.operators, i * 12) as number);
    keySets.set(inf, set);
  }
  return set;
}

/**
 * The tabulated setting whose operators are exactly this set (any order), if any. Builds an index of
 * all 559 settings on first call (a few milliseconds); a lookup hashes the operators and verifies the match.
 */
export function findByOperators(ops: Float64Array): SpaceGroupInfo | undefined {
  if (!byOperators) {
    byOperators = new Map();
    for (const row of load()) {
      const inf = info(row);
      const h = operatorSetHash(inf.operators)!;
      const list = byOperators.get(h);
      if (!list) byOperators.set(h, [inf]);
      else list.push(inf);
    }
    // prefer reference settings, then standard axes, among settings with identical operators
    for (const list of byOperators.values()) {
      list.sort(
        (a, b) => Number(b.reference) - Number(a.reference) || Number(a.axes !== '') - Number(b.axes !== ''),
      );
    }
  }
  const h = operatorSetHash(ops);
  if (h === null) return undefined;
  const list = byOperators.get(h);
  if (!list) return undefined;
  const n = keyScratch.length;
  if (new Set(keyScratch).size !== n) return undefined;
  for (const cand of list) {
    const set = keySetOf(cand);
    if (set.size !== n) continue;
    let all = true;
    for (let i = 0; i < n && all; i++) if (!set.has(keyScratch[i]!)) all = false;
    if (all) return cand;
  }
  return undefined;
}

/** Every tabulated setting (559), in table order. Generates all operator lists on first call. */
export function allSpaceGroupSettings(): SpaceGroupInfo[] {
  return load().map(info);
}

/** A tabulated setting matched to operators up to an origin shift. */
export interface OperatorMatch {
  /** The tabulated setting. */
  group: SpaceGroupInfo;
  /** Origin shift s (fractional): the operators are the setting's `(R, t + (I − R)·s)`; zero for an exact match. */
  shift: [number, number, number];
  /** Hall symbol of the operators, with the shift as a change of basis when non-zero, e.g. `"-P 4c 2 (x,y+1/2,z)"`. */
  hall: string;
}

let byRotations: Map<string, SpaceGroupInfo[]> | null = null;

function rotationKey(ops: Float64Array, o: number): number {
  let k = 0;
  for (const j of [0, 1, 2, 4, 5, 6, 8, 9, 10]) {
    const v = ops[o + j]!;
    if (v !== 0 && v !== 1 && v !== -1) return -1;
    k = k * 3 + v + 1;
  }
  return k;
}

function rotationSetKey(ops: Float64Array): string | null {
  const n = opCount(ops);
  const keys: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = rotationKey(ops, i * 12);
    if (k < 0) return null;
    keys[i] = k;
  }
  keys.sort((a, b) => a - b);
  return keys.join(',');
}

function fractionText(x: number): string {
  for (const d of [2, 3, 4, 6, 8, 12, 24]) {
    const k = Math.round(x * d);
    if (Math.abs(x * d - k) < 1e-9) return `${k}/${d}`;
  }
  return String(x);
}

/**
 * Identifies the space group of a complete operator list: an exact tabulated setting, or a tabulated
 * setting with the same rotations whose origin is shifted (searched on a 1/24 grid). Returns `undefined`
 * for settings with other axes than the 559 tabulated ones, or for operators that are no space group.
 */
export function identifyOperators(ops: Float64Array): OperatorMatch | undefined {
  const exact = findByOperators(ops);
  if (exact) return { group: exact, shift: [0, 0, 0], hall: exact.hall };
  const rk = rotationSetKey(ops);
  if (rk === null) return undefined;
  if (!byRotations) {
    byRotations = new Map();
    for (const row of load()) {
      const inf = info(row);
      const k = rotationSetKey(inf.operators)!;
      const list = byRotations.get(k);
      if (list) list.push(inf);
      else byRotations.set(k, [inf]);
    }
  }
  const candidates = byRotations.get(rk);
  if (!candidates) return undefined;
  const n = opCount(ops);
  // test operators with large (I - R) first: they reject wrong shifts soonest
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      Math.abs(ops[b * 12]! + ops[b * 12 + 5]! + ops[b * 12 + 10]!) -
      Math.abs(ops[a * 12]! + ops[a * 12 + 5]! + ops[a * 12 + 10]!),
  );
  const tmp = new Float64Array(12);
  for (const cand of candidates) {
    const keys = new Set<number | string>();
    for (let i = 0; i < n; i++) keys.add(opKey(cand.operators, i * 12));
    for (let a = 0; a < 24; a++)
      for (let b = 0; b < 24; b++)
        for (let c = 0; c < 24; c++) {
          const s0 = a / 24;
          const s1 = b / 24;
          const s2 = c / 24;
          let ok = true;
          for (let q = 0; q < n && ok; q++) {
            const o = order[q]! * 12;
            for (let r = 0; r < 3; r++) {
              const r0 = ops[o + r * 4]!;
              const r1 = ops[o + r * 4 + 1]!;
              const r2 = ops[o + r * 4 + 2]!;
              tmp[r * 4] = r0;
              tmp[r * 4 + 1] = r1;
              tmp[r * 4 + 2] = r2;
              // t0 = t - (I - R) s
              const is = (r === 0 ? s0 : r === 1 ? s1 : s2) - (r0 * s0 + r1 * s1 + r2 * s2);
              tmp[r * 4 + 3] = ops[o + r * 4 + 3]! - is;
            }
            if (!keys.has(opKey(tmp, 0))) ok = false;
          }
          if (ok) {
            const shift: [number, number, number] = [s0, s1, s2];
            const part = (axis: string, v: number): string => (v === 0 ? axis : `${axis}+${fractionText(v)}`);
            const hall = `${cand.hall} (${part('x', s0)},${part('y', s1)},${part('z', s2)})`;
            return { group: cand, shift, hall };
          }
        }
  }
  return undefined;
}
