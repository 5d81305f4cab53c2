/**
 * Systematic absences from the operators of a space group.
 *
 * @packageDocumentation
 */

/**
 * True when reflection (h k l) is systematically absent for the group given by `operators`
 * (12 numbers per operator `[R | t]`, centring translations included): absent iff some operator with
 * h·R = h (row vector times rotation) has h·t non-integer.
 *
 * Works for any setting the operators are written in; `(0 0 0)` is never absent.
 */
export function isSystematicallyAbsent(
  operators: ArrayLike<number>,
  h: number,
  k: number,
  l: number,
): boolean {
  const n = operators.length;
  for (let o = 0; o < n; o += 12) {
    // h·R: column j = h*R0j + k*R1j + l*R2j
    if (
      h * operators[o]! + k * operators[o + 4]! + l * operators[o + 8]! !== h ||
      h * operators[o + 1]! + k * operators[o + 5]! + l * operators[o + 9]! !== k ||
      h * operators[o + 2]! + k * operators[o + 6]! + l * operators[o + 10]! !== l
    )
      continue;
    const phase = h * operators[o + 3]! + k * operators[o + 7]! + l * operators[o + 11]!;
    if (Math.abs(phase - Math.round(phase)) > 1e-6) return true;
  }
  return false;
}
