import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source with the few draws the generator needs. */
export interface Rng {
  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** Float in [min, max). */
  float(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** Standard normal draw (Box-Muller). */
  normal(): number;
}

/**
 * One independent stream per (seed, label): each image gets its own stream, so item i is the same
 * whether the set is generated whole, in parallel, or partly, and adding a draw to one category's
 * code does not shift every image after it.
 */
export function createRng(seed: number, label = ''): Rng {
  const digest = createHash('sha256').update(`${seed}\0${label}`).digest();
  const gen = xoroshiro128plus(digest.readInt32LE(0));
  const float = (min: number, max: number) => min + uniformFloat64(gen) * (max - min);
  const rng: Rng = {
    int: (min, max) => uniformInt(gen, min, max),
    float,
    chance: (p) => uniformFloat64(gen) < p,
    pick: (items) => items[uniformInt(gen, 0, items.length - 1)],
    weighted(weights) {
      const keys = Object.keys(weights) as (keyof typeof weights)[];
      const total = keys.reduce((s, k) => s + weights[k], 0);
      let r = float(0, total);
      for (const k of keys) if ((r -= weights[k]) < 0) return k;
      return keys[keys.length - 1];
    },
    normal() {
      const u = 1 - uniformFloat64(gen);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformFloat64(gen));
    },
  };
  return rng;
}
