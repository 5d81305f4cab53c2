/**
 * The label registry turned into likelihood tables: P(label | group, zone) and P(label | group).
 *
 * @packageDocumentation
 */
import { type LabelRegistry, reduceZoneAxis, type ZoneAxis } from '@sadp/lattice-labels';
import { EnsembleError } from './errors';
import { type SeenMember, type SpacingTable, spacingTable } from './spacing';
import { findZone, type ZoneEquivalence, zoneEquivalence } from './zone-match';

/**
 * Likelihood tables compiled from a {@link LabelRegistry} by {@link compileRegistry}.
 *
 * With G groups, Z zones and L labels (in registry order):
 * - P(label | group, zone) = Σ over the group's structure variants seen at that zone of
 *   (1 / number of those variants) · (1 / number of labels that variant has at that zone, normally 1)
 *   · [the label lists that (group, zone, variant)]. Variants of one group are taken as equally likely.
 * - P(label | group) = the mean of P(label | group, zone) over the zones at which the registry lists the group
 *   (the zone of a pattern taken as unknown and uniformly drawn from the registry's zones).
 */
export interface RegistryModel {
  /** The registry the tables were compiled from. */
  readonly registry: LabelRegistry;
  /** `registry.spaceGroups`. */
  readonly groups: readonly number[];
  /** `registry.zones`. */
  readonly zones: readonly ZoneAxis[];
  /** Label names in registry (class index) order. */
  readonly labels: readonly string[];
  /** Which zone axes are equivalent for this registry's groups. */
  readonly equivalence: ZoneEquivalence;
  /** P(label | group, zone) at `(g * Z + z) * L + l`; all zero where the group has no member at that zone. */
  readonly labelGivenZone: Float64Array;
  /** 1 where the registry lists group `g` at zone `z`, at `g * Z + z`. */
  readonly hasZone: Uint8Array;
  /**
   * The non-zero entries of the rows of {@link RegistryModel.labelGivenZone} (rows `g * Z + z`, 0 ≤ r < G·Z)
   * followed by those of {@link RegistryModel.labelGivenGroup} (rows `G·Z + g`), in compressed-row form: row r
   * holds `sparseLabel[i]`, `sparseValue[i]` for `sparseStart[r] ≤ i < sparseStart[r + 1]`.
   */
  readonly sparseStart: Int32Array;
  /** Label indices of the non-zero entries, see {@link RegistryModel.sparseStart}. */
  readonly sparseLabel: Int32Array;
  /** Values of the non-zero entries, see {@link RegistryModel.sparseStart}. */
  readonly sparseValue: Float64Array;
  /** Entropy in bits of the P(label | group, zone) row at `g * Z + z` (0 where the registry lacks the pair). */
  readonly rowEntropy: Float64Array;
  /** P(label | group) at `g * L + l`; all zero for a group without members. */
  readonly labelGivenGroup: Float64Array;
  /** Index of a label name. */
  readonly labelIndex: ReadonlyMap<string, number>;
  /**
   * The members with their spot spacings, for comparing patterns recorded with one camera; `null` when a member
   * of the registry has no `spacing`.
   */
  readonly spacings: SpacingTable | null;
}

const cache = new WeakMap<LabelRegistry, RegistryModel>();

function bad(message: string): never {
  throw new EnsembleError('E_ENSEMBLE_REGISTRY', `label registry: ${message}`);
}

/** Check the registry's shape, space groups and zone axes. */
function readAxes(registry: LabelRegistry): {
  groups: number[];
  zones: ZoneAxis[];
  groupIndex: Map<number, number>;
  equivalence: ZoneEquivalence;
} {
  if (registry === null || typeof registry !== 'object') bad('not an object');
  if (registry.version !== 1) bad(`unsupported version ${String(registry.version)}`);
  if (
    !Array.isArray(registry.spaceGroups) ||
    !Array.isArray(registry.zones) ||
    !Array.isArray(registry.labels)
  ) {
    bad('spaceGroups, zones and labels must be arrays');
  }
  const groups = registry.spaceGroups.slice();
  const zones = registry.zones.slice();
  if (groups.length === 0) bad('no space groups');
  const groupIndex = new Map<number, number>();
  groups.forEach((g, i) => {
    if (!Number.isInteger(g) || groupIndex.has(g)) bad(`space group ${String(g)} is invalid or listed twice`);
    groupIndex.set(g, i);
  });
  const equivalence = zoneEquivalence(groups);
  const zoneKeys = new Set<string>();
  for (const z of zones) {
    let key = '';
    try {
      key = reduceZoneAxis(z).join(',');
    } catch (cause) {
      throw new EnsembleError('E_ENSEMBLE_REGISTRY', `label registry: bad zone axis ${JSON.stringify(z)}`, {
        cause,
      });
    }
    if (zoneKeys.has(key)) bad(`zone axis ${JSON.stringify(z)} is listed twice`);
    zoneKeys.add(key);
  }
  return { groups, zones, groupIndex, equivalence };
}

/**
 * Check the labels and their members: the label indices, each (group, zone, variant) with the labels that list
 * it, and the variants seen at each (group, zone) (at `g * Z + z`).
 */
function readMembers(
  registry: LabelRegistry,
  groupIndex: ReadonlyMap<number, number>,
  zones: readonly ZoneAxis[],
  equivalence: ZoneEquivalence,
): { labelIndex: Map<string, number>; seen: Map<string, SeenMember>; variantsAt: Set<string>[] } {
  const Z = zones.length;
  const labelIndex = new Map<string, number>();
  // (group, zone, variant) → which labels list it (with the member's spacing).
  const seen = new Map<string, SeenMember>();
  const variantsAt: Set<string>[] = Array.from({ length: groupIndex.size * Z }, () => new Set<string>());
  registry.labels.forEach((entry, l) => {
    if (typeof entry?.name !== 'string' || labelIndex.has(entry.name)) {
      bad(`label ${JSON.stringify(entry?.name)} is invalid or listed twice`);
    }
    labelIndex.set(entry.name, l);
    if (!Array.isArray(entry.members)) bad(`label ${entry.name} has no members array`);
    for (const m of entry.members) {
      const g = groupIndex.get(m.spaceGroup);
      if (g === undefined) bad(`label ${entry.name} lists space group ${m.spaceGroup}, not in spaceGroups`);
      let z = -1;
      try {
        z = findZone(m.zone, zones, equivalence);
      } catch (cause) {
        throw new EnsembleError('E_ENSEMBLE_REGISTRY', `label registry: label ${entry.name} has a bad zone`, {
          cause,
          label: entry.name,
        });
      }
      if (z < 0) bad(`label ${entry.name} lists zone ${JSON.stringify(m.zone)}, not in zones`);
      const variant = String(m.variant ?? m.spaceGroup);
      const key = `${g}|${z}|${variant}`;
      const found = seen.get(key);
      if (found === undefined) seen.set(key, { g: g!, z, variant, labels: [l], spacings: [m.spacing] });
      else if (!found.labels.includes(l)) {
        found.labels.push(l);
        found.spacings.push(m.spacing);
      }
      variantsAt[g! * Z + z]!.add(variant);
    }
  });
  return { labelIndex, seen, variantsAt };
}

/** P(label | group, zone) (see {@link RegistryModel}) and which (group, zone) pairs the registry lists. */
function zoneTables(
  seen: Iterable<SeenMember>,
  variantsAt: readonly Set<string>[],
  G: number,
  Z: number,
  L: number,
): { labelGivenZone: Float64Array; hasZone: Uint8Array } {
  const labelGivenZone = new Float64Array(G * Z * L);
  const hasZone = new Uint8Array(G * Z);
  for (const { g, z, labels } of seen) {
    const variants = variantsAt[g * Z + z]!.size;
    hasZone[g * Z + z] = 1;
    const share = 1 / (variants * labels.length);
    for (const l of labels) labelGivenZone[(g * Z + z) * L + l]! += share;
  }
  return { labelGivenZone, hasZone };
}

/** Entropy in bits of each of the `rows` rows of length `L` of `table`. */
function rowEntropies(table: Float64Array, rows: number, L: number): Float64Array {
  const rowEntropy = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let h = 0;
    for (let l = 0; l < L; l++) {
      const x = table[row * L + l]!;
      if (x > 0) h -= x * Math.log2(x);
    }
    rowEntropy[row] = h;
  }
  return rowEntropy;
}

/** P(label | group): the mean of P(label | group, zone) over the zones at which the registry lists the group. */
function groupTable(
  labelGivenZone: Float64Array,
  hasZone: Uint8Array,
  G: number,
  Z: number,
  L: number,
): Float64Array {
  const labelGivenGroup = new Float64Array(G * L);
  for (let g = 0; g < G; g++) {
    let count = 0;
    for (let z = 0; z < Z; z++) count += hasZone[g * Z + z]!;
    if (count === 0) continue;
    for (let z = 0; z < Z; z++) {
      if (!hasZone[g * Z + z]) continue;
      const row = (g * Z + z) * L;
      for (let l = 0; l < L; l++) labelGivenGroup[g * L + l]! += labelGivenZone[row + l]! / count;
    }
  }
  return labelGivenGroup;
}

/** The rows of both tables in compressed-row form (see {@link RegistryModel.sparseStart}). */
function sparseRows(
  labelGivenZone: Float64Array,
  labelGivenGroup: Float64Array,
  G: number,
  Z: number,
  L: number,
): { sparseStart: Int32Array; sparseLabel: Int32Array; sparseValue: Float64Array } {
  const rows = G * Z + G;
  const dense = (r: number): { table: Float64Array; at: number } =>
    r < G * Z ? { table: labelGivenZone, at: r * L } : { table: labelGivenGroup, at: (r - G * Z) * L };
  const sparseStart = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    const { table, at } = dense(r);
    let n = 0;
    for (let l = 0; l < L; l++) if (table[at + l] !== 0) n++;
    sparseStart[r + 1] = sparseStart[r]! + n;
  }
  const sparseLabel = new Int32Array(sparseStart[rows]!);
  const sparseValue = new Float64Array(sparseStart[rows]!);
  for (let r = 0; r < rows; r++) {
    const { table, at } = dense(r);
    let i = sparseStart[r]!;
    for (let l = 0; l < L; l++) {
      if (table[at + l] === 0) continue;
      sparseLabel[i] = l;
      sparseValue[i++] = table[at + l]!;
    }
  }
  return { sparseStart, sparseLabel, sparseValue };
}

/**
 * Compile (once per registry object, then cached) the likelihood tables of a registry.
 * The registry must not be mutated afterwards.
 *
 * @throws {@link EnsembleError} `E_ENSEMBLE_REGISTRY` for a malformed registry.
 */
export function compileRegistry(registry: LabelRegistry): RegistryModel {
  const cached = cache.get(registry);
  if (cached) return cached;
  const { groups, zones, groupIndex, equivalence } = readAxes(registry);
  const G = groups.length;
  const Z = zones.length;
  const L = registry.labels.length;
  const { labelIndex, seen, variantsAt } = readMembers(registry, groupIndex, zones, equivalence);
  const { labelGivenZone, hasZone } = zoneTables(seen.values(), variantsAt, G, Z, L);
  const labelGivenGroup = groupTable(labelGivenZone, hasZone, G, Z, L);
  const model: RegistryModel = {
    registry,
    groups,
    zones,
    labels: registry.labels.map((e) => e.name),
    equivalence,
    labelGivenZone,
    hasZone,
    rowEntropy: rowEntropies(labelGivenZone, G * Z, L),
    labelGivenGroup,
    ...sparseRows(labelGivenZone, labelGivenGroup, G, Z, L),
    labelIndex,
    spacings: spacingTable([...seen.values()], G),
  };
  cache.set(registry, model);
  return model;
}

/**
 * P(label | group, zone) for one entry; `zone` omitted means the zone is unknown (uniform over the zones at
 * which the registry lists the group). Returns 0 for a group, label or zone the registry does not have.
 */
export function labelGivenGroup(
  registry: LabelRegistry,
  spaceGroup: number,
  label: string,
  zone?: ZoneAxis,
): number {
  const model = compileRegistry(registry);
  const g = model.groups.indexOf(spaceGroup);
  const l = model.labelIndex.get(label);
  if (g < 0 || l === undefined) return 0;
  const L = model.labels.length;
  if (zone === undefined) return model.labelGivenGroup[g * L + l]!;
  const z = findZone(zone, model.zones, model.equivalence);
  if (z < 0) return 0;
  return model.labelGivenZone[(g * model.zones.length + z) * L + l]!;
}

/**
 * P(label | group, zone) for one entry.
 *
 * @deprecated Use {@link labelGivenGroup} (renamed: `@sadp/lattice-labels` `labelLikelihood` is a different
 * function, the likelihood of every label given a lattice fit).
 */
export const labelLikelihood: typeof labelGivenGroup = labelGivenGroup;
