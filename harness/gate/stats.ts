import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Nearest-rank percentile of ascending samples: the smallest value with at least q% of the samples at
 * or below it. It is what an HDR histogram's valueAtPercentile reports, so the gate and the harness agree.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : NaN;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** A statistic the bootstrap can recompute on a resample: a percentile or the mean. */
export type SampleStat = { kind: 'percentile'; q: number } | { kind: 'mean' };

export function computeStat(sorted: ArrayLike<number>, stat: SampleStat): number {
  return stat.kind === 'mean' ? mean(sorted) : percentileSorted(sorted, stat.q);
}

export interface RatioInterval {
  /** current / baseline of the statistic on the full samples. */
  ratio: number;
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  iterations?: number;
  /** Two-sided confidence, e.g. 0.95. */
  confidence?: number;
  seed?: number;
}

/**
 * Percentile-bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13) for the ratio
 * current/baseline of several statistics at once. Each iteration resamples both runs with replacement
 * and recomputes every statistic from the same resample, so one sort serves all of them.
 * Seeded, so the same inputs always give the same interval and a gate verdict never flickers.
 */
export function bootstrapRatios(
  current: ArrayLike<number>,
  baseline: ArrayLike<number>,
  stats: readonly SampleStat[],
  { iterations = 1000, confidence = 0.95, seed = 1 }: BootstrapOptions = {},
): RatioInterval[] {
  const cur = sortedCopy(current);
  const base = sortedCopy(baseline);
  const point = stats.map((s) => computeStat(cur, s) / computeStat(base, s));
  if (cur.length === 0 || base.length === 0) return point.map((ratio) => ({ ratio, lo: NaN, hi: NaN }));
  const rng = xoroshiro128plus(seed);
  const ratios = stats.map(() => new Float64Array(iterations));
  const rc = new Float64Array(cur.length);
  const rb = new Float64Array(base.length);
  const resample = (from: Float64Array, into: Float64Array) => {
    for (let i = 0; i < into.length; i++) into[i] = from[uniformInt(rng, 0, from.length - 1)];
    into.sort();
  };
  for (let it = 0; it < iterations; it++) {
    resample(cur, rc);
    resample(base, rb);
    stats.forEach((s, k) => (ratios[k][it] = computeStat(rc, s) / computeStat(rb, s)));
  }
  const tail = ((1 - confidence) / 2) * 100;
  return stats.map((_, k) => {
    const sorted = ratios[k].sort();
    return { ratio: point[k], lo: percentileSorted(sorted, tail), hi: percentileSorted(sorted, 100 - tail) };
  });
}
