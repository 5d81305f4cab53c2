/**
 * Lookups on a {@link LabelRegistry}.
 *
 * @packageDocumentation
 */
import type { LabelEntry, LabelMember, LabelRegistry, ZoneAxis } from './registry-types';

/** A number as registries store it: rounded to 10⁻⁶ (spacings, ratios and angles of `LabelRegistry` files). */
export const roundStored = (x: number): number => Math.round(x * 1e6) / 1e6;

const byKeyCache = new WeakMap<LabelRegistry, Map<string, LabelEntry>>();

/** The label of a registry with the given `PatternLabel.key`, if any. */
export function labelByKey(registry: LabelRegistry, key: string): LabelEntry | undefined {
  let map = byKeyCache.get(registry);
  if (!map) {
    map = new Map();
    for (const e of registry.labels) if (e.key !== undefined) map.set(e.key, e);
    byKeyCache.set(registry, map);
  }
  return map.get(key);
}

/** The label entry with this name, if any. */
export function labelByName(registry: LabelRegistry, name: string): LabelEntry | undefined {
  return registry.labels.find((e) => e.name === name);
}

/** Every (space group, zone axis, variant) that produces the label `name` (empty for an unknown name). */
export function membersOf(registry: LabelRegistry, name: string): LabelMember[] {
  return labelByName(registry, name)?.members.slice() ?? [];
}

/** One label a space group produces, with the zone axes that give it. */
export interface GroupLabelCount {
  name: string;
  /** Number of distinct zone axes of the group that give this label (any variant). */
  zoneCount: number;
  /** Those zone axes, in registry order. */
  zones: ZoneAxis[];
  /** Variants of the group that give it (e.g. `["227-1", "227-3"]`). */
  variants: string[];
}

/** The labels a space group (or one variant, e.g. `"227-2"`) produces, in registry order, with zone counts. */
export function labelsOfGroup(registry: LabelRegistry, group: number | string): GroupLabelCount[] {
  const match = (m: LabelMember) =>
    typeof group === 'number' ? m.spaceGroup === group : m.variant === group;
  const zoneIndex = (z: ZoneAxis) =>
    registry.zones.findIndex((r) => r[0] === z[0] && r[1] === z[1] && r[2] === z[2]);
  const out: GroupLabelCount[] = [];
  for (const e of registry.labels) {
    const ms = e.members.filter(match);
    if (ms.length === 0) continue;
    const zi = [...new Set(ms.map((m) => zoneIndex(m.zone)))].sort((a, b) => a - b);
    out.push({
      name: e.name,
      zoneCount: zi.length,
      zones: zi.map((i) => registry.zones[i]!),
      variants: [...new Set(ms.map((m) => m.variant))].sort(),
    });
  }
  return out;
}

/** The label a (space group or variant, zone axis) pair produces; for a group with variants, one per variant. */
export function labelsOfPair(registry: LabelRegistry, group: number | string, zone: ZoneAxis): string[] {
  const out: string[] = [];
  for (const e of registry.labels) {
    for (const m of e.members) {
      const g = typeof group === 'number' ? m.spaceGroup === group : m.variant === group;
      if (g && m.zone[0] === zone[0] && m.zone[1] === zone[1] && m.zone[2] === zone[2]) {
        out.push(e.name);
        break;
      }
    }
  }
  return out;
}
