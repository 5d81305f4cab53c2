/**
 * From a parsed CIF to crystal structures: cell, sites, symmetry resolution, expansion.
 *
 * @packageDocumentation
 */

import type { CifBlock, CifDocument, CifItem } from './document';
import { ValueKind } from './document';
import { parseElement } from './elements';
import { CifError, type CifWarning } from './errors';
import { checkContacts, expandSites, hillFormula, metricTensor } from './expand';
import { operatorsFromHall } from './hall';
import { limits } from './limits';
import { parseNumberInto } from './number';
import { checkOperator, closeGroup, opCount, parseTripletInto, wrapTranslation } from './operators';
import { type ParseCifOptions, parseCif } from './parse';
import {
  findByOperators,
  findHall,
  findSettings,
  identifyOperators,
  type OperatorMatch,
  type SpaceGroupInfo,
  settingsOf,
  splitSetting,
  standardSettings,
} from './space-group';
import type { AtomSite, Cell, DeclaredSpaceGroup, SpaceGroupRef, Structure } from './structure';

/** Options of {@link readStructures}. */
export interface ReadStructuresOptions extends ParseCifOptions {
  /**
   * Distance in Å below which symmetry copies of one site are merged (default 0.01 Å). Copies are also
   * merged when every fractional coordinate differs by less than 2e-4 (for files with 4-digit coordinates).
   */
  mergeTolerance?: number;
  /**
   * Origin choice for groups with two (ITA origin choices 1 and 2) when the file names the group by
   * symbol or number only, without a marker: `'auto'` (default, see {@link readStructures}), `'1'` or `'2'`.
   */
  originChoice?: 'auto' | '1' | '2';
  /** Skip blocks that have atom sites but cannot be turned into a structure (with a warning) instead of throwing. */
  skipInvalid?: boolean;
  /** Longest accepted cell edge in Å (default `limits.maxCellEdge`, 1000); longer throws `E_CIF_LIMIT`. */
  maxCellEdge?: number;
}

const TAU2 = 8 * Math.PI * Math.PI;

/** Tag spellings: CIF 1.1 underscore form first, then DDLm/mmCIF dotted forms. */
const TAGS = {
  a: ['_cell_length_a', '_cell.length_a'],
  b: ['_cell_length_b', '_cell.length_b'],
  c: ['_cell_length_c', '_cell.length_c'],
  alpha: ['_cell_angle_alpha', '_cell.angle_alpha'],
  beta: ['_cell_angle_beta', '_cell.angle_beta'],
  gamma: ['_cell_angle_gamma', '_cell.angle_gamma'],
  label: ['_atom_site_label', '_atom_site.label'],
  type: ['_atom_site_type_symbol', '_atom_site.type_symbol'],
  x: ['_atom_site_fract_x', '_atom_site.fract_x'],
  y: ['_atom_site_fract_y', '_atom_site.fract_y'],
  z: ['_atom_site_fract_z', '_atom_site.fract_z'],
  occupancy: ['_atom_site_occupancy', '_atom_site.occupancy'],
  uiso: ['_atom_site_u_iso_or_equiv', '_atom_site.u_iso_or_equiv'],
  biso: ['_atom_site_b_iso_or_equiv', '_atom_site.b_iso_or_equiv'],
  anisoLabel: ['_atom_site_aniso_label', '_atom_site_aniso.label'],
  ops: [
    '_space_group_symop_operation_xyz',
    '_space_group_symop.operation_xyz',
    '_symmetry_equiv_pos_as_xyz',
    '_symmetry_equiv.pos_as_xyz',
  ],
  magnOps: ['_space_group_symop_magn_operation_xyz', '_space_group_symop_magn_operation.xyz'],
  magnCentring: ['_space_group_symop_magn_centering_xyz', '_space_group_symop_magn_centering.xyz'],
  hall: [
    '_space_group_name_hall',
    '_space_group.name_hall',
    '_symmetry_space_group_name_hall',
    '_symmetry.space_group_name_hall',
  ],
  hm: [
    '_space_group_name_h-m_alt',
    '_space_group.name_h-m_alt',
    '_symmetry_space_group_name_h-m',
    '_symmetry.space_group_name_h-m',
    '_space_group_name_h-m_full',
    '_space_group.name_h-m_full',
    '_space_group_name_h-m_ref',
    '_space_group.name_h-m_ref',
    '_space_group_name_h-m',
  ],
  number: [
    '_space_group_it_number',
    '_space_group.it_number',
    '_symmetry_int_tables_number',
    '_symmetry.int_tables_number',
  ],
  originCode: ['_space_group_it_coordinate_system_code', '_space_group.it_coordinate_system_code'],
  formula: ['_chemical_formula_sum', '_chemical_formula.sum'],
} as const;

const num = new Float64Array(2);

function item(block: CifBlock, tags: readonly string[]): CifItem | undefined {
  for (const t of tags) {
    const it = block.items.get(t);
    if (it) return it;
  }
  return undefined;
}

function str(it: CifItem | undefined, row = 0): string | undefined {
  if (!it || row >= it.values.length) return undefined;
  const k = it.kinds[row];
  const v = it.values[row];
  if (k === ValueKind.Unknown || k === ValueKind.Inapplicable || typeof v !== 'string') return undefined;
  return v;
}

/** Reads a number; NaN when absent/unknown. Sets `num[1]` to the su. */
function numberAt(it: CifItem | undefined, row = 0): number {
  const s = str(it, row);
  if (s === undefined) return Number.NaN;
  if (parseNumberInto(s, num)) return num[0]!;
  return Number.NaN;
}

/** The space-group tags of a block, as read by `BlockReader.declaredTags`. */
interface DeclaredTags {
  /** The IT number, when 1–230. */
  number: number | undefined;
  numberItem: CifItem | undefined;
  /** The Hall symbol, trimmed. */
  hall: string | undefined;
  hallItem: CifItem | undefined;
  /** The H-M symbol, trimmed. */
  hm: string | undefined;
  hmItem: CifItem | undefined;
}

class BlockReader {
  readonly warnings: CifWarning[] = [];
  /** The tabulated setting found for the last operator loop read, and that loop's operators. */
  exact: SpaceGroupInfo | undefined;
  exactOps: Float64Array | undefined;
  constructor(
    readonly block: CifBlock,
    readonly file: string | undefined,
    readonly options: ReadStructuresOptions,
  ) {}

  warn(code: string, message: string, line = 0, column = 0): void {
    const w: CifWarning = { code, message, file: this.file, line, column, block: this.block.name };
    this.warnings.push(w);
    this.options.onWarning?.(w);
  }

  fail(code: 'E_CIF_STRUCTURE' | 'E_CIF_SYMMETRY', reason: string, line = 0, column = 0): never {
    throw new CifError(code, reason, { file: this.file, line, column, block: this.block.name });
  }

  /** Fractional value with a lenient fallback for fractions such as `1/4`. */
  coordinate(it: CifItem, row: number, what: string): number {
    const s = str(it, row);
    if (s === undefined)
      this.fail('E_CIF_STRUCTURE', `${what} of atom site ${row + 1} is unknown`, it.lines[row], 0);
    if (parseNumberInto(s, num)) {
      if (!Number.isFinite(num[0]!))
        this.fail('E_CIF_STRUCTURE', `${what} "${s}" is not a finite number`, it.lines[row], 0);
      return num[0]!;
    }
    const frac = /^([+-]?\d+)\/(\d+)$/.exec(s);
    if (frac && Number(frac[2]) !== 0) {
      this.warn(
        'W_CIF_FRACTION',
        `${what} "${s}" is a fraction, not a CIF number; read as ${Number(frac[1]) / Number(frac[2])}`,
        it.lines[row],
      );
      return Number(frac[1]) / Number(frac[2]);
    }
    this.fail('E_CIF_STRUCTURE', `${what} "${s}" is not a number`, it.lines[row], 0);
  }

  cell(): { cell: Cell; su: Partial<Cell> } {
    const cell = {} as Cell;
    const su: Partial<Cell> = {};
    for (const key of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) {
      const it = item(this.block, TAGS[key]);
      const v = numberAt(it);
      if (Number.isNaN(v)) {
        if (key === 'alpha' || key === 'beta' || key === 'gamma') {
          this.warn('W_CIF_CELL_ANGLE', `_cell_angle_${key} missing or unknown; 90° assumed`);
          cell[key] = 90;
          continue;
        }
        this.fail(
          'E_CIF_STRUCTURE',
          `cell length ${key} is missing or not a number (_cell_length_${key})`,
          it?.line ?? this.block.line,
          0,
        );
      }
      if (
        !(v > 0) ||
        !Number.isFinite(v) ||
        ((key === 'alpha' || key === 'beta' || key === 'gamma') && v >= 180)
      ) {
        this.fail('E_CIF_STRUCTURE', `cell parameter ${key} = ${v} is out of range`, it!.lines[0], 0);
      }
      const maxEdge = this.options.maxCellEdge ?? limits.maxCellEdge;
      if ((key === 'a' || key === 'b' || key === 'c') && v > maxEdge) {
        throw new CifError(
          'E_CIF_LIMIT',
          `cell length ${key} = ${v} Å is longer than maxCellEdge = ${maxEdge} Å`,
          { file: this.file, line: it!.lines[0], column: 0, block: this.block.name },
        );
      }
      cell[key] = v;
      if (!Number.isNaN(num[1]!)) su[key] = num[1]!;
    }
    const g = metricTensor(cell);
    const det =
      g[0]! * (g[4]! * g[8]! - g[5]! * g[7]!) -
      g[1]! * (g[3]! * g[8]! - g[5]! * g[6]!) +
      g[2]! * (g[3]! * g[7]! - g[4]! * g[6]!);
    if (!(det > 1e-9))
      this.fail('E_CIF_STRUCTURE', 'cell angles do not describe a cell (zero or negative volume)');
    return { cell, su };
  }

  sites(cell: Cell): AtomSite[] {
    const b = this.block;
    const xs = item(b, TAGS.x);
    const ys = item(b, TAGS.y);
    const zs = item(b, TAGS.z);
    if (!xs || !ys || !zs)
      this.fail('E_CIF_STRUCTURE', 'atom sites lack fractional coordinates (_atom_site_fract_x/y/z)');
    const labels = item(b, TAGS.label);
    const types = item(b, TAGS.type);
    const occ = item(b, TAGS.occupancy);
    const uiso = item(b, TAGS.uiso);
    const biso = item(b, TAGS.biso);
    const n = xs.values.length;
    if (ys.values.length !== n || zs.values.length !== n)
      this.fail('E_CIF_STRUCTURE', 'fract_x/y/z have different lengths');
    const oxidationByType = this.oxidationTable();
    const aniso = this.anisoB(cell);
    const sites: AtomSite[] = [];
    let unknownOcc = false;
    let skipped = 0;
    for (let i = 0; i < n; i++) {
      if (str(xs, i) === undefined && str(ys, i) === undefined && str(zs, i) === undefined) {
        skipped++;
        continue;
      }
      const label = str(labels, i) ?? `${str(types, i) ?? 'X'}${i + 1}`;
      const typeText = str(types, i);
      const parsed = parseElement(typeText ?? label) ?? (typeText ? parseElement(label) : undefined);
      if (!parsed) {
        this.fail(
          'E_CIF_STRUCTURE',
          `no element in type symbol or label "${typeText ?? label}"`,
          (types ?? labels ?? xs).lines[i],
          0,
        );
      }
      const site: AtomSite = {
        label,
        element: parsed.element,
        atomicNumber: parsed.atomicNumber,
        x: this.coordinate(xs, i, 'fract_x'),
        y: this.coordinate(ys, i, 'fract_y'),
        z: this.coordinate(zs, i, 'fract_z'),
        occupancy: 1,
        b: Number.NaN,
      };
      const ox = parsed.oxidation ?? (typeText ? oxidationByType.get(typeText) : undefined);
      if (ox !== undefined) site.oxidation = ox;
      if (occ && i < occ.values.length) {
        const o = numberAt(occ, i);
        if (Number.isNaN(o)) unknownOcc = true;
        else if (o < 0 || o > 1.0001)
          this.fail('E_CIF_STRUCTURE', `occupancy ${o} of ${label} is outside 0–1`, occ.lines[i], 0);
        else site.occupancy = Math.min(o, 1);
      }
      let bval = numberAt(biso, i);
      if (Number.isNaN(bval)) {
        const u = numberAt(uiso, i);
        if (!Number.isNaN(u)) bval = TAU2 * u;
      }
      if (Number.isNaN(bval)) bval = aniso.get(label.toLowerCase()) ?? Number.NaN;
      if (Number.isNaN(bval) || Number.isFinite(bval)) site.b = bval;
      else {
        this.warn(
          'W_CIF_B',
          `displacement parameter of ${label} is not finite; treated as unknown`,
          xs.lines[i],
        );
        site.b = Number.NaN;
      }
      sites.push(site);
    }
    if (skipped > 0)
      this.warn('W_CIF_SITE_SKIPPED', `${skipped} atom site(s) without coordinates skipped`, xs.line);
    if (unknownOcc)
      this.warn('W_CIF_OCCUPANCY', 'some occupancies are unknown (?); 1 assumed', occ?.line ?? 0);
    return sites;
  }

  oxidationTable(): Map<string, number> {
    const map = new Map<string, number>();
    const sym = item(this.block, ['_atom_type_symbol', '_atom_type.symbol']);
    const ox = item(this.block, ['_atom_type_oxidation_number', '_atom_type.oxidation_number']);
    if (!sym || !ox) return map;
    for (let i = 0; i < sym.values.length; i++) {
      const s = str(sym, i);
      const v = numberAt(ox, i);
      if (s !== undefined && !Number.isNaN(v)) map.set(s, v);
    }
    return map;
  }

  /** Isotropic B from anisotropic U (or B) tensors: B = 8π² · Ueq, Ueq = (1/3) Σ U^ij a*_i a*_j (a_i·a_j). */
  anisoB(cell: Cell): Map<string, number> {
    const map = new Map<string, number>();
    const labels = item(this.block, TAGS.anisoLabel);
    if (!labels) return map;
    const comps = ['11', '22', '33', '12', '13', '23'];
    let scale = TAU2;
    let its = comps.map((c) => item(this.block, [`_atom_site_aniso_u_${c}`, `_atom_site_aniso.u_${c}`]));
    if (its.some((x) => !x)) {
      its = comps.map((c) => item(this.block, [`_atom_site_aniso_b_${c}`, `_atom_site_aniso.b_${c}`]));
      scale = 1;
      if (its.some((x) => !x)) return map;
    }
    const g = metricTensor(cell);
    // reciprocal lengths from the inverse metric tensor diagonal
    const det =
      g[0]! * (g[4]! * g[8]! - g[5]! * g[7]!) -
      g[1]! * (g[3]! * g[8]! - g[5]! * g[6]!) +
      g[2]! * (g[3]! * g[7]! - g[4]! * g[6]!);
    const as = Math.sqrt((g[4]! * g[8]! - g[5]! * g[7]!) / det);
    const bs = Math.sqrt((g[0]! * g[8]! - g[2]! * g[6]!) / det);
    const cs = Math.sqrt((g[0]! * g[4]! - g[1]! * g[3]!) / det);
    const rs = [as, bs, cs];
    for (let i = 0; i < labels.values.length; i++) {
      const l = str(labels, i);
      if (l === undefined) continue;
      const u = its.map((it) => numberAt(it, i));
      if (u.some(Number.isNaN)) continue;
      const U = [
        [u[0]!, u[3]!, u[4]!],
        [u[3]!, u[1]!, u[5]!],
        [u[4]!, u[5]!, u[2]!],
      ];
      let sum = 0;
      for (let p = 0; p < 3; p++)
        for (let q = 0; q < 3; q++) sum += U[p]![q]! * rs[p]! * rs[q]! * g[p * 3 + q]!;
      map.set(l.toLowerCase(), (scale * sum) / 3);
    }
    return map;
  }

  /** Parses an operator loop; returns the operators (12 each) or undefined when absent. */
  operatorLoop(it: CifItem | undefined, magnetic: boolean): Float64Array | undefined {
    if (!it) return undefined;
    const n = it.values.length;
    const ops = new Float64Array(n * 12);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const s = str(it, i);
      if (s === undefined) continue;
      const err = parseTripletInto(s, ops, k * 12, magnetic);
      if (err) this.fail('E_CIF_SYMMETRY', err, it.lines[i], 0);
      k++;
    }
    if (k === 0) return undefined;
    const result = ops.slice(0, k * 12);
    for (let o = 3; o < result.length; o += 4) result[o] = wrapTranslation(result[o]!);
    // operators of a tabulated setting are valid; anything else is checked one by one
    this.exact = findByOperators(result);
    this.exactOps = result;
    if (!this.exact) {
      for (let i = 0, j = 0; i < n; i++) {
        const s = str(it, i);
        if (s === undefined) continue;
        const bad = checkOperator(result, j * 12);
        if (bad) this.fail('E_CIF_SYMMETRY', `symmetry operator "${s}": ${bad}`, it.lines[i], 0);
        j++;
      }
    }
    return result;
  }

  /** Resolves the space group in the documented order of trust. */
  symmetry(cell: Cell, sites: AtomSite[], tolerance: number): SpaceGroupRef {
    const declared = this.declaredTags();
    return (
      // 1. explicit operators
      this.symmetryFromOperators(declared) ??
      // 2. Hall symbol
      this.symmetryFromHall(declared) ??
      // 3. H-M symbol with setting / origin choice
      this.symmetryFromHm(declared, cell, sites, tolerance) ??
      // 4. IT number
      this.symmetryFromNumber(declared, cell, sites, tolerance) ??
      // 5. nothing
      this.noSymmetry()
    );
  }

  /** The declared number (warned about and dropped when not 1–230), Hall and H-M symbols, with their items. */
  declaredTags(): DeclaredTags {
    const b = this.block;
    const numberItem = item(b, TAGS.number);
    const numberText = str(numberItem);
    let number: number | undefined;
    if (numberText !== undefined) {
      const v = Number(numberText);
      if (Number.isInteger(v) && v >= 1 && v <= 230) number = v;
      else
        this.warn(
          'W_CIF_IT_NUMBER',
          `space-group number "${numberText}" is not 1–230; ignored`,
          numberItem!.lines[0],
        );
    }
    const hallItem = item(b, TAGS.hall);
    const hmItem = item(b, TAGS.hm);
    return {
      number,
      numberItem,
      hall: str(hallItem)?.trim(),
      hallItem,
      hm: str(hmItem)?.trim(),
      hmItem,
    };
  }

  /** The symmetry operator loop, else the magnetic operators closed with their centrings; with their item. */
  readOperators(): { ops: Float64Array; opsItem: CifItem } | undefined {
    const b = this.block;
    const ops = this.operatorLoop(item(b, TAGS.ops), false);
    if (ops) return { ops, opsItem: item(b, TAGS.ops)! };
    const magn = this.operatorLoop(item(b, TAGS.magnOps), true);
    if (!magn) return undefined;
    const opsItem = item(b, TAGS.magnOps)!;
    const cen = this.operatorLoop(item(b, TAGS.magnCentring), true);
    if (!cen) return { ops: magn, opsItem };
    const closed = closeGroup(concat(magn, cen));
    if (!closed)
      this.fail('E_CIF_SYMMETRY', 'magnetic operators and centrings generate more than 192 operators');
    return { ops: closed, opsItem };
  }

  /** Step 1: the listed operators (completed to a group), identified against the tables when possible. */
  symmetryFromOperators(declared: DeclaredTags): SpaceGroupRef | undefined {
    const read = this.readOperators();
    if (!read) return undefined;
    const { ops, opsItem } = read;
    const n = opCount(ops);
    let match: OperatorMatch | undefined;
    const exact = this.exactOps === ops ? this.exact : findByOperators(ops);
    let full = ops;
    if (exact) {
      match = { group: exact, shift: [0, 0, 0], hall: exact.hall };
      full = identityFirst(ops);
    } else {
      const closed = closeGroup(ops);
      if (!closed)
        this.fail(
          'E_CIF_SYMMETRY',
          `the ${n} symmetry operators generate more than 192 operators`,
          opsItem.line,
        );
      if (opCount(closed) !== n) {
        this.warn(
          'W_CIF_OPERATORS_NOT_GROUP',
          `the ${n} listed symmetry operators do not form a group; completed to ${opCount(closed)}`,
          opsItem.line,
        );
      }
      full = closed;
      match = identifyOperators(closed);
    }
    const ref: SpaceGroupRef = { number: 0, symbol: declared.hm ?? '', operators: full };
    if (match) {
      this.applyMatch(ref, match, opsItem.line);
    } else if (declared.number !== undefined) {
      ref.number = declared.number;
      this.warn(
        'W_CIF_SETTING_UNKNOWN',
        `the operators match no tabulated setting, even with an origin shift (non-standard axes); the declared number ${declared.number} is not verified`,
        opsItem.line,
      );
    } else {
      this.warn(
        'W_CIF_SETTING_UNKNOWN',
        'the operators match no tabulated setting, even with an origin shift, and no number is declared; number 0',
        opsItem.line,
      );
    }
    if (declared.hall && !ref.hall) ref.hall = declared.hall;
    this.checkDeclared(ref, declared.number, declared.numberItem, declared.hm, declared.hmItem);
    return ref;
  }

  /** Step 2: the Hall symbol, tabulated or decoded (a symbol not understood is warned about and skipped). */
  symmetryFromHall(declared: DeclaredTags): SpaceGroupRef | undefined {
    const { hall: hallText, hallItem } = declared;
    if (!hallText) return undefined;
    const tabulated = findHall(hallText);
    let operators: Float64Array | undefined = tabulated?.operators;
    if (!tabulated) {
      try {
        operators = operatorsFromHall(hallText);
      } catch (cause) {
        this.warn(
          'W_CIF_HALL',
          `Hall symbol "${hallText}" not understood (${(cause as Error).message}); trying other tags`,
          hallItem!.lines[0],
        );
      }
    }
    if (!operators) return undefined;
    const ref: SpaceGroupRef = {
      number: declared.number ?? 0,
      symbol: declared.hm ?? '',
      hall: hallText,
      operators,
    };
    const match = tabulated
      ? { group: tabulated, shift: [0, 0, 0] as [number, number, number], hall: hallText }
      : identifyOperators(operators);
    if (match) {
      this.applyMatch(ref, match, hallItem!.lines[0]!);
      ref.hall = tabulated ? tabulated.hall : hallText;
    }
    this.checkDeclared(ref, declared.number, declared.numberItem, declared.hm, declared.hmItem);
    return ref;
  }

  /** Step 3: the H-M symbol, with its setting or origin choice (a symbol not recognised is warned about). */
  symmetryFromHm(
    declared: DeclaredTags,
    cell: Cell,
    sites: AtomSite[],
    tolerance: number,
  ): SpaceGroupRef | undefined {
    const { hm: hmText, hmItem } = declared;
    if (!hmText) return undefined;
    const candidates = findSettings(hmText);
    if (candidates.length === 0) {
      this.warn('W_CIF_HM', `H-M symbol "${hmText}" not recognised; trying the IT number`, hmItem!.lines[0]);
      return undefined;
    }
    const { setting: explicit } = splitSetting(hmText);
    const code = str(item(this.block, TAGS.originCode));
    const chosen = this.chooseSetting(
      candidates,
      explicit ?? normaliseCode(code),
      cell,
      sites,
      tolerance,
      `symbol "${hmText}"`,
      hmItem!.lines[0]!,
    );
    const ref = toRef(chosen);
    this.checkDeclared(ref, declared.number, declared.numberItem, undefined, undefined);
    return ref;
  }

  /** Step 4: the IT number's standard settings. */
  symmetryFromNumber(
    declared: DeclaredTags,
    cell: Cell,
    sites: AtomSite[],
    tolerance: number,
  ): SpaceGroupRef | undefined {
    if (declared.number === undefined) return undefined;
    const candidates = standardSettings(declared.number);
    const code = str(item(this.block, TAGS.originCode));
    const chosen = this.chooseSetting(
      candidates,
      normaliseCode(code),
      cell,
      sites,
      tolerance,
      `number ${declared.number}`,
      declared.numberItem!.lines[0]!,
    );
    return toRef(chosen);
  }

  /** Step 5: no symmetry tag at all; P 1 with a warning. */
  noSymmetry(): SpaceGroupRef {
    this.warn(
      'W_CIF_NO_SYMMETRY',
      'no symmetry operators, Hall symbol, H-M symbol or IT number; P 1 assumed',
    );
    return toRef(settingsOf(1)[0]!);
  }

  /** The space-group tags as written, or undefined when the block has none. */
  declaredSpaceGroup(): DeclaredSpaceGroup | undefined {
    const out: DeclaredSpaceGroup = {};
    const n = Number(str(item(this.block, TAGS.number)));
    if (Number.isInteger(n) && n >= 1 && n <= 230) out.number = n;
    const hm = str(item(this.block, TAGS.hm));
    if (hm !== undefined) out.symbol = hm;
    const hall = str(item(this.block, TAGS.hall));
    if (hall !== undefined) out.hall = hall;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** Fills number, symbol, Hall and setting from a table match; notes an origin shift. */
  applyMatch(ref: SpaceGroupRef, match: OperatorMatch, line: number): void {
    const g = match.group;
    ref.number = g.number;
    ref.symbol = g.symbol;
    ref.hall = match.hall;
    if (g.setting) ref.setting = g.setting;
    const [s0, s1, s2] = match.shift;
    if (s0 !== 0 || s1 !== 0 || s2 !== 0) {
      this.warn(
        'W_CIF_ORIGIN_SHIFT',
        `the operators are ${g.universal} with the origin shifted by (${match.shift.map((v) => +v.toFixed(6)).join(', ')}) (Hall ${match.hall})`,
        line,
      );
    }
  }

  /**
   * Picks among the settings of one symbol/number: an explicit code wins; R groups follow the cell
   * (hexagonal axes when γ = 120°, rhombohedral when a = b = c and α = β = γ ≠ 90°); two origin choices
   * are decided by the documented rule in {@link readStructures}.
   */
  chooseSetting(
    candidates: SpaceGroupInfo[],
    explicit: string | undefined,
    cell: Cell,
    sites: AtomSite[],
    tolerance: number,
    what: string,
    line: number,
  ): SpaceGroupInfo {
    if (candidates.length === 1) return candidates[0]!;
    if (explicit !== undefined) {
      const m = candidates.find((c) => c.setting === explicit);
      if (m) return m;
    }
    const hasR = candidates.some((c) => c.setting === 'R');
    if (hasR) {
      const hex = Math.abs(cell.gamma - 120) < 0.01 && Math.abs(cell.alpha - 90) < 0.01;
      const rho =
        Math.abs(cell.alpha - cell.beta) < 0.01 &&
        Math.abs(cell.beta - cell.gamma) < 0.01 &&
        Math.abs(cell.alpha - 90) > 0.01;
      const want = hex ? 'H' : rho ? 'R' : 'H';
      if (!hex && !rho)
        this.warn(
          'W_CIF_R_AXES',
          `${what}: the cell fits neither hexagonal nor rhombohedral axes; hexagonal assumed`,
          line,
        );
      return candidates.find((c) => c.setting === want) ?? candidates[0]!;
    }
    const o1 = candidates.find((c) => c.setting === '1');
    const o2 = candidates.find((c) => c.setting === '2');
    if (o1 && o2) {
      const forced = this.options.originChoice;
      if (forced === '1' || forced === '2') return forced === '1' ? o1 : o2;
      let pick = o2;
      let why = 'no sites; origin 2 (ITA standard) taken';
      if (sites.length > 0) {
        const a1 = expandSites(sites, o1.operators, cell, tolerance);
        const a2 = expandSites(sites, o2.operators, cell, tolerance);
        const c1 = checkContacts(a1, cell, tolerance).closeContacts;
        const c2 = checkContacts(a2, cell, tolerance).closeContacts;
        if (a1.count !== a2.count) {
          if (a1.count < a2.count) pick = o1;
          why = `origin 1 gives ${a1.count} atoms, origin 2 gives ${a2.count}`;
        } else if ((c1 === 0) !== (c2 === 0)) {
          if (c1 === 0) pick = o1;
          why = `both give ${a1.count} atoms, but origin ${c1 === 0 ? 2 : 1} puts atoms closer than 0.5 Å`;
        } else why = `both give ${a1.count} atoms; origin 2 (ITA standard) taken`;
      }
      this.warn(
        'W_CIF_ORIGIN_CHOICE',
        `${what} has two origin choices and the file marks none; chose origin choice ${pick.setting} (${why})`,
        line,
      );
      return pick;
    }
    return (
      candidates.find((c) => c.reference && c.axes === '') ??
      candidates.find((c) => c.axes === '') ??
      candidates[0]!
    );
  }

  checkDeclared(
    ref: SpaceGroupRef,
    declared: number | undefined,
    declaredItem: CifItem | undefined,
    hm: string | undefined,
    hmItem: CifItem | undefined,
  ): void {
    if (declared !== undefined && ref.number !== 0 && declared !== ref.number) {
      this.warn(
        'W_CIF_NUMBER_MISMATCH',
        `declared space-group number ${declared} disagrees with the symmetry operators (number ${ref.number}); the operators are used`,
        declaredItem!.lines[0],
      );
    }
    if (hm !== undefined && ref.number !== 0) {
      const c = findSettings(hm);
      if (c.length > 0 && !c.some((s) => s.number === ref.number)) {
        this.warn(
          'W_CIF_SYMBOL_MISMATCH',
          `H-M symbol "${hm}" (number ${c[0]!.number}) disagrees with the symmetry operators (number ${ref.number})`,
          hmItem!.lines[0],
        );
      }
    }
  }
}

function normaliseCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const c = code.trim().toUpperCase();
  return c === '1' || c === '2' || c === 'H' || c === 'R' ? c : undefined;
}

function toRef(s: SpaceGroupInfo): SpaceGroupRef {
  const ref: SpaceGroupRef = { number: s.number, symbol: s.symbol, hall: s.hall, operators: s.operators };
  if (s.setting) ref.setting = s.setting;
  return ref;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Moves the identity to the front (a copy when it is not already first). */
function identityFirst(ops: Float64Array): Float64Array {
  const n = opCount(ops);
  for (let i = 0; i < n; i++) {
    const o = i * 12;
    let id = true;
    for (let k = 0; k < 12 && id; k++) {
      const want = k === 0 || k === 5 || k === 10 ? 1 : 0;
      const v = k % 4 === 3 ? ops[o + k]! - Math.round(ops[o + k]!) : ops[o + k]!;
      if (Math.abs(v - want) > 1e-9) id = false;
    }
    if (id) {
      if (i === 0) return ops;
      const out = new Float64Array(ops.length);
      out.set(ops.subarray(o, o + 12), 0);
      out.set(ops.subarray(0, o), 12);
      out.set(ops.subarray(o + 12), o + 12);
      out[3] = out[7] = out[11] = 0;
      return out;
    }
  }
  return ops;
}

/** True when the block lists atom sites (a structure is expected from it). */
function hasSites(block: CifBlock): boolean {
  const x = item(block, TAGS.x);
  if (!x)
    return (
      item(block, TAGS.label) !== undefined &&
      item(block, TAGS.label)!.kinds.some((k) => k !== ValueKind.Unknown)
    );
  for (let i = 0; i < x.kinds.length; i++)
    if (x.kinds[i] !== ValueKind.Unknown && x.kinds[i] !== ValueKind.Inapplicable) return true;
  return false;
}

/**
 * Reads every data block that lists atom sites into a {@link Structure} (blocks without atom sites, such as
 * a publication block, are skipped; a file without any gives `[]`).
 *
 * Symmetry is taken, in this order of trust, from: explicit operators (`_space_group_symop_operation_xyz`,
 * `_symmetry_equiv_pos_as_xyz`, magnetic operators × centrings), the Hall symbol, the H-M symbol with its
 * setting or origin marker (`:1`, `:2`, `S`, `Z`, `:H`, `:R`, "origin choice 2",
 * `_space_group_IT_coordinate_system_code`), the IT number; with none of these, P 1 (with a warning).
 *
 * Rule for an ambiguous origin (groups 48, 50, 59, 68, 70, 85, 86, 88, 125, 126, 129, 130, 133, 134, 137,
 * 138, 141, 142, 201, 203, 222, 224, 227, 228 named by symbol or number without a marker): the sites are
 * expanded with both origin choices and the one giving fewer atoms in the cell is taken (atoms of a
 * correctly placed structure sit on special positions, which a wrong origin splits); on equal counts the
 * one without fully occupied atoms closer than 0.5 Å; otherwise origin choice 2 (ITA standard, used by
 * most databases). A `W_CIF_ORIGIN_CHOICE` warning is always issued;
 * `options.originChoice` overrides the rule. R groups without a marker follow the cell: hexagonal axes
 * when γ = 120°, rhombohedral when a = b = c, α = β = γ ≠ 90°.
 *
 * The declared IT number and H-M symbol are checked against the operators (`W_CIF_NUMBER_MISMATCH`,
 * `W_CIF_SYMBOL_MISMATCH`). Warnings are returned on each structure (`structure.warnings`, including the
 * parser's warnings for its block) and passed to `options.onWarning`.
 *
 * @throws {@link CifError} for syntax errors and for blocks with atom sites but no usable cell, coordinates or
 *   symmetry (`E_CIF_STRUCTURE`, `E_CIF_SYMMETRY`), unless `skipInvalid` is set.
 * @example
 * ```ts
 * const [si] = readStructures(text, { file: 'Si.cif' });
 * si.spaceGroup.number; // 227
 * si.atoms.count;       // 8
 * ```
 */
export function readStructures(
  input: string | Uint8Array | CifDocument,
  options: ReadStructuresOptions = {},
): Structure[] {
  const doc = typeof input === 'string' || input instanceof Uint8Array ? parseCif(input, options) : input;
  const file = options.file ?? doc.file;
  const tolerance = options.mergeTolerance ?? 0.01;
  if (!(tolerance >= 0)) throw new RangeError('mergeTolerance must be a non-negative number of ångström');
  const maxAtoms = options.maxAtoms ?? limits.maxAtoms;
  const structures: Structure[] = [];
  for (const block of doc.blocks) {
    if (!hasSites(block)) continue;
    const reader = new BlockReader(block, file, options);
    try {
      const { cell, su } = reader.cell();
      const sites = reader.sites(cell);
      const spaceGroup = reader.symmetry(cell, sites, tolerance);
      // every site gives at least nOps/48 atoms (48 is the largest site-symmetry order): refuse before expanding
      const nOps = spaceGroup.operators.length / 12;
      if (sites.length * Math.max(1, Math.floor(nOps / 48)) > maxAtoms) {
        throw new CifError(
          'E_CIF_LIMIT',
          `${sites.length} sites × ${nOps} operators give at least ${sites.length * Math.floor(nOps / 48)} atoms in the conventional cell, more than maxAtoms = ${maxAtoms}`,
          { file, block: block.name },
        );
      }
      const atoms = expandSites(sites, spaceGroup.operators, cell, tolerance);
      if (atoms.count > maxAtoms) {
        throw new CifError(
          'E_CIF_LIMIT',
          `the conventional cell has ${atoms.count} atoms (${sites.length} sites × ${nOps} operators), more than maxAtoms = ${maxAtoms}`,
          { file, block: block.name },
        );
      }
      const contacts = checkContacts(atoms, cell, Math.max(tolerance, 0.01));
      if (contacts.closeContacts > 0) {
        reader.warn(
          'W_CIF_CLOSE_CONTACTS',
          `${contacts.closeContacts} pair(s) of fully occupied atoms are closer than 0.5 Å (wrong origin choice or inconsistent coordinates?)`,
        );
      }
      for (const [a, b] of contacts.overlapping) {
        reader.warn(
          'W_CIF_OVERLAPPING_SITES',
          `sites ${a} and ${b} put the same element on the same position with total occupancy above 1 (site listed twice?); both kept`,
        );
      }
      const structure: Structure = {
        cell,
        spaceGroup,
        sites,
        atoms,
        formula: hillFormula(atoms),
        source: file === undefined ? { block: block.name } : { file, block: block.name },
        warnings: [
          ...doc.warnings.filter((w) => w.block === block.name || w.block === undefined),
          ...reader.warnings,
        ],
      };
      if (Object.keys(su).length > 0) structure.cellSu = su;
      const declaredSg = reader.declaredSpaceGroup();
      if (declaredSg) structure.declaredSpaceGroup = declaredSg;
      const declared = str(item(block, TAGS.formula));
      if (declared !== undefined) structure.declaredFormula = declared;
      structures.push(structure);
    } catch (error) {
      if (!options.skipInvalid || !(error instanceof CifError)) throw error;
      const w: CifWarning = {
        code: 'W_CIF_BLOCK_SKIPPED',
        message: `block skipped: ${error.reason}`,
        file,
        line: error.line,
        column: error.column,
        block: block.name,
      };
      options.onWarning?.(w);
    }
  }
  return structures;
}
