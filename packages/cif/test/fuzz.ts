/**
 * Seeded CIF mutator and fuzz runner shared by `fuzz.test.ts` (a few thousand cases) and `npm run fuzz`
 * (10^5 cases by default). Every mutated input must give a result or a `CifError`, nothing else.
 */
import { randomSource } from '@sadp/raster';
import { isCifError, parseCif, readStructures } from '../src/index';

/** The seeded generator of every sadp package (`@sadp/raster`'s sfc32): uniform numbers in [0, 1). */
export const prng: (seed: number) => () => number = randomSource;

const SNIPPETS = [
  'loop_',
  'data_',
  'save_',
  'save_x',
  'global_',
  'stop_',
  '_',
  ';',
  '\n;',
  "'",
  '"',
  '"""',
  "'''",
  '[',
  ']',
  '{',
  '}',
  '#\\#CIF_2.0\n',
  '?',
  '.',
  '1e999999',
  '-1e-999999',
  '9'.repeat(400),
  '0.5(99999999999999999999)',
  'x,y,z',
  "'-x,-x,-x'",
  "'x+1/0,y,z'",
  "'x+1/5,y,z'",
  "'2x,y,z'",
  'NaN',
  'Infinity',
  '_symmetry_equiv_pos_as_xyz',
  '_space_group_name_Hall',
  "'-F 4vw 2vw 3'",
  "'P 61 2 (0 0 5)'",
  "'Q 9'",
  '_space_group_IT_number',
  '0',
  '231',
  '-1',
  '_atom_site_fract_x',
  '_cell_length_a',
  '_cell_angle_gamma 180',
  '\u0000',
  '\u000b',
  '\ufeff',
  '\ud800',
  'é',
  '\r',
  '\r\n',
  '\t',
];

/** Applies 1–4 random mutations to `text`. */
export function mutate(text: string, rnd: () => number): string {
  let s = text;
  const n = 1 + Math.floor(rnd() * 4);
  for (let m = 0; m < n; m++) {
    const pos = Math.floor(rnd() * (s.length + 1));
    switch (Math.floor(rnd() * 10)) {
      case 0: // truncate
        s = s.slice(0, pos);
        break;
      case 1: {
        // flip characters
        const k = 1 + Math.floor(rnd() * 8);
        const chars = s.split('');
        for (let i = 0; i < k && chars.length > 0; i++) {
          chars[Math.floor(rnd() * chars.length)] = String.fromCharCode(Math.floor(rnd() * 256));
        }
        s = chars.join('');
        break;
      }
      case 2: // insert a snippet
        s = s.slice(0, pos) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]! + s.slice(pos);
        break;
      case 3: {
        // binary junk
        const len = Math.floor(rnd() * 64);
        let junk = '';
        for (let i = 0; i < len; i++) junk += String.fromCharCode(Math.floor(rnd() * 0x10000));
        s = s.slice(0, pos) + junk + s.slice(pos);
        break;
      }
      case 4: {
        // deep nesting (CIF 2.0 lists) or many loops
        const depth = Math.floor(rnd() * 5000);
        const open = rnd() < 0.5 ? '[' : '{';
        s = `#\\#CIF_2.0\ndata_deep\n_a ${open.repeat(depth)}${s.slice(0, 100)}`;
        break;
      }
      case 5: {
        // delete a range
        const end = pos + Math.floor(rnd() * 200);
        s = s.slice(0, pos) + s.slice(end);
        break;
      }
      case 6: {
        // duplicate a range
        const len = Math.floor(rnd() * 400);
        s = s.slice(0, pos + len) + s.slice(pos, pos + len) + s.slice(pos + len);
        break;
      }
      case 7: {
        // swap two lines
        const lines = s.split('\n');
        const i = Math.floor(rnd() * lines.length);
        const j = Math.floor(rnd() * lines.length);
        const t = lines[i]!;
        lines[i] = lines[j]!;
        lines[j] = t;
        s = lines.join('\n');
        break;
      }
      case 8: {
        // replace a number by an extreme one
        s = s.replace(
          /\d+\.\d+/,
          ['1e308', '-0', '1e-320', '123456789012345678901234567890', '0.0000'][Math.floor(rnd() * 5)]!,
        );
        break;
      }
      default: {
        // repeat a line many times (large loops)
        const lines = s.split('\n');
        const i = Math.floor(rnd() * lines.length);
        const reps = Math.floor(rnd() * 200);
        lines.splice(i, 0, ...Array.from({ length: reps }, () => lines[i]!));
        s = lines.join('\n');
      }
    }
  }
  return s;
}

/** Result of a fuzz run. */
export interface FuzzStats {
  cases: number;
  /** Inputs that parsed or read without error. */
  accepted: number;
  /** Structures produced by the accepted `readStructures` calls. */
  structures: number;
  /** Inputs that threw a CifError. */
  cifErrors: number;
  /** Inputs that threw something other than a CifError (message and a short input excerpt). */
  failures: { message: string; input: string }[];
  /** Slowest single case in milliseconds. */
  maxMs: number;
  /** Start of the slowest input and how many characters it had. */
  slowest: { input: string; length: number };
  totalMs: number;
  /** Heap growth over the run, in bytes (after a final GC when exposed). */
  heapGrowth: number;
}

/** Runs `cases` mutated inputs derived from `bases`; each input is parsed and read in strict or lenient mode. */
export function runFuzz(bases: readonly string[], cases: number, seed = 1): FuzzStats {
  const rnd = prng(seed);
  const stats: FuzzStats = {
    cases,
    accepted: 0,
    structures: 0,
    cifErrors: 0,
    failures: [],
    maxMs: 0,
    slowest: { input: '', length: 0 },
    totalMs: 0,
    heapGrowth: 0,
  };
  const heap0 = process.memoryUsage().heapUsed;
  const encoder = new TextEncoder();
  const t0 = performance.now();
  for (let c = 0; c < cases; c++) {
    const input = mutate(bases[Math.floor(rnd() * bases.length)]!, rnd);
    const mode = rnd() < 0.5 ? 'strict' : 'lenient';
    const asBytes = rnd() < 0.2;
    const start = performance.now();
    try {
      const data = asBytes ? encoder.encode(input) : input;
      if (rnd() < 0.3) parseCif(data, { mode });
      else stats.structures += readStructures(data, { mode }).length;
      stats.accepted++;
    } catch (error) {
      if (isCifError(error)) stats.cifErrors++;
      else if (stats.failures.length < 20) {
        stats.failures.push({
          message: String((error as Error)?.stack ?? error),
          input: input.slice(0, 300),
        });
      }
    }
    const dt = performance.now() - start;
    if (dt > stats.maxMs) {
      stats.maxMs = dt;
      stats.slowest = { input: input.slice(0, 200), length: input.length };
    }
  }
  stats.totalMs = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  stats.heapGrowth = process.memoryUsage().heapUsed - heap0;
  return stats;
}
