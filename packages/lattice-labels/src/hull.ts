/**
 * The convex hull of a set of points, for the field in which a pattern's spots were looked for.
 *
 * @packageDocumentation
 */

/** Convex hull (counter-clockwise) of points, Andrew's monotone chain; flat array x0, y0, x1, … */
export function convexHull(xs: readonly number[], ys: readonly number[]): number[] {
  const idx = [...xs.keys()].sort((i, j) => xs[i]! - xs[j]! || ys[i]! - ys[j]!);
  const cross = (o: number, a: number, b: number) =>
    (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  const lower: number[] = [];
  for (const i of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0)
      lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let t = idx.length - 1; t >= 0; t--) {
    const i = idx[t]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0)
      upper.pop();
    upper.push(i);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  return hull.flatMap((i) => [xs[i]!, ys[i]!]);
}

/** `true` when (x, y) lies inside the counter-clockwise convex polygon, or within `margin` of it. */
export function insideHull(hull: readonly number[], x: number, y: number, margin: number): boolean {
  const k = hull.length / 2;
  if (k < 3) return false;
  for (let i = 0; i < k; i++) {
    const x0 = hull[2 * i]!;
    const y0 = hull[2 * i + 1]!;
    const x1 = hull[(2 * i + 2) % hull.length]!;
    const y1 = hull[(2 * i + 3) % hull.length]!;
    const ex = x1 - x0;
    const ey = y1 - y0;
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    if ((ex * (y - y0) - ey * (x - x0)) / len < -margin) return false;
  }
  return true;
}
