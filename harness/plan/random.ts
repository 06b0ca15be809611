import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { mersenne } from 'pure-rand/generator/mersenne';

export interface Random {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
}

/**
 * A seeded generator (pure-rand's Mersenne Twister; its xoroshiro128+ gives ~0.99999 as the first draw for small seeds): the same seed gives the same stream on every
 * machine and Node version, unlike Math.random, so schedules and sample orders are reproducible.
 */
export function createRandom(seed: number): Random {
  const rng = mersenne(seed | 0);
  return { float: () => uniformFloat64(rng), int: (min, max) => uniformInt(rng, min, max) };
}

/** Derives an independent seed for a numbered sub-stream (a phase, a virtual user). */
export function subSeed(seed: number, stream: number): number {
  // Two rounds of a 32-bit integer hash (Chris Wellons' lowbias32) so neighbouring streams do not correlate.
  let x = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x | 0;
}
