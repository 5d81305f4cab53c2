/**
 * Zone axes [uvw]: the one place that parses, formats, reduces and canonicalises them for every sadp package
 * (`@sadp/lattice-labels` and the others re-export or import it from here).
 *
 * @packageDocumentation
 */
/** A zone axis [uvw] as three integers. */
export type ZoneAxis = readonly [number, number, number];

/** Greatest common divisor of two integers (non-negative result). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * The zone axis divided by the greatest common divisor of its indices, e.g. `[0, 2, 6]` → `[0, 1, 3]`.
 *
 * @throws RangeError when an index is not an integer or all three are zero.
 */
export function reduceZoneAxis(zone: ZoneAxis): ZoneAxis {
  if (!Array.isArray(zone) || zone.length !== 3 || !zone.every((x) => Number.isInteger(x))) {
    throw new RangeError(`a zone axis is three integers, got ${JSON.stringify(zone)}`);
  }
  const g = gcd(gcd(zone[0], zone[1]), zone[2]);
  if (g === 0) throw new RangeError('the zone axis [0, 0, 0] is not a direction');
  // `+ 0` turns -0 into 0
  return [zone[0] / g + 0, zone[1] / g + 0, zone[2] / g + 0];
}

/**
 * Parses a zone axis as people write it: `001`, `013` (one digit each), `1-10` (a minus sign before a digit),
 * `[1,-1,0]`, `1,-1,0`, `1 -1 0` or `[1 -1 0]`. The indices are returned as written (not reduced).
 *
 * @throws RangeError for anything else, or for [000].
 */
export function parseZoneAxis(text: string): ZoneAxis {
  const body = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .trim();
  const tokens = /[,\s]/.test(body)
    ? body.split(/[,\s]+/)
    : /^(-?\d){3}$/.test(body)
      ? body.match(/-?\d/g)!
      : [];
  const zone = tokens.map((t) => (/^-?\d+$/.test(t) ? Number(t) : Number.NaN));
  if (zone.length !== 3 || zone.some(Number.isNaN) || zone.every((n) => n === 0)) {
    throw new RangeError(
      `zone axis "${text}": expected three integers such as 001, 1-10 or [1,-1,0], not all zero`,
    );
  }
  return zone as unknown as ZoneAxis;
}

/**
 * Formats a zone axis as `[uvw]`: `[013]`, `[1-10]` for negative indices, `[1,2,10]` when an index has more
 * than one digit. {@link parseZoneAxis} reads every form back.
 */
export function formatZoneAxis(zone: readonly number[]): string {
  return `[${zone.join(zone.every((n) => Math.abs(n) <= 9) ? '' : ',')}]`;
}

/**
 * The representative of a zone axis under the cubic holohedry m-3m (any permutation and sign change): reduced,
 * absolute values in ascending order, e.g. `[3, -1, 0]` → `[0, 1, 3]` (the standard triangle form the
 * registry's `CUBIC_ZONES` use).
 */
export function canonicalCubicZone(zone: ZoneAxis): ZoneAxis {
  const [u, v, w] = reduceZoneAxis(zone)
    .map(Math.abs)
    .sort((a, b) => a - b) as [number, number, number];
  return [u, v, w];
}
