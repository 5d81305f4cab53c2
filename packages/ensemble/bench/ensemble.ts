/**
 * Benchmark of @sadp/ensemble on the cubic registry: time per call, and how many patterns a tilt series needs
 * to reach 99% when each next zone is the suggested one versus the registry's fixed zone order.
 * Run: npm run bench -w @sadp/ensemble (the machine may be shared: treat timings as upper bounds).
 */
import { cubicRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { writeBenchResult } from '../../../scripts/bench-report';
import { ensemble, type PatternEvidence } from '../src/index';

const registry = cubicRegistry;
const L = registry.labels.length;

/** Label `variant` gives at `zone`, from the registry's members. */
function labelAt(variant: string, zone: readonly number[]): string {
  const entry = registry.labels.find((l) =>
    l.members.some((m) => m.variant === variant && m.zone.every((x, i) => x === zone[i])),
  );
  if (!entry) throw new Error(`no label for ${variant} at [${zone.join('')}]`);
  return entry.name;
}

/** Spot spacing (units of 1/a) of `variant` at `zone`, from the registry's members. */
function spacingAt(variant: string, zone: readonly number[]): number {
  for (const l of registry.labels) {
    const m = l.members.find((x) => x.variant === variant && x.zone.every((v, i) => v === zone[i]));
    if (m?.spacing !== undefined) return m.spacing;
  }
  throw new Error(`no spacing for ${variant} at [${zone.join('')}]`);
}

/** A softmax-like vector: 0.9 on the true label, the rest spread evenly (deterministic). */
function soft(label: string): Float32Array {
  const v = new Float32Array(L).fill(0.1 / (L - 1));
  v[registry.labels.findIndex((l) => l.name === label)] = 0.9;
  return v;
}

function time(name: string, run: () => void, minMs = 300): Record<string, number> {
  for (let i = 0; i < 20; i++) run();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    run();
    n++;
    elapsed = performance.now() - start;
  }
  const perCall = (elapsed * 1000) / n;
  process.stdout.write(`${name}: ${perCall.toFixed(1)} µs per call (${n} calls)\n`);
  return { microsecondsPerCall: Number(perCall.toFixed(2)), calls: n };
}

const variants = [...new Set(registry.labels.flatMap((l) => l.members.map((m) => m.variant)))].sort();
const series = (variant: string): PatternEvidence[] =>
  registry.zones.map((zone) => ({ probabilities: soft(labelAt(variant, zone)) }));

const sixteen = series('225');
const spaced = registry.zones.map((zone, i) => ({
  ...sixteen[i]!,
  spacing: 20 * spacingAt('225', zone),
}));
/** The same in units of 1/a, for a known lattice parameter. */
const spacedKnown = spaced.map((p) => ({ ...p, spacing: p.spacing / 20 }));
const two: PatternEvidence[] = [
  { label: labelAt('225', [0, 0, 1]), zone: [0, 0, 1] },
  { label: labelAt('225', [0, 1, 3]), zone: [0, 1, 3] },
];
const timings = {
  mean16Soft: time('mean, 16 soft patterns, zones unknown', () =>
    ensemble(sixteen, registry, { mode: 'mean' }),
  ),
  bayes16Soft: time('bayes, 16 soft patterns, zones unknown', () => ensemble(sixteen, registry)),
  bayes2Hard: time('bayes, 2 hard labels with zones', () => ensemble(two, registry)),
  bayes3SoftSpacings: time('bayes, 3 soft patterns with spacings, zones unknown', () =>
    ensemble(spaced.slice(0, 3), registry),
  ),
  bayes16SoftSpacings: time('bayes, 16 soft patterns with spacings, zones unknown', () =>
    ensemble(spaced, registry),
  ),
  bayes3SoftKnownLattice: time('bayes, 3 soft patterns with spacings, lattice parameter known', () =>
    ensemble(spacedKnown.slice(0, 3), registry, { knownLattice: 0.03 }),
  ),
  bayes16SoftKnownLattice: time('bayes, 16 soft patterns with spacings, lattice parameter known', () =>
    ensemble(spacedKnown, registry, { knownLattice: 0.03 }),
  ),
};

/** Patterns (starting at [001]) until the true group has ≥ 99%: following nextZone, or in registry order. */
function patternsNeeded(variant: string, adaptive: boolean): number {
  const group = Number(variant.slice(0, 3));
  const patterns: PatternEvidence[] = [];
  let zone: ZoneAxis = [0, 0, 1];
  for (let n = 1; n <= registry.zones.length; n++) {
    patterns.push({ probabilities: soft(labelAt(variant, zone)), zone });
    const p = ensemble(patterns, registry);
    if (p.best === group && p.groups[0]!.probability >= 0.99) return n;
    const next = adaptive ? p.nextZone?.zone : registry.zones[n];
    if (!next) return Number.POSITIVE_INFINITY;
    zone = next;
  }
  return Number.POSITIVE_INFINITY;
}

const acquisition = Object.fromEntries(
  variants.map((v) => [v, { suggested: patternsNeeded(v, true), registryOrder: patternsNeeded(v, false) }]),
);
process.stdout.write(`patterns to reach 99% (suggested / registry order): ${JSON.stringify(acquisition)}\n`);

writeBenchResult('@sadp/ensemble', {
  note: 'cubic registry, soft outputs 0.9 on the true label; timings on a shared 2-core machine',
  labels: L,
  timings,
  patternsToReach99Percent: acquisition,
});
