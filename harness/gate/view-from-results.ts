import type { LatencyStats, RunResults } from '../results/schema.ts';
import type { PhaseView, RunView } from './run-view.ts';
import { samplesByPhase, type RequestSample } from './requests.ts';

const MIB = 1024 * 1024;

/**
 * Builds the gate's view of a run from results.json and, when given, the run's requests.jsonl records
 * (which carry the per-request latencies that percentiles pool and the bootstrap resamples).
 */
export function viewFromResults(results: RunResults, records?: readonly RequestSample[]): RunView {
  const samples = records ? samplesByPhase(results, records) : undefined;
  const phases = results.phases.map((p): PhaseView => {
    const corrected = p.correctedLatency !== null && p.correctedLatency.count > 0;
    const stats = corrected ? p.correctedLatency! : p.latency;
    const s = samples?.get(p.name);
    const plan = results.scenario.phases.find((x) => x.name === p.name);
    const lineCer = p.accuracy && p.accuracy.lineItems > 0 ? p.accuracy.cer : null;
    return {
      name: p.name,
      aliases: [p.vus, p.rate].filter((x): x is number => x !== null).map(String),
      durationS: p.measuredMs / 1000,
      requests: p.requests.completed,
      errors: p.requests.errors,
      errorsByKind: p.errors.byKind,
      // Answered throughput: a phase that fails fast must not look fast.
      qps: p.throughput.okPerSec,
      latencyKind: corrected ? 'corrected' : 'service',
      latencySamples: s ? (corrected ? s.corrected : s.service) : undefined,
      latencyStats: { mean: num(stats.mean), min: num(stats.min), max: num(stats.max), percentiles: percentiles(stats) },
      accuracy: p.accuracy
        ? { cer: num(lineCer ?? p.accuracy.pageCer), f1: num(p.accuracy.pageF1), scored: p.accuracy.scored }
        : undefined,
      qpsSamples: inWindow(results.timeSeries.throughput, p).map((b) => b.completed - b.errors),
      cpuSamples: inWindow(results.timeSeries.resources, p).flatMap((r) => (r.server ? [r.server.cpu] : [])),
      cpuMeanPct: num(p.resources.serverCpuMean),
      rssPeakMb: p.resources.serverRssMax === null ? undefined : p.resources.serverRssMax / MIB,
      users: p.vus ?? undefined,
      thinkS: plan?.thinkMs ? (plan.thinkMs.min + plan.thinkMs.max) / 2000 : undefined,
    };
  });
  const invalidReasons: string[] = [];
  if (results.validity.verdict === 'INVALID') invalidReasons.push(...results.validity.reasons);
  if (results.status === 'failed') invalidReasons.push(`the run failed: ${results.statusReason ?? 'no reason given'}`);
  if (results.status === 'interrupted') invalidReasons.push(`the run was interrupted: ${results.statusReason ?? 'no reason given'}`);
  invalidReasons.push(...serverCrashReasons(results));
  return { phases, invalidReasons };
}

/**
 * A server that dies mid-run shows twice: its process tree vanishes from the resource samples, and
 * requests are refused a connection. Either makes the run's figures about a dead server, not a slow one.
 */
export function serverCrashReasons(results: RunResults): string[] {
  const reasons: string[] = [];
  const end = results.phases.at(-1)?.endMs ?? 0;
  let seen = false;
  for (const s of results.timeSeries.resources) {
    if (s.server) seen = true;
    else if (seen && s.t >= 0 && s.t < end) {
      reasons.push(`server crash: its process was gone from ${(s.t / 1000).toFixed(1)} s into the load`);
      break;
    }
  }
  for (const p of results.phases) {
    const refused = p.errors.byKind.connection_refused ?? 0;
    if (refused > 0) reasons.push(`server crash: ${refused} request(s) in phase ${p.name} were refused a connection (nothing listening)`);
  }
  return reasons;
}

/** Time-series points inside a phase's measured window (after its warm-up). */
function inWindow<T extends { t: number }>(series: readonly T[], p: { startMs: number; warmupMs: number; endMs: number }): T[] {
  return series.filter((x) => x.t >= p.startMs + p.warmupMs && x.t < p.endMs);
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? undefined : v);

/** Percentiles keyed as a threshold writes them ("95", "99.9"); null = insufficient samples. */
function percentiles(s: LatencyStats): Record<string, number | null> {
  return { '50': s.p50, '90': s.p90, '95': s.p95, '99': s.p99, '99.9': s.p999 };
}
