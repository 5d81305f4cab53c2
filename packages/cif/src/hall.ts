/**
 * Hall-symbol parser (Hall 1981; International Tables B, A1.4.2): `"-F 4vw 2vw 3"` → generators → group.
 *
 * @packageDocumentation
 */

import { closeGroup, multiplyOps, parseTripletInto } from './operators';

/** Centring translations of each lattice symbol (besides 0,0,0). */
const CENTRING: Record<string, number[][]> = {
  P: [],
  A: [[0, 0.5, 0.5]],
  B: [[0.5, 0, 0.5]],
  C: [[0.5, 0.5, 0]],
  I: [[0.5, 0.5, 0.5]],
  R: [
    [2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 2 / 3],
  ],
  S: [
    [1 / 3, 1 / 3, 2 / 3],
    [2 / 3, 2 / 3, 1 / 3],
  ],
  T: [
    [1 / 3, 2 / 3, 1 / 3],
    [2 / 3, 1 / 3, 2 / 3],
  ],
  F: [
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ],
};

/** Rotation matrices (row-major 3×3) by order and axis; `'` and `"` are the face diagonals relative to z. */
const ROT: Record<string, number[]> = {
  '1': [1, 0, 0, 0, 1, 0, 0, 0, 1],
  '2x': [1, 0, 0, 0, -1, 0, 0, 0, -1],
  '2y': [-1, 0, 0, 0, 1, 0, 0, 0, -1],
  '2z': [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  '3x': [1, 0, 0, 0, 0, -1, 0, 1, -1],
  '3y': [-1, 0, 1, 0, 1, 0, -1, 0, 0],
  '3z': [0, -1, 0, 1, -1, 0, 0, 0, 1],
  '4x': [1, 0, 0, 0, 0, -1, 0, 1, 0],
  '4y': [0, 0, 1, 0, 1, 0, -1, 0, 0],
  '4z': [0, -1, 0, 1, 0, 0, 0, 0, 1],
  '6x': [1, 0, 0, 0, 1, -1, 0, 1, 0],
  '6y': [0, 0, 1, 0, 1, 0, -1, 0, 1],
  '6z': [1, -1, 0, 1, 0, 0, 0, 0, 1],
  "2'x": [-1, 0, 0, 0, 0, -1, 0, -1, 0],
  "2'y": [0, 0, -1, 0, -1, 0, -1, 0, 0],
  "2'z": [0, -1, 0, -1, 0, 0, 0, 0, -1],
  '2"x': [-1, 0, 0, 0, 0, 1, 0, 1, 0],
  '2"y': [0, 0, 1, 0, -1, 0, 1, 0, 0],
  '2"z': [0, 1, 0, 1, 0, 0, 0, 0, -1],
  '3*': [0, 0, 1, 1, 0, 0, 0, 1, 0],
};

const TRANSLATION: Record<string, number[]> = {
  a: [0.5, 0, 0],
  b: [0, 0.5, 0],
  c: [0, 0, 0.5],
  n: [0.5, 0.5, 0.5],
  u: [0.25, 0, 0],
  v: [0, 0.25, 0],
  w: [0, 0, 0.25],
  d: [0.25, 0.25, 0.25],
};

const AXIS_INDEX: Record<string, number> = { x: 0, y: 1, z: 2 };

/** Split off a trailing change of basis `(…)`: the symbol without it, and the basis (null when absent). */
function splitChangeOfBasis(hall: string): { symbol: string; basis: Float64Array | null } {
  const s = hall.trim();
  const paren = s.indexOf('(');
  if (paren < 0) return { symbol: s, basis: null };
  const close = s.indexOf(')', paren);
  if (close < 0) throw new Error(`unclosed change of basis in Hall symbol "${hall}"`);
  return { symbol: s.slice(0, paren).trim(), basis: parseChangeOfBasis(s.slice(paren + 1, close), hall) };
}

/**
 * Push the generators of the leading `-` (inversion) and lattice symbol of `s` onto `generators`; returns the
 * index after the lattice symbol.
 */
function latticeGenerators(s: string, hall: string, generators: number[]): number {
  let i = 0;
  let centro = false;
  if (s[i] === '-') {
    centro = true;
    i++;
  }
  const lattice = s[i]?.toUpperCase() ?? '';
  const centring = CENTRING[lattice];
  if (centring === undefined) throw new Error(`unknown lattice symbol in Hall symbol "${hall}"`);
  i++;
  for (const v of centring) generators.push(1, 0, 0, v[0]!, 0, 1, 0, v[1]!, 0, 0, 1, v[2]!);
  if (centro) generators.push(-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0);
  return i;
}

/** Tokenise the matrix symbols: `[-]N[axis][translations...]`; spaces optional. */
function matrixTokens(body: string, hall: string): string[] {
  const tokens: string[] = [];
  let j = 0;
  while (j < body.length) {
    const c = body[j]!;
    if (c === ' ' || c === '_') {
      j++;
      continue;
    }
    let tok = '';
    if (c === '-') {
      tok = '-';
      j++;
    }
    const order = body[j];
    if (order === undefined || !'12346'.includes(order))
      throw new Error(`expected a rotation order in Hall symbol "${hall}"`);
    tok += order;
    j++;
    // subscript screw digit directly after the order, then axis and translation letters
    while (j < body.length && body[j] !== ' ' && body[j] !== '-' && body[j] !== '_') {
      const d = body[j]!;
      // a new rotation symbol starts with a digit 1-6 only when written without spaces after letters;
      // screw digits follow the order immediately, so a digit after a letter starts a new symbol
      if ('123456'.includes(d) && /[a-zA-Z'"*]$/.test(tok)) break;
      tok += d;
      j++;
    }
    tokens.push(tok);
  }
  if (tokens.length === 0) throw new Error(`no rotation in Hall symbol "${hall}"`);
  return tokens;
}

/**
 * The axis of the `k`-th matrix symbol when not written (Hall's defaults): z first, then x or `'` after a
 * 2/4 or 3/6, `*` for a third 3-fold; z for order 1.
 */
function defaultAxis(k: number, order: number, prevOrder: number, token: string, hall: string): string {
  let axis = '';
  if (k === 0) axis = 'z';
  else if (k === 1 && order === 2) {
    if (prevOrder === 2 || prevOrder === 4) axis = 'x';
    else if (prevOrder === 3 || prevOrder === 6) axis = "'";
  } else if (k === 2 && order === 3) axis = '*';
  if (order === 1) axis = 'z';
  if (axis === '') throw new Error(`cannot infer the axis of "${token}" in Hall symbol "${hall}"`);
  return axis;
}

/** The {@link ROT} key of a rotation; face diagonals are relative to the previous principal axis. */
function rotationKey(order: number, axis: string, prevAxis: string, hall: string): string {
  if (order === 1) return '1';
  if (axis === "'" || axis === '"') {
    const ref = prevAxis === 'x' || prevAxis === 'y' ? prevAxis : 'z';
    if (order !== 2) throw new Error(`face-diagonal axis needs order 2 in Hall symbol "${hall}"`);
    return `2${axis}${ref}`;
  }
  if (axis === '*') {
    if (order !== 3) throw new Error(`body-diagonal axis needs order 3 in Hall symbol "${hall}"`);
    return '3*';
  }
  return `${order}${axis}`;
}

/**
 * Push the operator of the `k`-th matrix symbol `token` onto `generators`; returns its order and axis (for the
 * defaults of the next symbol).
 */
function pushMatrixSymbol(
  token: string,
  k: number,
  prevOrder: number,
  prevAxis: string,
  hall: string,
  generators: number[],
): { order: number; axis: string } {
  let tok = token;
  let improper = false;
  if (tok.startsWith('-')) {
    improper = true;
    tok = tok.slice(1);
  }
  const order = Number(tok[0]);
  let rest = tok.slice(1);
  let screw = 0;
  if (rest.length > 0 && /[1-5]/.test(rest[0]!)) {
    screw = Number(rest[0]);
    rest = rest.slice(1);
  }
  let axis = '';
  if (rest.length > 0 && 'xyz\'"*'.includes(rest[0]!.toLowerCase())) {
    axis = rest[0]!.toLowerCase();
    rest = rest.slice(1);
  }
  if (axis === '') axis = defaultAxis(k, order, prevOrder, token, hall);
  const key = rotationKey(order, axis, prevAxis, hall);
  const rot = ROT[key];
  if (rot === undefined) throw new Error(`unknown rotation ${key} in Hall symbol "${hall}"`);
  const t = [0, 0, 0];
  if (screw > 0) {
    const ai = AXIS_INDEX[axis];
    if (ai === undefined) throw new Error(`screw component on a diagonal axis in Hall symbol "${hall}"`);
    t[ai] = screw / order;
  }
  for (const letter of rest) {
    const v = TRANSLATION[letter.toLowerCase()];
    if (v === undefined) throw new Error(`unknown translation symbol '${letter}' in Hall symbol "${hall}"`);
    t[0]! += v[0]!;
    t[1]! += v[1]!;
    t[2]! += v[2]!;
  }
  const sgn = improper ? -1 : 1;
  generators.push(
    sgn * rot[0]!,
    sgn * rot[1]!,
    sgn * rot[2]!,
    t[0]!,
    sgn * rot[3]!,
    sgn * rot[4]!,
    sgn * rot[5]!,
    t[1]!,
    sgn * rot[6]!,
    sgn * rot[7]!,
    sgn * rot[8]!,
    t[2]!,
  );
  return { order, axis };
}

/**
 * Parses a Hall symbol and returns the full group's operators (12 numbers each, identity first,
 * centring translations included). Spaces may be omitted (`"-P2ybc"`), case is ignored for the lattice
 * symbol, and a trailing change of basis is accepted in either form: `(0 0 1)` (origin shift in 1/12) or
 * `(x,y+1/2,z)` (operator).
 *
 * @throws Error with a message naming the offending part (callers wrap it in a `CifError`).
 */
export function operatorsFromHall(hall: string): Float64Array {
  const { symbol: s, basis } = splitChangeOfBasis(hall);
  const generators: number[] = [];
  const i = latticeGenerators(s, hall, generators);
  const tokens = matrixTokens(s.slice(i), hall);
  let prevOrder = 0;
  let prevAxis = '';
  for (let k = 0; k < tokens.length; k++) {
    const { order, axis } = pushMatrixSymbol(tokens[k]!, k, prevOrder, prevAxis, hall, generators);
    prevOrder = order;
    if (axis === 'x' || axis === 'y' || axis === 'z') prevAxis = axis;
  }

  let gens: Float64Array = Float64Array.from(generators);
  if (basis) gens = transformOps(gens, basis);
  const group = closeGroup(gens);
  if (!group) throw new Error(`Hall symbol "${hall}" generates more than 192 operators`);
  return group;
}

/** Parses `0 0 1` (shift in twelfths) or `x,y+1/2,z` into an operator V (12 numbers). */
function parseChangeOfBasis(text: string, hall: string): Float64Array {
  const v = new Float64Array(12);
  if (text.includes(',')) {
    const err = parseTripletInto(text, v, 0);
    if (err) throw new Error(`${err} (change of basis in Hall symbol "${hall}")`);
    return v;
  }
  const parts = text.trim().split(/\s+/).map(Number);
  if (parts.length !== 3 || parts.some(Number.isNaN))
    throw new Error(`bad origin shift in Hall symbol "${hall}"`);
  v[0] = 1;
  v[5] = 1;
  v[10] = 1;
  v[3] = parts[0]! / 12;
  v[7] = parts[1]! / 12;
  v[11] = parts[2]! / 12;
  return v;
}

/** Inverse of an affine operator (rotation must be invertible). */
export function invertOp(m: ArrayLike<number>, o = 0): Float64Array {
  const a = m[o]!;
  const b = m[o + 1]!;
  const c = m[o + 2]!;
  const d = m[o + 4]!;
  const e = m[o + 5]!;
  const f = m[o + 6]!;
  const g = m[o + 8]!;
  const h = m[o + 9]!;
  const k = m[o + 10]!;
  const det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
  const inv = new Float64Array(12);
  inv[0] = (e * k - f * h) / det;
  inv[1] = (c * h - b * k) / det;
  inv[2] = (b * f - c * e) / det;
  inv[4] = (f * g - d * k) / det;
  inv[5] = (a * k - c * g) / det;
  inv[6] = (c * d - a * f) / det;
  inv[8] = (d * h - e * g) / det;
  inv[9] = (b * g - a * h) / det;
  inv[10] = (a * e - b * d) / det;
  const t0 = m[o + 3]!;
  const t1 = m[o + 7]!;
  const t2 = m[o + 11]!;
  inv[3] = -(inv[0]! * t0 + inv[1]! * t1 + inv[2]! * t2);
  inv[7] = -(inv[4]! * t0 + inv[5]! * t1 + inv[6]! * t2);
  inv[11] = -(inv[8]! * t0 + inv[9]! * t1 + inv[10]! * t2);
  for (let k2 = 0; k2 < 12; k2++) if (Object.is(inv[k2], -0)) inv[k2] = 0;
  return inv;
}

/** Transforms operators by a change of basis: S' = V·S·V⁻¹ (Hall's convention for the trailing `(…)`). */
export function transformOps(ops: Float64Array, v: Float64Array): Float64Array {
  const vi = invertOp(v);
  const out = new Float64Array(ops.length);
  const tmp = new Float64Array(12);
  for (let o = 0; o < ops.length; o += 12) {
    multiplyOps(tmp, 0, v, 0, ops, o);
    multiplyOps(out, o, tmp, 0, vi, 0);
  }
  return out;
}
