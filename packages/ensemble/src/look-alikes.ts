/**
 * Groups that a set of patterns cannot tell apart.
 *
 * @packageDocumentation
 */
import { rankOrder } from './next-zone';

/**
 * Clusters (single linkage) of candidate groups whose scaled likelihoods differ by at most `tolerance` in every
 * pattern; only clusters of two or more groups, each in rank order, clusters ordered by their best member.
 *
 * @param scaled - One array per pattern: likelihood of each group scaled to a maximum of 1.
 * @param p - Final group probabilities (rank order and candidate test).
 * @param groups - Group numbers aligned with `p`.
 */
export function lookAlikes(
  scaled: readonly Float64Array[],
  p: Float64Array,
  groups: readonly number[],
  candidateThreshold: number,
  tolerance: number,
): number[][] {
  const G = p.length;
  const parent = Array.from({ length: G }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const candidate = (g: number): boolean => p[g]! > 0 && p[g]! >= candidateThreshold;
  for (let a = 0; a < G; a++) {
    if (!candidate(a)) continue;
    for (let b = a + 1; b < G; b++) {
      if (!candidate(b)) continue;
      if (scaled.every((s) => Math.abs(s[a]! - s[b]!) <= tolerance)) parent[root(b)] = root(a);
    }
  }
  const clusters = new Map<number, number[]>();
  for (const g of rankOrder(p)) {
    if (!candidate(g)) continue;
    const r = root(g);
    const list = clusters.get(r);
    if (list) list.push(groups[g]!);
    else clusters.set(r, [groups[g]!]);
  }
  return [...clusters.values()].filter((c) => c.length > 1);
}
