/**
 * Markdown tables from `evaluate.ts` results: one row per condition, optionally beside an earlier model's.
 *
 *   npx tsx evaluation/foreign/report.ts evaluation/foreign/results.json [--before baseline.json]
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Rate {
  rate: number;
  interval: [number, number];
  n: number;
}
interface Condition {
  singleTop1: Rate;
  singleTop3: Rate;
  /** Single top-1 on the patterns whose visible, resolved reflections make the labelled lattice. */
  singleTop1Readable?: Rate;
  expectedCalibrationError: number;
  spaceGroupTriple: Rate & { wrongAbove70: number; abstained: number; outOfScope?: number };
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

/** The table of one results file, with an earlier model's numbers in brackets when given. */
export function foreignTable(results: Results, before?: Results): string {
  const was = (name: string, pick: (c: Condition) => string) => {
    const c = before?.conditions[name];
    return c ? ` [${pick(c)}]` : '';
  };
  const rows = Object.entries(results.conditions).map(([name, c]) =>
    [
      name,
      `${withInterval(c.singleTop1)}${was(name, (b) => pct(b.singleTop1.rate))}`,
      `${pct(c.singleTop3.rate)}${was(name, (b) => pct(b.singleTop3.rate))}`,
      `${c.expectedCalibrationError.toFixed(3)}${was(name, (b) => b.expectedCalibrationError.toFixed(3))}`,
      `${withInterval(c.spaceGroupTriple)}${was(name, (b) => pct(b.spaceGroupTriple.rate))}`,
      `${c.spaceGroupTriple.wrongAbove70} / ${c.spaceGroupTriple.abstained}${was(name, (b) => `${b.spaceGroupTriple.wrongAbove70} / ${b.spaceGroupTriple.abstained}`)}`,
      `${withInterval(c.spaceGroupAll16)}${was(name, (b) => pct(b.spaceGroupAll16.rate))}`,
    ].join(' | '),
  );
  const readable = Object.entries(results.conditions)
    .filter(([, c]) => c.singleTop1Readable)
    .map(([name, c]) => `${name} ${withInterval(c.singleTop1Readable!)} of ${c.singleTop1Readable!.n}`);
  const n = results.nonCubic;
  const rejected = (r: Results['nonCubic']) => (r.outOfScope + r.abstained) / r.total;
  return [
    `| foreign set (${results.crystals.cubic} held-out cubic crystals × 16 zones; one camera per crystal) | single pattern top-1 | top-3 | ECE | space group, [001], [011], [111] + spacings | wrong > 70 % / not sure (of ${results.conditions[Object.keys(results.conditions)[0]!]!.spaceGroupTriple.n}) | all 16 zones |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    ...(readable.length
      ? [
          '',
          `Readable patterns only (their reflections drawn at 3 grey levels of 8 bits or more, inside the field and resolved from their neighbours and the beam, make the labelled lattice; the others' label rests on reflections the image does not show): single top-1 ${readable.join('; ')}.`,
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
