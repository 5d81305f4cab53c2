/**
 * Order statistics of typed arrays without a full sort.
 *
 * @packageDocumentation
 */

/**
 * The `k`-th smallest value of `values` (0-based), the element at `k` of `values.sort()`, found by quickselect
 * (Hoare partition around the middle element) in linear expected time. Reorders `values` in place; values with NaN
 * fall back to the sort, which orders NaN last.
 *
 * @example
 * selectNth(Float32Array.of(5, 1, 4, 2, 3), 2); // 3, the median
 */
export function selectNth(values: Float32Array, k: number): number {
  if (!(k >= 0 && k < values.length)) throw new RangeError(`k = ${k} is outside 0…${values.length - 1}`);
  if (values.some(Number.isNaN)) return values.sort()[k]!;
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}
