import type { PhaseStats, RunResults } from '../results/schema.ts';
import { formatSlo } from '../slo/judge-slo.ts';
import { formatWorst, worstPercentiles } from '../stats/worst-percentiles.ts';

/**
 * The seed's headline figures over all phases: peak QPS, mean, worst P95/P99, error rate, CPU, memory.
 * p99Ms is null when the phase with the worst p95 has too few samples for a p99 (see worstPercentiles).
 */
export function summarizeRun(phases: readonly PhaseStats[], coldStartMs: number | null): RunResults['summary'] {
  const peak = phases.reduce<PhaseStats | null>((best, p) => (!best || p.throughput.okPerSec > best.throughput.okPerSec ? p : best), null);
  const ok = phases.reduce((s, p) => s + p.latency.count, 0);
  const attempts = phases.reduce((s, p) => s + p.requests.scheduled, 0);
  const errors = phases.reduce((s, p) => s + p.requests.errors, 0);
  const maxOf = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const cpu = phases.map((p) => p.resources).filter((r) => r.serverCpuMean !== null && r.samples > 0);
  const cpuSamples = cpu.reduce((s, r) => s + r.samples, 0);
  const worst = worstPercentiles(phases);
  return {
    peakQps: peak ? peak.throughput.okPerSec : null,
    peakQpsPhase: peak ? peak.name : null,
    meanMs: ok ? round(phases.reduce((s, p) => s + (p.latency.mean ?? 0) * p.latency.count, 0) / ok) : null,
    p95Ms: worst.p95.ms,
    p99Ms: worst.p99.atLeast ? null : worst.p99.ms,
    errorRate: attempts ? errors / attempts : null,
    serverCpuMean: cpuSamples ? round(cpu.reduce((s, r) => s + r.serverCpuMean! * r.samples, 0) / cpuSamples) : null,
    serverCpuMax: maxOf(phases.map((p) => p.resources.serverCpuMax)),
    serverRssMax: maxOf(phases.map((p) => p.resources.serverRssMax)),
    coldStartMs,
    requests: attempts,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const num = (x: number | null | undefined, digits = 0, unit = '') => (x === null || x === undefined ? 'n/a' : `${x.toFixed(digits)}${unit}`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const mb = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x / 1048576).toFixed(0)} MB`);
/** A percentile: its value, or why there is none. */
const perc = (x: number | null, count: number) => (x !== null ? `${x.toFixed(0)} ms` : count ? 'insufficient samples' : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** The end-of-run printout (pure: returns the text). */
export function formatSummary(r: RunResults): string {
  const head = ['phase', 'load', 'QPS', 'mean', 'P95', 'P99', 'errors', 'server CPU', 'RSS', 'accuracy'];
  const rows = r.phases.map((p) => [
    p.name,
    p.model === 'open' ? `${p.rate}/s` : `${p.vus} users`,
    num(p.throughput.okPerSec, 1),
    num(p.latency.mean, 0, ' ms'),
    perc(p.latency.p95, p.latency.count),
    perc(p.latency.p99, p.latency.count),
    pct(p.errors.rate),
    num(p.resources.serverCpuMean, 0, '%'),
    mb(p.resources.serverRssMax),
    p.accuracy?.pageF1 != null ? `F1 ${p.accuracy.pageF1.toFixed(3)}` : p.accuracy?.cer != null ? `CER ${p.accuracy.cer.toFixed(3)}` : 'n/a',
  ]);
  // The cache column only when the target flags cached answers.
  if (r.phases.some((p) => p.cacheHitRate != null)) {
    head.push('cache hits');
    r.phases.forEach((p, i) => rows[i].push(p.cacheHitRate == null ? 'n/a' : pct(p.cacheHitRate)));
  }
  const s = r.summary;
  const worst = worstPercentiles(r.phases);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  // Capacity at the SLO first: the figure a stepped run is for.
  const lines = [
    ...(r.slo ? [...formatSlo(r.slo), ''] : []),
    `run ${r.runId} · scenario ${r.scenario.name}${r.scenario.scale !== 1 ? ` (durations x${r.scenario.scale.toFixed(3)})` : ''} · ${r.status}`,
    '',
    table([head, ...rows]),
    '',
    table([
      ['summary', 'value'],
      ['peak QPS', s.peakQps === null ? 'n/a' : `${s.peakQps.toFixed(1)} (${s.peakQpsPhase})`],
      ['mean latency', num(s.meanMs, 0, ' ms')],
      ['P95 (worst phase)', formatWorst(worst.p95, ms)],
      ['P99 (worst phase)', formatWorst(worst.p99, ms)],
      ['error rate', pct(s.errorRate)],
      ['server CPU mean / max', `${num(s.serverCpuMean, 0, '%')} / ${num(s.serverCpuMax, 0, '%')} of a core`],
      ['server memory max', mb(s.serverRssMax)],
      ['cold start', s.coldStartMs === null ? 'n/a' : `${(s.coldStartMs / 1000).toFixed(1)} s`],
      ['requests', String(s.requests)],
      ['verdict', r.validity.verdict],
    ]),
  ];
  if (r.dataset.labelled === 0) lines.push('accuracy: none: the dataset has no labels, this run measured speed only');
  for (const reason of r.validity.reasons) lines.push(`INVALID: ${reason}`);
  for (const a of r.validity.advice) lines.push(`advice: ${a}`);
  for (const w of r.validity.warnings) lines.push(`note: ${w}`);
  return lines.join('\n');
}

export interface ProgressState {
  phase: string;
  index: number;
  phases: number;
  load: string;
  elapsedS: number;
  durationS: number;
  qps: number;
  p95: number | null;
  errors: number;
  requests: number;
  serverCpu: number | null;
  inFlight: number;
}

/** One live progress line: phase, users, QPS, p95, errors, CPU. */
export function formatProgress(s: ProgressState): string {
  return (
    `[${s.index + 1}/${s.phases}] ${s.phase} (${s.load}) ${s.elapsedS > s.durationS ? 'finishing in-flight requests' : `${s.elapsedS.toFixed(0)}/${s.durationS.toFixed(0)} s`}` +
    ` · ${s.qps.toFixed(1)} QPS · p95 ${s.p95 === null ? '-' : `${s.p95.toFixed(0)} ms`}` +
    ` · errors ${s.errors}/${s.requests} · in flight ${s.inFlight} · server CPU ${s.serverCpu === null ? '-' : `${s.serverCpu.toFixed(0)}%`}`
  );
}
