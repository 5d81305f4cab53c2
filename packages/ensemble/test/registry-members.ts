/** Registry look-ups shared by the ensemble's tests. */
import { cubicRegistry, type ZoneAxis } from '@sadp/lattice-labels';

export const sameZone = (a: readonly number[], b: readonly number[]): boolean =>
  a.every((x, i) => x === b[i]);

/** The label and registry spacing (in units of 1/a) of `variant` at `zone` in the cubic registry. */
export function member(variant: string, zone: ZoneAxis): { label: string; spacing: number } {
  for (const l of cubicRegistry.labels) {
    const m = l.members.find((x) => x.variant === variant && sameZone(x.zone, zone));
    if (m) return { label: l.name, spacing: m.spacing! };
  }
  throw new Error(`${variant} has no member at ${zone.join('')}`);
}
