/**
 * Runs a classifier over the foreign evaluation set (`spots.json` drawn by `render.ts`) and reports what a user
 * with patterns from other microscopes, detectors and displays would see: single-pattern label accuracy, the
 * space group from [001], [011], [111] and from all 16 zones (one camera per crystal), calibration of the
 * confidence, abstentions, and the verdicts on non-cubic crystals; and, per condition, the single-pattern top-1 by
 * what each image shows of its label (`visible.ts` `visibility`), which bounds what any reader of the image can reach.
 *
 *   npx tsx evaluation/foreign/evaluate.ts [--model dir] [--out evaluation/foreign/results.json] [--dump dir]
 *     [--out-of-scope p] [--known-lattice σ] [--views 1|4|8] [--quick [--condition 0…7]]
 *
 * @packageDocumentation
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadClassifier } from '@sadp/classifier';
import { encodePng } from '@sadp/diffraction-sim';
import { ensemble, type PatternEvidence } from '@sadp/ensemble';
import { cubicRegistry, fnv1a } from '@sadp/lattice-labels';
import { wilson } from '../../packages/classifier/scripts/wilson';
import {
  conventionKeys,
  type DrawnConventions,
  type Exposure,
  type ForeignCrystal,
  type ForeignPattern,
  renderForeign,
  SIZE,
  Xoshiro,
} from './render';
import { ISSUE_PREFIX } from './report';
import {
  kinematicLabel,
  MIN_LEVEL,
  VISIBILITIES,
  type Visibility,
  visibility,
  visibleLabel,
} from './visible';

const here = dirname(fileURLToPath(import.meta.url));

interface Condition {
  name: string;
  exposure: Exposure;
  scale: boolean;
  /** Whether its patterns join the fits of the confidence exponent and the ensemble temperature. */
  fit: boolean;
}
const clean = { counts: 0, background: false };
const noisy = { counts: 50, background: true };
/** The set's conditions: every convention drawn per pattern. */
const RANDOM_CONDITIONS: Condition[] = [
  { name: 'clean, calibration given', exposure: clean, scale: true, fit: true },
  { name: 'clean, no scale given', exposure: clean, scale: false, fit: true },
  { name: '50 counts + background + halo, calibration given', exposure: noisy, scale: true, fit: true },
];
/**
 * The rows of issue #19's table, which fixed the display and spot size of every pattern: pymatgen intensities
 * without envelope, the direct beam as bright as the strongest reflection, Gaussian spots, no beam stop, no double
 * diffraction, no distortion, the beam 3 px off centre, 8 bits (σ 1.6 px is 0.4× the training spots, σ 4 px 1×).
 */
function issueRow(
  name: string,
  exposure: Exposure,
  scale: boolean,
  display: 'linear' | 'gamma',
  sigmaFactor: number,
): Condition {
  const fixed: Partial<DrawnConventions> = {
    display,
    gamma: 0.5,
    sigmaFactor,
    profile: 'gaussian',
    beam: 'equal',
    beamStop: false,
    envelope: false,
    doubleDiffraction: 0,
    ellipticity: 0,
    offset: 3,
    bits: 8,
    saturation: 1,
  };
  return { name: `${ISSUE_PREFIX}${name}`, exposure: { ...exposure, fixed }, scale, fit: false };
}
const ISSUE_CONDITIONS: Condition[] = [
  issueRow('linear display, σ 1.6 px', clean, true, 'linear', 0.4),
  issueRow('linear display, σ 1.6 px, no scale given', clean, false, 'linear', 0.4),
  issueRow('gamma 0.5, σ 1.6 px', clean, true, 'gamma', 0.4),
  issueRow('gamma 0.5, σ 4 px', clean, true, 'gamma', 1),
  issueRow('linear, σ 1.6 px, 50 counts + background + halo', noisy, true, 'linear', 0.4),
];
const TRIPLE = ['001', '011', '111'];
/** Pixels spanned by 1/a of the largest cell edge at 256 px: one camera per crystal, drawn from this range. */
const CELL_PIXELS: [number, number] = [12, 28];
/** Prior of "none of the groups" given to the ensemble (`--out-of-scope`). */
let outOfScope = 0;
/**
 * Where the scale is given (1/a in pixels, so a is known), the ensemble compares the spot spacings in units of 1/a
 * with this relative uncertainty (`--known-lattice`, `@sadp/ensemble` `knownLattice`; 0: as if a were unknown).
 */
let knownLattice = 0.03;
/** The ensemble's options for patterns whose spacings are in units of 1/a (`scaled`) or in any other unit. */
const ensembleOptions = (temperature: number, scaled: boolean) => ({
  mode: 'bayes' as const,
  outOfScope,
  temperature,
  ...(scaled && knownLattice > 0 ? { knownLattice } : {}),
});
/** Symmetry views averaged by the classifier (`--views`; default: the classifier's own default). */
let symmetryViews: 1 | 4 | 8 | undefined;

/** A 32-bit seed from a name (FNV-1a, as `@sadp/lattice-labels` hashes signatures). */
const hash = (text: string): number => Number.parseInt(fnv1a(text), 16);

/** {@link kinematicLabel} of each (crystal, zone) and whether its image shows that lattice, once per conventions. */
const truths = new Map<string, { label: string | null; readable: boolean; shows: Visibility | null }>();

/**
 * The label a (crystal, zone) is scored against and whether `pattern` shows it ({@link visibleLabel}): the drawn
 * reflections, their display levels and whether they stand out of the noise depend on the pattern's seed, fixed
 * conventions and counts alone, so conditions that differ only in the scale given share them.
 */
function truthOf(crystal: ForeignCrystal, zone: string, pattern: ForeignPattern, counts: number) {
  const key = `${crystal.id} ${zone} ${JSON.stringify(pattern.conventions)} ${counts}`;
  let truth = truths.get(key);
  if (!truth) {
    const label = kinematicLabel(crystal, zone);
    truth = {
      label,
      readable: label !== null && visibleLabel(pattern, MIN_LEVEL) === label,
      shows: label === null ? null : visibility(pattern, label),
    };
    truths.set(key, truth);
  }
  return truth;
}

/** One scored pattern: its crystal (index), top confidence and whether the top label was right. */
interface Confidence {
  crystal: number;
  confidence: number;
  correct: boolean;
}

/** Expected calibration error over `bins` equal-width bins of the top confidence. */
function calibrationError(patterns: readonly Confidence[], weights: ArrayLike<number>, bins: number): number {
  const n = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  let total = 0;
  for (const p of patterns) {
    const w = weights[p.crystal]!;
    if (w === 0) continue;
    const b = Math.min(bins - 1, Math.floor(p.confidence * bins));
    n[b]! += w;
    confidence[b]! += w * p.confidence;
    if (p.correct) correct[b]! += w;
    total += w;
  }
  let sum = 0;
  for (let b = 0; b < bins; b++) if (n[b]! > 0) sum += Math.abs(confidence[b]! - correct[b]!);
  return sum / total;
}

/**
 * 95 % interval of the expected calibration error, resampling whole crystals (their patterns share a structure,
 * so they are not independent): 2000 bootstrap draws from a seeded generator, the 2.5th and 97.5th percentiles.
 */
function bootstrapEce(
  patterns: readonly Confidence[],
  crystals: number,
  bins: number,
  seed: number,
): [number, number] {
  const rng = new Xoshiro(seed);
  const weights = new Float64Array(crystals);
  const draws = Float64Array.from({ length: 2000 }, () => {
    weights.fill(0);
    for (let i = 0; i < crystals; i++) weights[Math.floor(rng.next() * crystals)]!++;
    return calibrationError(patterns, weights, bins);
  }).sort();
  return [draws[Math.floor(0.025 * draws.length)]!, draws[Math.ceil(0.975 * draws.length) - 1]!];
}

interface Tally {
  n: number;
  correct: number;
}
const rate = (t: Tally) => ({
  rate: t.n ? t.correct / t.n : Number.NaN,
  interval: wilson(t.correct / t.n, t.n),
  n: t.n,
});

async function main() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      dump: { type: 'string' },
      spots: { type: 'string', default: join(here, 'spots.json') },
      'out-of-scope': { type: 'string', default: '0' },
      'known-lattice': { type: 'string', default: '0.03' },
      quick: { type: 'boolean', default: false },
      /** With --quick: which condition (0 clean, 1 no scale, 2 noisy, 3–7 the rows of issue #19's table). */
      condition: { type: 'string', default: '0' },
      views: { type: 'string' },
    },
  });
  outOfScope = Number(values['out-of-scope']);
  knownLattice = Number(values['known-lattice']);
  if (values.views) symmetryViews = Number(values.views) as 1 | 4 | 8;
  const set = JSON.parse(readFileSync(values.spots!, 'utf8')) as { tool: string; crystals: ForeignCrystal[] };
  const classifier = await loadClassifier(values.model ? { modelDir: values.model } : {});
  const { labels } = classifier;
  const cubic = set.crystals.filter(
    (c) => c.kind !== 'non-cubic' && cubicRegistry.spaceGroups.includes(c.spaceGroup),
  );
  const conditions = [...RANDOM_CONDITIONS, ...ISSUE_CONDITIONS];
  const report: Record<string, unknown> = { tool: set.tool, model: classifier.modelDir, conditions: {} };
  const bins = 10;
  /** Patterns with a scale (clean and noisy), for fitting the confidence exponent. */
  const scored: Scored[] = [];
  /** Evidence of each crystal in the conditions with a scale, for fitting the ensemble temperature. */
  const verdicts: CrystalEvidence[] = [];
  let unlabelled = 0;
  const only = Number(values.condition);
  for (const condition of values.quick ? conditions.slice(only, only + 1) : conditions) {
    const single: Tally = { n: 0, correct: 0 };
    /** Patterns whose visible reflections (peaks of their own) make the labelled lattice (see `visible.ts`). */
    const readable: Tally = { n: 0, correct: 0 };
    /**
     * On readable patterns: the label of the lattice fitted to the spots alone (`lattices[i].label`), and how
     * often the network changed a right one to wrong (overrode) or a wrong or missing one to right (rescued).
     */
    const geometryAlone: Tally = { n: 0, correct: 0 };
    let overrode = 0;
    let rescued = 0;
    const top3: Tally = { n: 0, correct: 0 };
    /** Single top-1 by what each pattern's image shows of its label at the quantisation limit (`visibility`). */
    const byVisibility = new Map<Visibility, Tally>(VISIBILITIES.map((v) => [v, { n: 0, correct: 0 }]));
    const byConvention = new Map<string, Tally>();
    const confusions = new Map<string, number>();
    const calib = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
    /** Each scored pattern's top confidence, for the interval of the calibration error. */
    const confidences: Confidence[] = [];
    const triple: Tally = { n: 0, correct: 0 };
    const all: Tally = { n: 0, correct: 0 };
    let tripleWrongConfident = 0;
    /** The crystals given a wrong group above 70 % from [001], [011], [111]: "id truth → verdict p". */
    const tripleWrongCrystals: string[] = [];
    let allWrongConfident = 0;
    /** Confidently wrong triples whose true group the verdict names among its `hiddenLookAlikes`. */
    let tripleWrongNamed = 0;
    /** Right verdicts (not abstaining) that name a look-alike all the same (weak reflections, double diffraction). */
    let tripleRightWithLookAlike = 0;
    let tripleAbstained = 0;
    let tripleOutOfScope = 0;
    for (const [crystalIndex, crystal] of cubic.entries()) {
      const rng = new Xoshiro(hash(crystal.id));
      const cellPixels = rng.range(CELL_PIXELS[0], CELL_PIXELS[1]);
      const a = Math.max(crystal.lattice[0], crystal.lattice[1], crystal.lattice[2]);
      const calibration = 1 / (a * cellPixels);
      const zones = Object.keys(crystal.zones);
      const patterns: ForeignPattern[] = zones.map((zone) =>
        renderForeign(crystal, zone, calibration, hash(`${crystal.id} ${zone}`), condition.exposure),
      );
      if (values.dump && condition === conditions[0]) {
        mkdirSync(values.dump, { recursive: true });
        patterns.forEach((p, i) => {
          const file = join(values.dump!, `${crystal.id}_${zones[i]}.png`);
          writeFileSync(file, encodePng({ image: p.data, size: SIZE }));
        });
      }
      const { probabilities, spacings, fits, lattices } = classifier.analyse(patterns, {
        ...(condition.scale ? { cellPixels } : {}),
        ...(symmetryViews ? { symmetryViews } : {}),
      });
      const evidence: PatternEvidence[] = [];
      zones.forEach((zone, i) => {
        const row = probabilities.subarray(i * labels.length, (i + 1) * labels.length);
        const order = [...row.keys()].sort((x, y) => row[y]! - row[x]!);
        const spacing = spacings[i]! / (condition.scale ? cellPixels : SIZE);
        evidence.push({
          probabilities: row,
          fit: fits[i]!,
          ...(Number.isFinite(spacing) ? { spacing } : {}),
        });
        const {
          label: truth,
          readable: shown,
          shows,
        } = truthOf(crystal, zone, patterns[i]!, condition.exposure.counts);
        if (truth === null) {
          if (condition === conditions[0]) unlabelled++;
          return;
        }
        const ok = labels[order[0]!] === truth;
        single.n++;
        if (condition.scale && condition.fit) {
          scored.push({
            row: Float64Array.from(row),
            truth: labels.indexOf(truth),
            half: hash(crystal.id) & 1,
          });
        }
        if (ok) single.correct++;
        const seen = byVisibility.get(shows!)!;
        seen.n++;
        if (ok) seen.correct++;
        if (shown) {
          readable.n++;
          if (ok) readable.correct++;
          const fitted = lattices[i]?.label === truth;
          geometryAlone.n++;
          if (fitted) geometryAlone.correct++;
          if (fitted && !ok) overrode++;
          if (!fitted && ok) rescued++;
        }
        if (!ok) {
          const pair = `${truth} → ${labels[order[0]!]}`;
          confusions.set(pair, (confusions.get(pair) ?? 0) + 1);
        }
        top3.n++;
        if (order.slice(0, 3).some((k) => labels[k] === truth)) top3.correct++;
        const conf = row[order[0]!]!;
        confidences.push({ crystal: crystalIndex, confidence: conf, correct: ok });
        const bin = calib[Math.min(bins - 1, Math.floor(conf * bins))]!;
        bin.n++;
        bin.confidence += conf;
        if (ok) bin.correct++;
        const c = patterns[i]!.conventions;
        for (const key of conventionKeys(c)) {
          const t = byConvention.get(key) ?? { n: 0, correct: 0 };
          t.n++;
          if (ok) t.correct++;
          byConvention.set(key, t);
        }
      });
      const tripleIdx = TRIPLE.map((z) => zones.indexOf(z));
      const verdict = (idx: number[]) =>
        ensemble(
          idx.map((i) => evidence[i]!),
          cubicRegistry,
          ensembleOptions(classifier.ensembleTemperature, condition.scale),
        );
      if (condition.scale && condition.fit) {
        verdicts.push({
          evidence,
          triple: tripleIdx,
          spaceGroup: crystal.spaceGroup,
          half: hash(crystal.id) & 1,
        });
      }
      const t = verdict(tripleIdx);
      triple.n++;
      const hidden = t.abstained ? [] : t.hiddenLookAlikes;
      if (t.groups[0]!.spaceGroup === crystal.spaceGroup) {
        triple.correct++;
        if (hidden.length > 0) tripleRightWithLookAlike++;
      } else if (t.groups[0]!.probability > 0.7) {
        tripleWrongConfident++;
        const named = hidden.find((h) => h.spaceGroup === crystal.spaceGroup);
        if (named) tripleWrongNamed++;
        const as = named?.cause === 'double diffraction' ? 'a double-diffraction' : 'a weak-reflection';
        tripleWrongCrystals.push(
          `${crystal.id} ${crystal.spaceGroup} → ${t.groups[0]!.spaceGroup} ${(100 * t.groups[0]!.probability).toFixed(0)} %${named ? ` (named as ${as} look-alike)` : ''}`,
        );
      }
      if (t.abstained) tripleAbstained++;
      if (t.outOfScope > t.groups[0]!.probability) tripleOutOfScope++;
      const v = verdict(zones.map((_, i) => i));
      all.n++;
      if (v.groups[0]!.spaceGroup === crystal.spaceGroup) all.correct++;
      else if (v.groups[0]!.probability > 0.7) allWrongConfident++;
    }
    const ece = calibrationError(confidences, new Float64Array(cubic.length).fill(1), bins);
    const eceInterval = bootstrapEce(confidences, cubic.length, bins, hash(condition.name));
    (report.conditions as Record<string, unknown>)[condition.name] = {
      singleTop1: rate(single),
      singleTop3: rate(top3),
      singleTop1Readable: rate(readable),
      byVisibility: Object.fromEntries(VISIBILITIES.map((v) => [v, rate(byVisibility.get(v)!)])),
      readableGeometry: { alone: rate(geometryAlone), networkOverrode: overrode, networkRescued: rescued },
      expectedCalibrationError: ece,
      expectedCalibrationErrorInterval: eceInterval,
      reliability: calib.map((b) =>
        b.n ? { n: b.n, confidence: b.confidence / b.n, accuracy: b.correct / b.n } : { n: 0 },
      ),
      spaceGroupTriple: {
        ...rate(triple),
        wrongAbove70: tripleWrongConfident,
        wrongAbove70Crystals: tripleWrongCrystals,
        wrongAbove70Named: tripleWrongNamed,
        rightNamingLookAlikes: tripleRightWithLookAlike,
        abstained: tripleAbstained,
        outOfScope: tripleOutOfScope,
      },
      spaceGroupAll16: { ...rate(all), wrongAbove70: allWrongConfident },
      byConvention: Object.fromEntries([...byConvention].sort().map(([k, t]) => [k, rate(t)])),
      errors: errorKinds(confusions),
    };
    console.error(
      `${condition.name}: single ${((100 * single.correct) / single.n).toFixed(1)} % (readable ${readable.correct}/${readable.n}, top-3 ${((100 * top3.correct) / top3.n).toFixed(1)} %, ECE ${ece.toFixed(3)} (${eceInterval.map((x) => x.toFixed(3)).join('–')})), [001][011][111] ${((100 * triple.correct) / triple.n).toFixed(1)} % (wrong >70 %: ${tripleWrongConfident}, ${tripleWrongNamed} of them named as look-alikes; not sure ${tripleAbstained}, not supported ${tripleOutOfScope}), 16 zones ${((100 * all.correct) / all.n).toFixed(1)} %`,
    );
  }
  report.unlabelledPatterns = unlabelled;
  const confidence = confidenceFit(scored);
  report.confidence = { ...confidence, ensemble: ensembleFit(verdicts, confidence.tau) };
  report.crystals = { cubic: cubic.length, nonCubic: set.crystals.length - cubic.length };
  report.nonCubic = nonCubicVerdicts(
    set.crystals.filter((c) => !cubic.includes(c)),
    classifier,
  );
  const json = `${JSON.stringify(report, null, 1)}\n`;
  if (values.out) writeFileSync(values.out, json);
  else process.stdout.write(json);
}

/**
 * What the wrong single-pattern labels got wrong: the lattice (letter), the angle sub-group (digit after it) or
 * only the absence sub-group (after the dash), and the most frequent truth → prediction pairs.
 */
function errorKinds(confusions: Map<string, number>) {
  const kinds = { lattice: 0, angle: 0, absence: 0 };
  for (const [pair, n] of confusions) {
    const [truth, predicted] = pair.split(' → ') as [string, string];
    if (truth[0] !== predicted[0]) kinds.lattice += n;
    else if (truth.split('-')[0] !== predicted.split('-')[0]) kinds.angle += n;
    else kinds.absence += n;
  }
  const top = [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return { ...kinds, top: Object.fromEntries(top) };
}

interface Scored {
  row: Float64Array;
  truth: number;
  half: number;
}

/** Rows raised to 1/τ and renormalised. */
function sharpen(row: Float64Array, tau: number): Float64Array {
  const out = row.map((p) => Math.max(p, 1e-12) ** (1 / tau));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / sum);
}

function expectedCalibrationError(rows: Scored[], tau: number, bins = 10): number {
  const acc = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const { row, truth } of rows) {
    const p = sharpen(row, tau);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    const bin = acc[Math.min(bins - 1, Math.floor(p[best]! * bins))]!;
    bin.n++;
    bin.confidence += p[best]!;
    if (best === truth) bin.correct++;
  }
  return acc.reduce((s, b) => s + Math.abs(b.confidence - b.correct), 0) / rows.length;
}

/** The exponent 1/τ (τ on a grid) with the least negative log-likelihood of the true labels. */
function fitTau(rows: Scored[]): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let tau = 0.5; tau <= 6.001; tau += 0.05) {
    let loss = 0;
    for (const { row, truth } of rows) loss -= Math.log(Math.max(sharpen(row, tau)[truth]!, 1e-12));
    if (loss < bestLoss) [best, bestLoss] = [tau, loss];
  }
  return best;
}

/**
 * Confidence calibration on the foreign set: τ fitted on one half of the crystals and the expected calibration
 * error measured on the other (both ways), next to τ fitted on all of them (what a model would ship).
 */
function confidenceFit(rows: Scored[]) {
  const halves = [0, 1].map((h) => rows.filter((r) => r.half === h));
  const crossTau = halves.map((h) => fitTau(h));
  const crossEce =
    (expectedCalibrationError(halves[0]!, crossTau[1]!) * halves[0]!.length +
      expectedCalibrationError(halves[1]!, crossTau[0]!) * halves[1]!.length) /
    rows.length;
  const tau = fitTau(rows);
  console.error(
    `confidence: ECE ${expectedCalibrationError(rows, 1).toFixed(3)} as is, ${crossEce.toFixed(3)} with τ fitted on the other half of the crystals (τ ${crossTau.map((t) => t.toFixed(2)).join(', ')}); τ on all: ${tau.toFixed(2)}`,
  );
  return {
    eceAsIs: expectedCalibrationError(rows, 1),
    eceCrossFitted: crossEce,
    crossTau,
    tau,
    patterns: rows.length,
  };
}

interface CrystalEvidence {
  evidence: PatternEvidence[];
  /** Indices of [001], [011], [111] in `evidence`. */
  triple: number[];
  spaceGroup: number;
  half: number;
}

const TEMPERATURES = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6];

/** The crystals' evidence with every probability row raised to 1/τ (as a model shipping τ would give it). */
function sharpenEvidence(records: CrystalEvidence[], tau: number): CrystalEvidence[] {
  return records.map((r) => ({
    ...r,
    evidence: r.evidence.map(
      (e): PatternEvidence =>
        e.probabilities
          ? {
              ...e,
              probabilities: Array.from(
                sharpen(Float64Array.from(e.probabilities as ArrayLike<number>), tau),
              ),
            }
          : e,
    ),
  }));
}

/** The [001]/[011]/[111] and all-zone verdicts of each crystal at ensemble temperature `t`. */
function verdictsAt(records: CrystalEvidence[], t: number) {
  return records.flatMap((r) =>
    [r.triple, r.evidence.map((_, i) => i)].map((idx) => {
      const v = ensemble(
        idx.map((i) => r.evidence[i]!),
        cubicRegistry,
        ensembleOptions(t, true),
      );
      const truth = v.groups.find((g) => g.spaceGroup === r.spaceGroup)?.probability ?? 0;
      const top = v.groups[0]!;
      return {
        triple: idx === r.triple,
        truth,
        correct: top.spaceGroup === r.spaceGroup && !(v.outOfScope > top.probability),
        wrongAbove70: top.spaceGroup !== r.spaceGroup && top.probability > 0.7,
        abstained: v.abstained,
      };
    }),
  );
}

/** The ensemble temperature (on a grid) with the least negative log-probability of the true groups. */
function fitTemperature(records: CrystalEvidence[]): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const t of TEMPERATURES) {
    const loss = verdictsAt(records, t).reduce((s, v) => s - Math.log(Math.max(v.truth, 1e-6)), 0);
    if (loss < bestLoss) [best, bestLoss] = [t, loss];
  }
  return best;
}

/**
 * The ensemble temperature: fitted on one half of the crystals and applied to the other (both ways), with the
 * space-group verdicts it gives there, next to the temperature fitted on all of them (what a model would ship).
 * Rows are first sharpened by the single-pattern exponent τ fitted on all patterns.
 */
function ensembleFit(records: CrystalEvidence[], tau: number) {
  const sharpened = sharpenEvidence(records, tau);
  const halves = [0, 1].map((h) => sharpened.filter((r) => r.half === h));
  const crossT = halves.map((h) => fitTemperature(h));
  const cross = [...verdictsAt(halves[0]!, crossT[1]!), ...verdictsAt(halves[1]!, crossT[0]!)];
  const summary = (vs: ReturnType<typeof verdictsAt>) => ({
    n: vs.length,
    correct: vs.filter((v) => v.correct).length,
    wrongAbove70: vs.filter((v) => v.wrongAbove70).length,
    abstained: vs.filter((v) => v.abstained).length,
  });
  const triple = summary(cross.filter((v) => v.triple));
  const all = summary(cross.filter((v) => !v.triple));
  const temperature = fitTemperature(sharpened);
  console.error(
    `ensemble temperature cross-fitted ${crossT.join(', ')} (on all: ${temperature}): [001][011][111] ${triple.correct}/${triple.n} right, ${triple.wrongAbove70} wrong >70 %, ${triple.abstained} not sure; 16 zones ${all.correct}/${all.n}, ${all.wrongAbove70} wrong >70 %`,
  );
  return { crossTemperature: crossT, temperature, crossFitted: { triple, all } };
}

/** Verdicts on the [001], [011], [111] patterns of crystals outside the supported groups. */
function nonCubicVerdicts(
  crystals: ForeignCrystal[],
  classifier: Awaited<ReturnType<typeof loadClassifier>>,
) {
  const outcomes = { outOfScope: 0, abstained: 0, confidentlyCubic: 0, total: 0 };
  for (const crystal of crystals) {
    const zones = TRIPLE.filter((z) => (crystal.zones[z]?.length ?? 0) > 0);
    if (zones.length < 3) continue;
    const rng = new Xoshiro(hash(crystal.id));
    const a = Math.max(crystal.lattice[0], crystal.lattice[1], crystal.lattice[2]);
    const calibration = 1 / (a * rng.range(CELL_PIXELS[0], CELL_PIXELS[1]));
    const patterns = zones.map((zone) =>
      renderForeign(crystal, zone, calibration, hash(`${crystal.id} ${zone}`), {
        counts: 0,
        background: false,
      }),
    );
    const { probabilities, spacings, fits } = classifier.analyse(
      patterns,
      symmetryViews ? { symmetryViews } : {},
    );
    const n = classifier.labels.length;
    const prediction = ensemble(
      patterns.map((_, i) => ({
        probabilities: probabilities.subarray(i * n, (i + 1) * n),
        fit: fits[i]!,
        ...(Number.isFinite(spacings[i]!) ? { spacing: spacings[i]! * calibration } : {}),
      })),
      cubicRegistry,
      ensembleOptions(classifier.ensembleTemperature, false),
    );
    outcomes.total++;
    if (prediction.outOfScope > prediction.groups[0]!.probability) outcomes.outOfScope++;
    else if (prediction.abstained) outcomes.abstained++;
    else if (prediction.groups[0]!.probability > 0.7) outcomes.confidentlyCubic++;
  }
  console.error(
    `non-cubic: ${outcomes.outOfScope}/${outcomes.total} not supported, ${outcomes.abstained} not sure, ${outcomes.confidentlyCubic} given a cubic group above 70 %`,
  );
  return outcomes;
}

await main();
