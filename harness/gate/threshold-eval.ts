import { MIN_SAMPLES } from '../results/schema.ts';
import type { PhaseView, RunView } from './run-view.ts';
import { mean, percentileSorted, sortedCopy } from './stats.ts';
import { compare, metricName, type Threshold } from './threshold-parse.ts';

/**
 * Samples a percentile needs before it means anything: the harness's MIN_SAMPLES (p95 130,
 * p99 662, p99.9 6620), and about 6.6 samples beyond the percentile for any other (their rule).
 */
export function minSamplesFor(q: number): number {
  if (q === 95) return MIN_SAMPLES.p95;
  if (q === 99) return MIN_SAMPLES.p99;
  if (q === 99.9) return MIN_SAMPLES.p999;
  return Math.ceil(6.62 / (1 - q / 100) - 1e-9);
}

export interface ThresholdOutcome {
  threshold: Threshold;
  /** The phase it was checked against, or "all phases" for a global threshold. */
  scope: string;
  /** Measured value; null when it could not be measured. */
  actual: number | null;
  /** null when the threshold could not be evaluated (then `unevaluable` says why and the run is INVALID). */
  pass: boolean | null;
  unevaluable?: string;
  /** How the value was obtained, e.g. "pooled 2,412 samples" or "worst phase". */
  detail?: string;
}

/** Finds the phase a `phase:NAME` scope means: by name first, then by user count or rate. */
export function findPhase(run: RunView, name: string): PhaseView | undefined {
  return run.phases.find((p) => p.name === name) ?? run.phases.find((p) => p.aliases.includes(name));
}

/** Checks every threshold against the run; never throws. */
export function evaluateThresholds(thresholds: readonly Threshold[], run: RunView): ThresholdOutcome[] {
  return thresholds.map((t) => evaluateThreshold(t, run));
}

export function evaluateThreshold(t: Threshold, run: RunView): ThresholdOutcome {
  let phases = run.phases;
  let scope = 'all phases';
  if (t.phase !== undefined) {
    const p = findPhase(run, t.phase);
    if (!p) return unevaluable(t, `phase:${t.phase}`, `no phase named ${t.phase} (phases: ${run.phases.map((x) => x.name).join(', ') || 'none'})`);
    phases = [p];
    scope = `phase ${p.name}`;
  }
  if (phases.length === 0) return unevaluable(t, scope, 'the run has no measured phases');
  const m = measure(t, phases);
  if ('missing' in m) return unevaluable(t, scope, m.missing);
  return { threshold: t, scope, actual: m.value, pass: compare(m.value, t.op, t.value), detail: m.detail };
}

function unevaluable(threshold: Threshold, scope: string, why: string): ThresholdOutcome {
  return { threshold, scope, actual: null, pass: null, unevaluable: why };
}

type Measured = { value: number; detail?: string } | { missing: string };

function measure(t: Threshold, phases: PhaseView[]): Measured {
  const single = phases.length === 1;
  const name = metricName(t.metric);
  switch (t.metric.kind) {
    case 'percentile':
    case 'avg':
    case 'med':
    case 'min':
    case 'max':
      return measureLatency(t, phases);
    case 'error_rate': {
      const requests = sum(phases, (p) => p.requests);
      if (requests === 0) return { missing: 'no requests finished' };
      return { value: sum(phases, (p) => p.errors) / requests, detail: `${sum(phases, (p) => p.errors)} of ${requests} requests` };
    }
    case 'qps':
      // Globally, throughput means the peak: a stepped run's low steps are slow by design.
      return { value: Math.max(...phases.map((p) => p.qps)), detail: single ? undefined : 'peak phase' };
    case 'cer': {
      const counted = phases.filter((p) => p.accuracy?.refChars !== undefined && p.accuracy.edits !== undefined);
      if (counted.length === phases.length) {
        const ref = sum(counted, (p) => p.accuracy!.refChars!);
        if (ref > 0) return { value: sum(counted, (p) => p.accuracy!.edits!) / ref, detail: `${ref} label characters` };
      }
      return weighted(phases, (p) => p.accuracy?.cer, name);
    }
    case 'f1':
      return weighted(phases, (p) => p.accuracy?.f1, name);
    case 'cpu': {
      const v = phases.map((p) => p.cpuMeanPct).filter(isNum);
      if (v.length === 0) return { missing: 'no server CPU samples' };
      return { value: Math.max(...v), detail: single ? undefined : 'busiest phase' };
    }
    case 'rss_mb': {
      const v = phases.map((p) => p.rssPeakMb).filter(isNum);
      if (v.length === 0) return { missing: 'no server memory samples' };
      return { value: Math.max(...v) };
    }
  }
}

function measureLatency(t: Threshold, phases: PhaseView[]): Measured {
  const m = t.metric;
  const q = m.kind === 'percentile' ? m.q : m.kind === 'med' ? 50 : undefined;
  const withSamples = phases.every((p) => p.latencySamples && p.latencySamples.length > 0);
  if (withSamples) {
    const pooled = phases.length === 1 ? phases[0].latencySamples! : sortedCopy(phases.flatMap((p) => Array.from(p.latencySamples!)));
    if (q !== undefined && m.kind === 'percentile' && pooled.length < minSamplesFor(q)) {
      return { missing: `p(${q}) needs at least ${minSamplesFor(q)} samples, ${pooled.length} measured` };
    }
    const value = q !== undefined ? percentileSorted(pooled, q) : m.kind === 'avg' ? mean(pooled) : m.kind === 'min' ? pooled[0] : pooled[pooled.length - 1];
    return { value, detail: `${phases[0].latencyKind} latency, ${pooled.length} samples${phases.length > 1 ? ' pooled' : ''}` };
  }
  // No samples kept: take the harness's own figure, and globally the worst phase (never optimistic).
  const values: number[] = [];
  for (const p of phases) {
    const s = p.latencyStats;
    const v = q !== undefined ? s.percentiles[String(q)] : m.kind === 'avg' ? s.mean : m.kind === 'min' ? s.min : s.max;
    if (v === null) return { missing: `p(${q}) has insufficient samples in phase ${p.name} (${p.requests} requests)` };
    if (v === undefined || !Number.isFinite(v)) return { missing: `phase ${p.name} has no ${metricName(m)} latency figure` };
    values.push(v);
  }
  const worst = m.kind === 'min' ? Math.min(...values) : Math.max(...values);
  return { value: worst, detail: phases.length > 1 ? `${phases[0].latencyKind} latency, worst phase` : `${phases[0].latencyKind} latency` };
}

function weighted(phases: PhaseView[], get: (p: PhaseView) => number | undefined, name: string): Measured {
  let total = 0;
  let weight = 0;
  for (const p of phases) {
    const v = get(p);
    if (v === undefined || !Number.isFinite(v)) return { missing: `no ${name} measured in phase ${p.name}` };
    const w = p.accuracy?.scored ?? p.requests - p.errors;
    total += v * Math.max(w, 0);
    weight += Math.max(w, 0);
  }
  if (weight === 0) return phases.length === 1 ? { value: get(phases[0])! } : { missing: `no scored responses for ${name}` };
  return { value: total / weight, detail: phases.length > 1 ? 'weighted by scored responses' : undefined };
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
const isNum = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
