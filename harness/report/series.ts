import { isOk, serviceMs, type RequestSample } from '../gate/requests.ts';
import { percentileSorted } from '../gate/stats.ts';
import type { RunResults } from '../results/schema.ts';

/** Chart data derived from a run: plain rows, x in seconds on the run's time axis. */

export interface PhaseBand { phase: string; index: number; start: number; end: number; measuredFrom: number }

export function phaseBands(results: RunResults): PhaseBand[] {
  return results.phases.map((p) => ({ phase: p.name, index: p.index, start: p.startMs / 1000, end: p.endMs / 1000, measuredFrom: (p.startMs + p.warmupMs) / 1000 }));
}

/** Answered (ok) requests per second, averaged over `windowS` to read through 1 s jitter. */
export function qpsSeries(results: RunResults, windowS = 5): { t: number; qps: number; errorsPerSec: number }[] {
  const windows = new Map<number, { completed: number; errors: number }>();
  // Only the load window: the single-user accuracy pass runs before t0, and after the last phase the
  // drain of in-flight requests would read as throughput at zero load.
  const end = results.phases.at(-1)?.endMs ?? Infinity;
  for (const b of results.timeSeries.throughput.filter((x) => x.t >= 0 && x.t < end)) {
    const w = Math.floor(b.t / 1000 / windowS) * windowS;
    const acc = windows.get(w) ?? { completed: 0, errors: 0 };
    acc.completed += b.completed;
    acc.errors += b.errors;
    windows.set(w, acc);
  }
  return [...windows].sort((a, b) => a[0] - b[0]).map(([t, a]) => ({ t: t + windowS / 2, qps: (a.completed - a.errors) / windowS, errorsPerSec: a.errors / windowS }));
}

/** Target load over time as a step line: users (closed model) or arrivals/s (open), ramps drawn as slopes. */
export function loadSeries(results: RunResults): { t: number; load: number; unit: string }[] {
  const out: { t: number; load: number; unit: string }[] = [];
  let prev = 0;
  for (const p of results.phases) {
    const load = p.vus ?? p.rate ?? 0;
    const unit = p.vus !== null ? 'users' : 'arrivals/s';
    const ramp = results.scenario.phases.find((x) => x.name === p.name)?.rampMs ?? 0;
    out.push({ t: p.startMs / 1000, load: ramp > 0 ? prev : load, unit });
    if (ramp > 0) out.push({ t: (p.startMs + ramp) / 1000, load, unit });
    out.push({ t: p.endMs / 1000, load, unit });
    prev = load;
  }
  return out;
}

/**
 * Latency percentiles in time windows (by completion time), from the per-request records. A window's
 * percentile is drawn only when the window holds enough samples for it (the same rule as the phases).
 */
export function latencyWindows(results: RunResults, records: readonly RequestSample[], windowS = 10): { t: number; percentile: string; ms: number; n: number }[] {
  const windows = new Map<number, number[]>();
  const phases = new Set(results.phases.map((p) => p.name));
  for (const r of records) {
    const ms = isOk(r) && r.phase !== null && phases.has(r.phase) ? serviceMs(r) : null;
    if (ms === null) continue;
    const w = Math.floor(r.doneAt! / 1000 / windowS) * windowS;
    (windows.get(w) ?? windows.set(w, []).get(w)!).push(ms);
  }
  const out: { t: number; percentile: string; ms: number; n: number }[] = [];
  for (const [w, values] of [...windows].sort((a, b) => a[0] - b[0])) {
    const s = Float64Array.from(values).sort();
    for (const [name, q, min] of [['p50', 50, 5], ['p95', 95, 20], ['p99', 99, 100]] as const) {
      if (s.length >= min) out.push({ t: w + windowS / 2, percentile: name, ms: percentileSorted(s, q), n: s.length });
    }
  }
  return out;
}

/** Latency CDF per phase, at most `points` points per curve; both kinds in the open model. */
export function cdfPoints(results: RunResults, samples: Map<string, { service: Float64Array; corrected?: Float64Array }>, points = 120) {
  const out: { phase: string; kind: string; ms: number; fraction: number }[] = [];
  for (const p of results.phases) {
    const s = samples.get(p.name);
    if (!s) continue;
    const curves: [string, Float64Array][] = [['service time', s.service]];
    if (s.corrected) curves.push(['corrected (from schedule)', s.corrected]);
    for (const [kind, values] of curves) {
      const n = values.length;
      if (n === 0) continue;
      const step = Math.max(1, Math.floor(n / points));
      for (let i = 0; i < n; i += step) out.push({ phase: p.name, kind, ms: values[i], fraction: (i + 1) / n });
      out.push({ phase: p.name, kind, ms: values[n - 1], fraction: 1 });
    }
  }
  return out;
}

/** Without per-request records: the CDF through the phase's own percentiles (a coarse staircase). */
export function cdfFromStats(results: RunResults) {
  const out: { phase: string; kind: string; ms: number; fraction: number }[] = [];
  for (const p of results.phases) {
    const curves: [string, typeof p.latency][] = [['service time', p.latency]];
    if (p.correctedLatency) curves.push(['corrected (from schedule)', p.correctedLatency]);
    for (const [kind, s] of curves) {
      const pts: [number | null, number][] = [[s.min, 0], [s.p50, 0.5], [s.p90, 0.9], [s.p95, 0.95], [s.p99, 0.99], [s.p999, 0.999], [s.max, 1]];
      for (const [ms, fraction] of pts) if (ms !== null) out.push({ phase: p.name, kind, ms, fraction });
    }
  }
  return out;
}

export function resourceSeries(results: RunResults) {
  return results.timeSeries.resources
    .filter((r) => r.server !== null && r.t >= 0)
    .map((r) => ({ t: r.t / 1000, serverCpu: r.server!.cpu, serverCpuMachine: r.server!.cpuMachine, machineCpu: r.machine.cpu, rssMiB: r.server!.rss / 1024 / 1024, harnessCpu: r.harness.cpu }));
}
