import type { PhaseView, RunView } from './run-view.ts';
import { minSamplesFor } from './threshold-eval.ts';
import { bootstrapRatios, percentileSorted, type BootstrapOptions } from './stats.ts';

/**
 * Noise-aware tolerances. Ratios are relative (0.15 = 15% worse), deltas absolute. Chosen for a shared
 * 2-core machine where back-to-back runs of the same build move p95 by up to ~10%.
 */
export interface Tolerances {
  latencyRatio: number;
  qpsRatio: number;
  cpuRatio: number;
  rssRatio: number;
  errorRateDelta: number;
  accuracyDelta: number;
}

export const DEFAULT_TOLERANCES: Tolerances = {
  latencyRatio: 0.15,
  qpsRatio: 0.15,
  cpuRatio: 0.25,
  rssRatio: 0.25,
  errorRateDelta: 0.01,
  accuracyDelta: 0.01,
};

export type ComparedMetric = 'p50' | 'p95' | 'p99' | 'qps' | 'error_rate' | 'cer' | 'f1' | 'cpu' | 'rss_mb';

export interface MetricComparison {
  phase: string;
  metric: ComparedMetric;
  current: number | null;
  baseline: number | null;
  /** current - baseline. */
  delta: number | null;
  /** current / baseline. */
  ratio: number | null;
  /** Bootstrap confidence interval of the ratio, when both runs kept per-request samples. */
  ci?: [number, number];
  /** How the verdict was reached: both rules, or the tolerance alone when there are no samples to resample. */
  basis: 'tolerance+bootstrap' | 'tolerance' | 'tolerance+z-test' | 'insufficient samples' | 'missing';
  regression: boolean;
  /** Better than the baseline beyond the tolerance (and the interval), worth a note. */
  improvement: boolean;
}

export interface CompareOptions {
  tolerances?: Partial<Tolerances>;
  bootstrap?: BootstrapOptions;
}

const LATENCY_QS: [ComparedMetric, number][] = [['p50', 50], ['p95', 95], ['p99', 99]];

/**
 * Compares each phase of a run with the same-named phase of a baseline run. A latency change is a
 * regression only when it is beyond the tolerance AND the bootstrap interval of the ratio excludes 1:
 * the tolerance absorbs the machine's run-to-run drift, the interval the sampling noise of small phases.
 */
export function compareRuns(current: RunView, baseline: RunView, { tolerances, bootstrap }: CompareOptions = {}): MetricComparison[] {
  const tol = { ...DEFAULT_TOLERANCES, ...tolerances };
  const out: MetricComparison[] = [];
  current.phases.forEach((cur, i) => {
    const base = baseline.phases.find((p) => p.name === cur.name) ?? baseline.phases[i];
    if (!base) return;
    out.push(...compareLatency(cur, base, tol.latencyRatio, bootstrap));
    out.push(meanRow(cur.name, 'qps', cur.qps, base.qps, cur.qpsSamples, base.qpsSamples, tol.qpsRatio, 'higher', bootstrap));
    out.push(errorRateRow(cur, base, tol.errorRateDelta));
    out.push(deltaRow(cur.name, 'cer', cur.accuracy?.cer, base.accuracy?.cer, tol.accuracyDelta, 'lower'));
    out.push(deltaRow(cur.name, 'f1', cur.accuracy?.f1, base.accuracy?.f1, tol.accuracyDelta, 'higher'));
    out.push(meanRow(cur.name, 'cpu', cur.cpuMeanPct, base.cpuMeanPct, cur.cpuSamples, base.cpuSamples, tol.cpuRatio, 'lower', bootstrap));
    out.push(ratioRow(cur.name, 'rss_mb', cur.rssPeakMb, base.rssPeakMb, tol.rssRatio, 'lower'));
  });
  return out;
}

function compareLatency(cur: PhaseView, base: PhaseView, tol: number, bootstrap?: BootstrapOptions): MetricComparison[] {
  const a = cur.latencySamples;
  const b = base.latencySamples;
  if (a?.length && b?.length) {
    const ratios = bootstrapRatios(a, b, LATENCY_QS.map(([, q]) => ({ kind: 'percentile' as const, q })), bootstrap);
    return LATENCY_QS.map(([metric, q], k) => {
      const c = percentileSorted(a, q);
      const bl = percentileSorted(b, q);
      // An extreme percentile from a handful of tail samples is noise, and the percentile bootstrap
      // understates that noise; below the harness's minimum the row is shown but never gates.
      if (Math.min(a.length, b.length) < minSamplesFor(q)) return { ...missing(cur.name, metric, c, bl), basis: 'insufficient samples' as const };
      const { ratio, lo, hi } = ratios[k];
      return {
        phase: cur.name, metric, current: c, baseline: bl, delta: c - bl, ratio, ci: [lo, hi],
        basis: 'tolerance+bootstrap' as const,
        regression: ratio > 1 + tol && lo > 1,
        improvement: ratio < 1 / (1 + tol) && hi < 1,
      };
    });
  }
  return LATENCY_QS.map(([metric, q]) =>
    ratioRow(cur.name, metric, cur.latencyStats.percentiles[String(q)], base.latencyStats.percentiles[String(q)], tol, 'lower'),
  );
}

/** Samples a mean needs before its bootstrap interval is worth trusting. */
const MIN_MEAN_SAMPLES = 10;

/**
 * A mean figure (throughput per second, CPU per resource sample): the tolerance rule, and when both
 * runs have enough time-series samples, also the bootstrap interval of the ratio of means.
 */
function meanRow(phase: string, metric: ComparedMetric, c: number | undefined, b: number | undefined, cs: number[] | undefined, bs: number[] | undefined, tol: number, better: 'lower' | 'higher', bootstrap?: BootstrapOptions): MetricComparison {
  const row = ratioRow(phase, metric, c, b, tol, better);
  if (row.basis === 'missing' || !cs || !bs || cs.length < MIN_MEAN_SAMPLES || bs.length < MIN_MEAN_SAMPLES) return row;
  const [{ lo, hi }] = bootstrapRatios(cs, bs, [{ kind: 'mean' }], bootstrap);
  const worseOutside = better === 'lower' ? lo > 1 : hi < 1;
  const betterOutside = better === 'lower' ? hi < 1 : lo > 1;
  return { ...row, ci: [lo, hi], basis: 'tolerance+bootstrap', regression: row.regression && worseOutside, improvement: row.improvement && betterOutside };
}

function ratioRow(phase: string, metric: ComparedMetric, c: number | null | undefined, b: number | null | undefined, tol: number, better: 'lower' | 'higher'): MetricComparison {
  if (c === null || c === undefined || b === null || b === undefined || !(b > 0)) return missing(phase, metric, c, b);
  const ratio = c / b;
  const worse = better === 'lower' ? ratio > 1 + tol : ratio < 1 / (1 + tol);
  const better_ = better === 'lower' ? ratio < 1 / (1 + tol) : ratio > 1 + tol;
  return { phase, metric, current: c, baseline: b, delta: c - b, ratio, basis: 'tolerance', regression: worse, improvement: better_ };
}

function deltaRow(phase: string, metric: ComparedMetric, c: number | undefined, b: number | undefined, tol: number, better: 'lower' | 'higher'): MetricComparison {
  if (c === undefined || b === undefined) return missing(phase, metric, c, b);
  const delta = c - b;
  const worse = better === 'lower' ? delta > tol : delta < -tol;
  const better_ = better === 'lower' ? delta < -tol : delta > tol;
  return { phase, metric, current: c, baseline: b, delta, ratio: b ? c / b : null, basis: 'tolerance', regression: worse, improvement: better_ };
}

/**
 * Error rates: beyond the absolute tolerance and significant by a two-proportion z-test (one-sided,
 * z > 1.96), so three errors in a short phase do not fail a build on their own.
 */
function errorRateRow(cur: PhaseView, base: PhaseView, tol: number): MetricComparison {
  const n1 = cur.requests;
  const n2 = base.requests;
  if (!n1 || !n2) return missing(cur.name, 'error_rate', n1 ? cur.errors / n1 : undefined, n2 ? base.errors / n2 : undefined);
  const p1 = cur.errors / n1;
  const p2 = base.errors / n2;
  const pooled = (cur.errors + base.errors) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (p1 - p2) / se : 0;
  return {
    phase: cur.name, metric: 'error_rate', current: p1, baseline: p2, delta: p1 - p2, ratio: p2 ? p1 / p2 : null,
    basis: 'tolerance+z-test', regression: p1 - p2 > tol && z > 1.96, improvement: p2 - p1 > tol && z < -1.96,
  };
}

function missing(phase: string, metric: ComparedMetric, c: number | null | undefined, b: number | null | undefined): MetricComparison {
  return { phase, metric, current: c ?? null, baseline: b ?? null, delta: null, ratio: null, basis: 'missing', regression: false, improvement: false };
}
