import type { PassResult } from './run-engine.ts';

/** A figure over repeated runs: the median and the range, so a reader sees the spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Nearest-rank percentile (the value at ceil(p/100 · n)), as the bench's per-phase statistics. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function spreadOf(xs: readonly (number | null)[]): Spread | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length / 2;
  const median = v.length % 2 ? v[Math.floor(mid)] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

/** The figures of one timed pass. */
export interface PassFigures {
  /** Readings timed: every image once, plus the rounds --min-seconds added. */
  images: number;
  /**
   * The sum over measuring processes of each one's readings over its own timed time: what N processes
   * reading side by side sustain, without the moments at the end of each slice when a process waits for
   * the others to finish their image.
   */
  imagesPerSec: number;
  /** Slices the timed pass was cut into, taking turns with the other engines'. */
  slices: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Slowest measuring process's load (model load; the server's cold start for ours-http). */
  loadMs: number | null;
  peakRssBytes: number | null;
  peakRssTotalBytes: number | null;
  errors: number;
}

export function figuresOf(r: PassResult): PassFigures {
  const all = [...r.items, ...r.repeats];
  const ms = all.map((i) => i.ms);
  return {
    images: all.length,
    imagesPerSec: r.perProcess.reduce((sum, p) => sum + (p.wallMs > 0 ? (p.readings / p.wallMs) * 1000 : 0), 0),
    slices: r.slices,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    loadMs: r.loadMs.length ? Math.max(...r.loadMs) : null,
    peakRssBytes: r.peakRssBytes,
    peakRssTotalBytes: r.peakRssTotalBytes,
    errors: all.filter((i) => i.error !== null).length,
  };
}

export interface FiguresSpread {
  imagesPerSec: Spread;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  loadMs: Spread | null;
  peakRssBytes: Spread | null;
  peakRssTotalBytes: Spread | null;
  errors: number;
}

export function spreadFigures(runs: readonly PassFigures[]): FiguresSpread {
  const pick = (k: keyof PassFigures) => spreadOf(runs.map((r) => r[k]));
  return {
    imagesPerSec: pick('imagesPerSec')!,
    p50Ms: pick('p50Ms'),
    p95Ms: pick('p95Ms'),
    loadMs: pick('loadMs'),
    peakRssBytes: pick('peakRssBytes'),
    peakRssTotalBytes: pick('peakRssTotalBytes'),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

/**
 * images/s of `runs` over `refRuns`: the repeat-by-repeat ratios, as the engines of one repeat took turns
 * over the same stretch of the machine's time (the pair shares its drift); their median is the ratio and
 * their range shows how far one repeat can be off. When the two did not run the same repeats, the ratio of
 * the medians alone.
 */
export function pairedRatio(runs: readonly PassFigures[], refRuns: readonly PassFigures[]): Spread | null {
  if (runs.length === refRuns.length) {
    const ratios = runs.map((r, i) => (refRuns[i].imagesPerSec > 0 ? r.imagesPerSec / refRuns[i].imagesPerSec : null));
    if (ratios.every((x) => x !== null)) return spreadOf(ratios);
  }
  const a = spreadOf(runs.map((r) => r.imagesPerSec))?.median;
  const b = spreadOf(refRuns.map((r) => r.imagesPerSec))?.median;
  return a !== undefined && b ? { median: a / b, min: a / b, max: a / b, n: 1 } : null;
}

/** Points on the accuracy-vs-throughput Pareto front: no other point is at least as good on both and better on one. */
export function paretoFront<T extends { x: number; y: number }>(points: readonly T[]): Set<T> {
  return new Set(points.filter((p) => !points.some((q) => q !== p && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y))));
}
