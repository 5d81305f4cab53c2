/**
 * CIF numbers with standard uncertainties: `5.4307(2)` → 5.4307 ± 0.0002.
 *
 * @packageDocumentation
 */

/** A number read from CIF with its standard uncertainty (`NaN` when none is given). */
export interface NumberWithSu {
  value: number;
  su: number;
}

/**
 * Parses a CIF numeric value into `out[0]` (value) and `out[1]` (su, `NaN` if absent). Accepts
 * `[+-]digits[.digits][(e|E)[+-]digits][(digits)]`; returns `false` (and leaves `out` untouched)
 * when the text is not a CIF number (e.g. `?`, `.`, `1/4`, `one`).
 */
export function parseNumberInto(text: string, out: Float64Array | number[]): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  let fracDigits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      fracDigits++;
    }
  }
  if (digits + fracDigits === 0) return false;
  let exponent = 0;
  if (i < n && ((c = text.charCodeAt(i)) === 101 || c === 69)) {
    let j = i + 1;
    let sign = 1;
    c = text.charCodeAt(j);
    if (c === 43 || c === 45) {
      sign = c === 45 ? -1 : 1;
      j++;
    }
    const expStart = j;
    let e = 0;
    while (j < n && (c = text.charCodeAt(j)) >= 48 && c <= 57) {
      e = e * 10 + (c - 48);
      j++;
    }
    if (j === expStart) return false;
    exponent = sign * e;
    i = j;
  }
  const numberEnd = i;
  let su = Number.NaN;
  if (i < n) {
    if (text.charCodeAt(i) !== 40) return false;
    i++;
    const suStart = i;
    let s = 0;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      s = s * 10 + (c - 48);
      i++;
    }
    if (i === suStart || i !== n - 1 || text.charCodeAt(i) !== 41) return false;
    const e = exponent - fracDigits;
    su = e < 0 ? s / 10 ** -e : s * 10 ** e;
  }
  const value = Number(numberEnd === n ? text : text.slice(0, numberEnd));
  if (Number.isNaN(value)) return false;
  out[0] = value;
  out[1] = su;
  return true;
}

const scratch = new Float64Array(2);

/**
 * Parses a CIF number with optional su, e.g. `"5.4307(2)"` → `{ value: 5.4307, su: 0.0002 }`.
 * Returns `undefined` for text that is not a CIF number.
 */
export function parseCifNumber(text: string): NumberWithSu | undefined {
  if (!parseNumberInto(text, scratch)) return undefined;
  return { value: scratch[0]!, su: scratch[1]! };
}
