/**
 * Symmetry operators as 3×4 affine matrices `[R | t]` (12 numbers, row-major) in fractional coordinates:
 * parsing of `x,y,z` triplets, products, group closure, canonical ordering.
 *
 * @packageDocumentation
 */

/** Numbers per operator in an operator array. */
export const OP_STRIDE = 12;

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

/** Snaps a translation to [0, 1), rounding to the nearest 1/48 when within 1e-4 of it. */
export function wrapTranslation(t: number): number {
  let w = t - Math.floor(t);
  const k = Math.round(w * 48);
  if (Math.abs(w * 48 - k) < 48e-4) w = k / 48;
  if (w >= 1 - 1e-9) w = 0;
  return w;
}

/**
 * Parses one symmetry operator written as a coordinate triplet, e.g. `"-x+1/2, y, z+1/4"` or
 * `"1/2+X,0.5-y,z"`. A fourth, time-reversal component (`,+1` / `,-1`, magnetic CIF) is accepted and
 * ignored when `allowTimeReversal` is set. Writes 12 numbers into `out` at `offset`.
 *
 * @returns an error message, or `null` on success.
 */
export function parseTripletInto(
  text: string,
  out: Float64Array,
  offset = 0,
  allowTimeReversal = false,
): string | null {
  const n = text.length;
  let row = 0;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || text.charCodeAt(i) === 44) {
      if (row < 3) {
        const err = parseTripletPart(text, start, i, out, offset + row * 4);
        if (err) return `${err} in symmetry operator "${text}"`;
      }
      row++;
      start = i + 1;
    }
  }
  if (row !== 3 && !(allowTimeReversal && row === 4)) {
    return `expected 3 comma-separated parts in symmetry operator "${text}"`;
  }
  return null;
}

/** Parses `s[from, to)`, one row of a triplet such as `-x+1/2`, into out[o..o+3]. */
function parseTripletPart(s: string, from: number, to: number, out: Float64Array, o: number): string | null {
  out[o] = 0;
  out[o + 1] = 0;
  out[o + 2] = 0;
  out[o + 3] = 0;
  let i = from;
  let sign = 1;
  let haveSign = false;
  let terms = 0;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 43 || c === 45) {
      if (haveSign) return `two signs in a row in "${s.slice(from, to)}"`;
      sign = c === 45 ? -1 : 1;
      haveSign = true;
      i++;
      continue;
    }
    if (terms > 0 && !haveSign) return `missing + or - between terms in "${s.slice(from, to)}"`;
    // number (integer, decimal or fraction), optionally followed by '*' and an axis letter
    let coef = 1;
    let isNumber = false;
    if ((c >= 48 && c <= 57) || c === 46) {
      let num = 0;
      let scale = 0;
      let digits = 0;
      let d = c;
      while (i < to && ((d = s.charCodeAt(i)) >= 48 && d <= 57 ? true : d === 46)) {
        if (d === 46) {
          if (scale !== 0) return `bad number in "${s.slice(from, to)}"`;
          scale = 1;
        } else {
          num = num * 10 + (d - 48);
          if (scale !== 0) scale *= 10;
          digits++;
        }
        i++;
      }
      if (digits === 0) return `bad number in "${s.slice(from, to)}"`;
      coef = scale > 1 ? num / scale : num;
      if (i < to && s.charCodeAt(i) === 47) {
        i++;
        let den = 0;
        const dStart = i;
        while (i < to && (d = s.charCodeAt(i)) >= 48 && d <= 57) {
          den = den * 10 + (d - 48);
          i++;
        }
        if (i === dStart || den === 0) return `bad fraction in "${s.slice(from, to)}"`;
        coef /= den;
      }
      isNumber = true;
      while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 42)) i++;
    }
    const a = i < to ? s.charCodeAt(i) | 0x20 : 0;
    if (a === 120 || a === 121 || a === 122) {
      out[o + (a - 120)]! += sign * coef;
      i++;
    } else if (isNumber) {
      out[o + 3]! += sign * coef;
    } else {
      return `unexpected character '${s[i]}' in "${s.slice(from, to)}"`;
    }
    terms++;
    haveSign = false;
    sign = 1;
  }
  if (haveSign) return `trailing sign in "${s.slice(from, to)}"`;
  if (terms === 0) return 'empty part';
  return null;
}

/** Formats the operator at `offset` as a triplet such as `"-y+1/4,x+3/4,z"`. */
export function formatTriplet(ops: ArrayLike<number>, offset = 0): string {
  const parts: string[] = [];
  for (let row = 0; row < 3; row++) {
    let s = '';
    for (let col = 0; col < 3; col++) {
      const v = ops[offset + row * 4 + col]!;
      if (v === 0) continue;
      const axis = 'xyz'[col]!;
      const mag = Math.abs(v) === 1 ? '' : String(Math.abs(v));
      s += (v < 0 ? '-' : s ? '+' : '') + mag + axis;
    }
    const t = ops[offset + row * 4 + 3]!;
    if (t !== 0) s += (t < 0 ? '-' : '+') + fraction(Math.abs(t));
    parts.push(s || '0');
  }
  return parts.join(',');
}

function fraction(x: number): string {
  for (const d of [1, 2, 3, 4, 6, 8, 12, 24, 48]) {
    const k = Math.round(x * d);
    if (Math.abs(x * d - k) < 1e-6) return d === 1 ? String(k) : `${k}/${d}`;
  }
  return String(x);
}

/** `out = a · b` for operators at offsets (out must not alias a or b); translation wrapped to [0, 1). */
export function multiplyOps(
  out: Float64Array,
  oo: number,
  a: ArrayLike<number>,
  ao: number,
  b: ArrayLike<number>,
  bo: number,
): Float64Array {
  for (let r = 0; r < 3; r++) {
    const a0 = a[ao + r * 4]!;
    const a1 = a[ao + r * 4 + 1]!;
    const a2 = a[ao + r * 4 + 2]!;
    for (let c = 0; c < 3; c++) {
      out[oo + r * 4 + c] = a0 * b[bo + c]! + a1 * b[bo + 4 + c]! + a2 * b[bo + 8 + c]!;
    }
    out[oo + r * 4 + 3] = wrapTranslation(
      a0 * b[bo + 3]! + a1 * b[bo + 7]! + a2 * b[bo + 11]! + a[ao + r * 4 + 3]!,
    );
  }
  return out;
}

/** Determinant of the rotation part of the operator at `o`. */
export function rotationDeterminant(m: ArrayLike<number>, o = 0): number {
  return (
    m[o]! * (m[o + 5]! * m[o + 10]! - m[o + 6]! * m[o + 9]!) -
    m[o + 1]! * (m[o + 4]! * m[o + 10]! - m[o + 6]! * m[o + 8]!) +
    m[o + 2]! * (m[o + 4]! * m[o + 9]! - m[o + 5]! * m[o + 8]!)
  );
}

/**
 * A key identifying the operator at `o`: a number when the rotation entries are in {-1, 0, 1} and the
 * translations are multiples of 1/48 (every tabulated setting), otherwise a string (translations to 1e-4).
 */
export function opKey(m: ArrayLike<number>, o: number): number | string {
  let key = 0;
  for (let k = 0; k < 12; k++) {
    const v = m[o + k]!;
    if (k % 4 === 3) {
      const w = wrapTranslation(v) * 48;
      const r = Math.round(w);
      if (Math.abs(w - r) > 1e-6) return stringKey(m, o);
      key = key * 48 + (r % 48);
    } else {
      if (v !== 0 && v !== 1 && v !== -1) return stringKey(m, o);
      key = key * 3 + v + 1;
    }
  }
  return key;
}

function stringKey(m: ArrayLike<number>, o: number): string {
  let s = '';
  for (let r = 0; r < 3; r++) {
    s += `${m[o + r * 4]},${m[o + r * 4 + 1]},${m[o + r * 4 + 2]},${Math.round(wrapTranslation(m[o + r * 4 + 3]!) * 1e4) % 1e4};`;
  }
  return s;
}

const orderP = new Float64Array(12);
const orderQ = new Float64Array(12);

/**
 * Checks that the operator at `o` is a crystallographic isometry candidate: integer rotation entries,
 * determinant ±1 and finite order (R^k = I for some k ≤ 6). Returns an error message or `null`.
 */
export function checkOperator(m: ArrayLike<number>, o = 0): string | null {
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) {
      const v = m[o + r * 4 + c]!;
      if (!Number.isInteger(v)) return 'rotation part has non-integer entries';
    }
  const det = rotationDeterminant(m, o);
  if (det !== 1 && det !== -1) return `rotation part has determinant ${det} (must be ±1)`;
  // finite order
  const p = orderP;
  const q = orderQ;
  for (let k = 0; k < 12; k++) p[k] = m[o + k]!;
  for (let order = 1; order <= 6; order++) {
    let isId = true;
    for (let r = 0; r < 3 && isId; r++)
      for (let c = 0; c < 3; c++) if (p[r * 4 + c] !== (r === c ? 1 : 0)) isId = false;
    if (isId) return null;
    multiplyOps(q, 0, p, 0, m, o);
    p.set(q);
  }
  return 'rotation part is not of finite crystallographic order';
}

/** Maximum group size accepted by {@link closeGroup} (Fm-3m in its conventional cell has 192 operators). */
export const MAX_GROUP_ORDER = 192;

/**
 * Closes a set of operators under multiplication (translations modulo 1) and returns the group with the
 * identity first, then the given operators in order (duplicates dropped), then derived ones. Returns
 * `null` when the closure exceeds {@link MAX_GROUP_ORDER}.
 */
export function closeGroup(generators: Float64Array): Float64Array | null {
  const ops: number[] = [...IDENTITY];
  const keys = new Set<number | string>();
  keys.add(opKey(ops, 0));
  const add = (src: ArrayLike<number>, o: number): boolean => {
    const k = opKey(src, o);
    if (keys.has(k)) return true;
    if (keys.size >= MAX_GROUP_ORDER) return false;
    keys.add(k);
    for (let j = 0; j < 12; j++) ops.push(j % 4 === 3 ? wrapTranslation(src[o + j]!) : src[o + j]!);
    return true;
  };
  const ng = opCount(generators);
  for (let g = 0; g < ng; g++) if (!add(generators, g * 12)) return null;
  // breadth-first: right-multiply every element by every generator (enough for a finite group)
  const tmp = new Float64Array(12);
  for (let i = 0; i < ops.length / 12; i++) {
    for (let g = 0; g < ng; g++) {
      multiplyOps(tmp, 0, ops, i * 12, generators, g * 12);
      if (!add(tmp, 0)) return null;
    }
  }
  return Float64Array.from(ops);
}

/** Number of operators in an operator array. */
export function opCount(ops: ArrayLike<number>): number {
  return (ops.length / 12) | 0;
}

/** True when every product of two operators is again in the set (translations modulo 1). */
export function isClosedGroup(ops: Float64Array): boolean {
  const n = opCount(ops);
  const keys = new Set<number | string>();
  for (let i = 0; i < n; i++) keys.add(opKey(ops, i * 12));
  const tmp = new Float64Array(12);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      multiplyOps(tmp, 0, ops, i * 12, ops, j * 12);
      if (!keys.has(opKey(tmp, 0))) return false;
    }
  return true;
}
