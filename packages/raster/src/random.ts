/**
 * The one seeded pseudo-random generator of the sadp packages: sfc32 (small fast counter, period ≈ 2¹²⁸) whose
 * state is filled by splitmix32, so that the same seed gives the same numbers on every platform and Node version.
 *
 * @packageDocumentation
 */

/** splitmix32's increment (the golden ratio · 2³²); also what {@link SeededRandom} XORs the seed with. */
export const GOLDEN_GAMMA = 0x9e3779b9;

/** Anything indexable with a length: arrays and typed arrays. */
export interface Indexable<T> {
  length: number;
  [index: number]: T;
}

/**
 * Seeded generator (sfc32). Seeding: `s = (trunc(seed) XOR 0x9e3779b9) mod 2³²`; the four 32-bit words of
 * state are four successive splitmix32 outputs from `s` (each step adds 0x9e3779b9, then the murmur3
 * finaliser); the first 12 outputs are discarded. Seeds are taken modulo 2³² (negative ones wrap).
 *
 * @example
 * const random = new SeededRandom(42);
 * random.next();    // uniform in [0, 1), the same on every run
 * random.normal();  // standard normal
 * random.shuffle([1, 2, 3, 4]);
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    let s = (Math.trunc(seed) ^ GOLDEN_GAMMA) >>> 0;
    const next = () => {
      s = (s + GOLDEN_GAMMA) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1): `uint32() / 2³²`. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in (0, 1): `(uint32() + 0.5) / 2³²` (never 0, safe under a logarithm). */
  uniform(): number {
    return (this.uint32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, n): `floor(next() · n)`. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller on two {@link uniform} draws; the second value of a pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }

  /**
   * Poisson variate with mean `mean`: exact (Knuth) below 30, otherwise the normal approximation
   * round(mean + sqrt(mean)·N(0, 1)) clipped at 0.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /** Fisher–Yates shuffle in place (from the last element down, `j = int(i + 1)`); returns `items`. */
  shuffle<A extends Indexable<unknown>>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/**
 * `() => number` uniform in [0, 1) from a {@link SeededRandom} of `seed`, for code that takes a plain function.
 *
 * @example
 * const random = randomSource(7);
 * const pick = items[Math.floor(random() * items.length)];
 */
export function randomSource(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
