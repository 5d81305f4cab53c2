/**
 * Markdown tables from `evaluate.ts` results: one row per condition, optionally beside an earlier model's.
 *
 *   npx tsx evaluation/foreign/report.ts evaluation/foreign/results.json [--before baseline.json]
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VISIBILITIES, type Visibility } from './visible';

interface Rate {
  rate: number;
  interval: [number, number];
  n: number;
}
interface Condition {
  singleTop1: Rate;
  singleTop3: Rate;
  /** Single top-1 on the patterns whose visible reflections (peaks of their own) make the labelled lattice. */
  singleTop1Readable?: Rate;
  /**
   * Single top-1 by what each image shows of its label, counting every reflection down to half a quantisation step
   * (`visible.ts` `visibility`): `label`, `several labels`, `no lattice`, `another label`.
   */
  byVisibility?: Partial<Record<Visibility, Rate>>;
  /** On readable patterns: the lattice fitted to the spots alone, and how often the network changed its verdict. */
  readableGeometry?: { alone: Rate; networkOverrode: number; networkRescued: number };
  expectedCalibrationError: number;
  /** 95 % interval of the calibration error, resampling crystals. */
  expectedCalibrationErrorInterval?: [number, number];
  spaceGroupTriple: Rate & {
    wrongAbove70: number;
    /** How many of the confidently wrong verdicts named the true group among their look-alikes. */
    wrongAbove70Named?: number;
    /** How many right verdicts (not abstaining) named a look-alike all the same. */
    rightNamingLookAlikes?: number;
    abstained: number;
    outOfScope?: number;
    wrongAbove70Crystals?: string[];
  };
  spaceGroupAll16: Rate & { wrongAbove70: number };
  byConvention: Record<string, Rate>;
}
interface Results {
  conditions: Record<string, Condition>;
  crystals: { cubic: number; nonCubic: number };
  nonCubic: { outOfScope: number; abstained: number; confidentlyCubic: number; total: number };
  confidence?: { eceAsIs: number; eceCrossFitted: number; tau: number };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const withInterval = (r: Rate) => `${pct(r.rate)} (${pct(r.interval[0])}–${pct(r.interval[1])})`;
/** The calibration error, with its interval when the results have one. */
const ece = (c: Condition) => {
  const i = c.expectedCalibrationErrorInterval;
  return `${c.expectedCalibrationError.toFixed(3)}${i ? ` (${i[0].toFixed(3)}–${i[1].toFixed(3)})` : ''}`;
};
/** Confidently wrong / not sure, and how many of the wrong named the truth as a look-alike. */
const wrongAndUnsure = (t: Condition['spaceGroupTriple']) =>
  `${t.wrongAbove70} / ${t.abstained}${t.wrongAbove70Named ? ` (${t.wrongAbove70Named} named)` : ''}`;

/** The table of one results file, with an earlier model's numbers in brackets when given. */
export function foreignTable(results: Results, before?: Results): string {
  const was = (name: string, pick: (c: Condition) => string) => {
    const c = before?.conditions[name];
    return c ? ` [${pick(c)}]` : '';
  };
  const random = Object.entries(results.conditions).filter(([name]) => !isIssueRow(name));
  const issue = Object.entries(results.conditions).filter(([name]) => isIssueRow(name));
  const rows = random.map(([name, c]) =>
    [
      name,
      `${withInterval(c.singleTop1)}${was(name, (b) => pct(b.singleTop1.rate))}`,
      `${pct(c.singleTop3.rate)}${was(name, (b) => pct(b.singleTop3.rate))}`,
      `${ece(c)}${was(name, (b) => b.expectedCalibrationError.toFixed(3))}`,
      `${withInterval(c.spaceGroupTriple)}${was(name, (b) => pct(b.spaceGroupTriple.rate))}`,
      `${wrongAndUnsure(c.spaceGroupTriple)}${was(name, (b) => `${b.spaceGroupTriple.wrongAbove70} / ${b.spaceGroupTriple.abstained}`)}`,
      `${withInterval(c.spaceGroupAll16)}${was(name, (b) => pct(b.spaceGroupAll16.rate))}`,
    ].join(' | '),
  );
  const readable = random
    .filter(([, c]) => c.singleTop1Readable)
    .map(([name, c]) => `${name} ${withInterval(c.singleTop1Readable!)} of ${c.singleTop1Readable!.n}`);
  const n = results.nonCubic;
  const rejected = (r: Results['nonCubic']) => (r.outOfScope + r.abstained) / r.total;
  return [
    `| foreign set (${results.crystals.cubic} held-out cubic crystals × 16 zones; one camera per crystal) | single pattern top-1 | top-3 | ECE | space group, [001], [011], [111] + spacings | wrong > 70 % / not sure (of ${results.conditions[Object.keys(results.conditions)[0]!]!.spaceGroupTriple.n}) | all 16 zones |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    ...(issue.length ? ['', ...issueTable(issue)] : []),
    ...geometryLines(results),
    ...wrongCrystals(random),
    ...lookAlikeLines(Object.values(results.conditions)),
    ...visibilityTable(Object.entries(results.conditions)),
    ...(readable.length
      ? [
          '',
          `Readable patterns only (their reflections drawn at 3 grey levels of 8 bits or more after the beam stop's shadow, inside the field, above the noise (Rose criterion, at 50 counts) and peaks of their own in the noise-free display (not shoulders on a neighbour or on the direct beam's tail), make the labelled lattice, and no other label of its shape explains them as well; the others' label rests on reflections the image does not show): single top-1 ${readable.join('; ')}.`,
        ]
      : []),
    '',
    `Non-cubic crystals (${n.total}, [001], [011], [111], clean, calibration given): ${n.outOfScope} "not one of the supported groups", ${n.abstained} "not sure" (${pct(rejected(n))} in all${before ? `; before: ${pct(rejected(before.nonCubic))}` : ''}), ${n.confidentlyCubic} given a cubic group above 70 %.`,
    ...(results.confidence
      ? [
          '',
          `Confidence: expected calibration error ${results.confidence.eceAsIs.toFixed(3)} as the network and geometry give it; ${results.confidence.eceCrossFitted.toFixed(3)} with the exponent fitted on the other half of the crystals (τ = ${results.confidence.tau.toFixed(2)} on all).`,
        ]
      : []),
  ].join('\n');
}

/** Prefix of the conditions that redo a row of issue #19's table (`evaluate.ts` names them so). */
export const ISSUE_PREFIX = 'issue #19 row: ';
const isIssueRow = (name: string) => name.startsWith(ISSUE_PREFIX);
/**
 * What issue #19 reported for the classifier of its day on each of its rows, with its own renderer (not this one:
 * same conventions, other code): single top-1, top-3, [001]/[011]/[111] + spacings, all 16 zones, in %.
 */
const ISSUE_REPORTED: Record<string, [number, number, number, number]> = {
  'linear display, σ 1.6 px': [59, 80, 78, 83],
  'linear display, σ 1.6 px, no scale given': [54, 76, 75, 78],
  'gamma 0.5, σ 1.6 px': [69, 87, 97, 97],
  'gamma 0.5, σ 4 px': [61, 81, 72, 86],
  'linear, σ 1.6 px, 50 counts + background + halo': [50, 68, 64, 67],
};

/** The rows of issue #19's table redone on this set, beside the numbers the issue reported. */
function issueTable(issue: [string, Condition][]): string[] {
  return [
    "Issue #19's own rows: every pattern drawn with the fixed conventions of the issue's table (pymatgen intensities without envelope, the direct beam as bright as the strongest reflection, Gaussian spots, no beam stop, no double diffraction, no distortion, beam 3 px off centre, 8 bits); calibration given unless stated. In brackets: what the issue reported for the model of its day, drawn by its own renderer.",
    '',
    '| issue #19 row | single pattern top-1 | readable patterns | top-3 | ECE | [001], [011], [111] + spacings | wrong > 70 % / not sure | all 16 zones |',
    '|---|---|---|---|---|---|---|---|',
    ...issue.map(([name, c]) => {
      const row = name.slice(ISSUE_PREFIX.length);
      const was = ISSUE_REPORTED[row];
      const then = (k: number) => (was ? ` [${was[k]} %]` : '');
      const r = c.singleTop1Readable;
      return `| ${row} | ${withInterval(c.singleTop1)}${then(0)} | ${r ? `${pct(r.rate)} of ${r.n}` : '–'} | ${pct(c.singleTop3.rate)}${then(1)} | ${ece(c)} | ${withInterval(c.spaceGroupTriple)}${then(2)} | ${wrongAndUnsure(c.spaceGroupTriple)} | ${withInterval(c.spaceGroupAll16)}${then(3)} |`;
    }),
  ];
}

/**
 * Each condition's patterns by what their images show of the label (down to half a quantisation step, above the
 * noise, peaks of their own), the classifier's single top-1 in each class, and the ceiling: the top-1 of a reader
 * right on every pattern except those whose visible reflections make another label.
 */
function visibilityTable(conditions: [string, Condition][]): string[] {
  const rows = conditions.filter(([, c]) => c.byVisibility);
  if (rows.length === 0) return [];
  const cell = (r: Rate | undefined) => (r && r.n > 0 ? `${r.n}: ${pct(r.rate)}` : '0');
  return [
    '',
    `What the images show of their label, counting every reflection down to half a quantisation step that stands out of the noise (Rose criterion) as a peak of its own: the number of patterns and the single top-1 on them. "Several labels": the visible reflections make the label, but as well another of its shape (absences outside the field or too weak). "No lattice": one row of spots or fewer than three. "Another label": they make another label's lattice (a weak-reflection look-alike, merged spots); reading the image names that one. Ceiling: the single top-1 of a reader right on every pattern but those.`,
    '',
    `| condition | ${VISIBILITIES.join(' | ')} | ceiling |`,
    `|---|${VISIBILITIES.map(() => '---|').join('')}---|`,
    ...rows.map(([name, c]) => {
      const v = c.byVisibility!;
      const other = v['another label']?.n ?? 0;
      return `| ${name.replace(ISSUE_PREFIX, 'issue row ')} | ${VISIBILITIES.map((k) => cell(v[k])).join(' | ')} | ${pct(1 - other / c.singleTop1.n)} |`;
    }),
  ];
}

/** How the lattice fitted to the spots alone reads the readable patterns, and what the network changed. */
function geometryLines(results: Results): string[] {
  const lines = Object.entries(results.conditions)
    .filter(([, c]) => c.readableGeometry)
    .map(([name, c]) => {
      const g = c.readableGeometry!;
      return `${name.replace(ISSUE_PREFIX, 'issue row ')} ${pct(g.alone.rate)} (network overrode ${g.networkOverrode}, rescued ${g.networkRescued})`;
    });
  return lines.length
    ? [
        '',
        `The lattice fitted to the spots alone, on the readable patterns (and how many of them the network turned from right to wrong / wrong to right): ${lines.join('; ')}.`,
      ]
    : [];
}

/** The crystals given a wrong group above 70 % from [001], [011], [111], per condition. */
function wrongCrystals(conditions: [string, Condition][]): string[] {
  const lines = conditions
    .filter(([, c]) => c.spaceGroupTriple.wrongAbove70Crystals?.length)
    .map(([name, c]) => `${name}: ${c.spaceGroupTriple.wrongAbove70Crystals!.join('; ')}`);
  return lines.length
    ? [
        '',
        `Crystals given a wrong group above 70 % from [001], [011], [111] (truth → verdict): ${lines.join('. ')}.`,
      ]
    : [];
}

/**
 * How often the verdicts named look-alikes (`Prediction.hiddenLookAlikes`: weak reflections or double diffraction),
 * over all conditions.
 */
function lookAlikeLines(conditions: Condition[]): string[] {
  const triples = conditions.map((c) => c.spaceGroupTriple);
  if (!triples.some((t) => t.wrongAbove70Named !== undefined)) return [];
  const sum = (f: (t: Condition['spaceGroupTriple']) => number) => triples.reduce((n, t) => n + f(t), 0);
  const wrong = sum((t) => t.wrongAbove70);
  const named = sum((t) => t.wrongAbove70Named ?? 0);
  const right = sum((t) => Math.round(t.rate * t.n));
  const rightNaming = sum((t) => t.rightNamingLookAlikes ?? 0);
  return [
    '',
    `Look-alikes ([001], [011], [111], all ${conditions.length} conditions): ${named} of the ${wrong} verdicts wrong above 70 % named the true group as a group that gives the same patterns when some of its reflections are too weak to see or when double diffraction lights its screw and glide absences ("named"); ${rightNaming} of the ${right} right verdicts named one too (every Fm-3m verdict names ordered L1₂ Pm-3m, every Im-3m one B2, every Pm-3m one P4₁32 lit by double diffraction).`,
  ];
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { before: { type: 'string' } },
  });
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Results;
  const results = read(positionals[0]!);
  process.stdout.write(`${foreignTable(results, values.before ? read(values.before) : undefined)}\n`);
}

if (process.argv[1]?.endsWith('report.ts')) main();
