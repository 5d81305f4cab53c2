/**
 * Seeded randomness: a 32-bit string/number hash to derive seeds, and the PRNG of `@sadp/raster`
 * (sfc32 seeded through splitmix32) so that every choice in a dataset is reproducible from one seed.
 *
 * @packageDocumentation
 */
import { GOLDEN_GAMMA, SeededRandom } from '@sadp/raster';

/** A seeded pseudo-random number generator. Same seed, same sequence, on every platform. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** A random element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
}

/**
 * Hashes any number of strings/numbers to an unsigned 32-bit integer (FNV-1a over the UTF-16 code units,
 * then a murmur3 finaliser). Used to derive independent seeds: `hashSeed(seed, 'split', 225)`.
 */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < parts.length; p++) {
    const s = `${parts[p]}\u241f`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Creates a PRNG from a 32-bit seed: `@sadp/raster`'s {@link SeededRandom} (sfc32 whose state is filled by
 * splitmix32, so nearby seeds give unrelated streams), started so that splitmix32 begins at `seed` itself
 * (`SeededRandom` XORs its seed with 0x9e3779b9 first; this XORs it back): the stream every dataset was made with.
 * `normal()` is `SeededRandom.normal()` (Box–Muller, pairs cached); no dataset draw uses it.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform(0, 30); // same value on every run
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const random = new SeededRandom((seed >>> 0) ^ GOLDEN_GAMMA);
  const next = (): number => random.next();
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => random.int(n),
    normal: () => random.normal(),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty array');
      return items[random.int(items.length)] as (typeof items)[number];
    },
    shuffle: (items) => random.shuffle(items),
  };
}
