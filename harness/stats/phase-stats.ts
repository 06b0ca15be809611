import type { TimedPhase } from '../load/load-context.ts';
import type { TimingRecord } from '../load/request-record.ts';
import type { PhaseResources, PhaseStats, ResourceSample, StageBreakdown } from '../results/schema.ts';
import { summarizeLatency } from './latency-stats.ts';

/**
 * Statistics of one phase from its records (pure). Only records outside the warm-up slice count;
 * Ctrl-C's cut requests are counted as aborted, not as errors. `stoppedAt` shortens the window of
 * an interrupted run so throughput is not diluted by time that never ran.
 */
export function computePhaseStats(phase: TimedPhase, records: readonly TimingRecord[], resources: readonly ResourceSample[], stoppedAt: number | null = null): PhaseStats {
  const mine = records.filter((r) => r.phase === phase.name);
  const measured = mine.filter((r) => !r.warmup);
  const aborted = measured.filter((r) => r.errorKind === 'aborted');
  const attempts = measured.filter((r) => r.errorKind !== 'aborted');
  const sent = attempts.filter((r) => r.sentAt !== null);
  const ok = attempts.filter((r) => r.errorKind === null);
  const failed = attempts.filter((r) => r.errorKind !== null);
  const byKind: Record<string, number> = {};
  for (const r of failed) byKind[r.errorKind!] = (byKind[r.errorKind!] ?? 0) + 1;

  const windowStart = phase.startMs + phase.warmupMs;
  const windowEnd = stoppedAt === null ? phase.endMs : Math.min(phase.endMs, stoppedAt);
  const measuredMs = Math.max(0, windowEnd - windowStart);
  const perSec = (n: number) => (measuredMs > 0 ? (n / measuredMs) * 1000 : 0);
  const completed = sent.filter((r) => r.doneAt !== null).length;

  return {
    name: phase.name,
    index: phase.index,
    model: phase.model,
    startMs: phase.startMs,
    endMs: phase.endMs,
    warmupMs: phase.warmupMs,
    measuredMs,
    vus: phase.vus,
    rate: phase.rate,
    requests: {
      scheduled: attempts.length,
      sent: sent.length,
      completed,
      ok: ok.length,
      errors: failed.length,
      late: attempts.filter((r) => r.late).length,
      dropped: byKind.dropped ?? 0,
      aborted: aborted.length,
      warmup: mine.length - measured.length,
    },
    throughput: { completedPerSec: round(perSec(completed)), okPerSec: round(perSec(ok.length)) },
    errors: { rate: attempts.length ? failed.length / attempts.length : 0, byKind },
    latency: summarizeLatency(ok.map((r) => r.doneAt! - r.sentAt!)),
    correctedLatency: phase.model === 'open' ? summarizeLatency(ok.map((r) => r.doneAt! - r.scheduledAt)) : null,
    ttfb: summarizeLatency(ok.filter((r) => r.firstByteAt !== null).map((r) => r.firstByteAt! - r.sentAt!)),
    breakdown: computeBreakdown(ok),
    resources: summarizeResources(resources.filter((s) => s.t >= windowStart && s.t < windowEnd)),
    accuracy: null,
    accuracyChange: null,
    cacheHitRate: cacheHitRate(ok),
  };
}

function cacheHitRate(ok: readonly TimingRecord[]): number | null {
  const flagged = ok.filter((r) => r.cached !== null && r.cached !== undefined);
  return flagged.length ? flagged.filter((r) => r.cached).length / flagged.length : null;
}

/** Mean client latency split into the server's own stages (Server-Timing) and the rest. */
export function computeBreakdown(ok: readonly TimingRecord[]): StageBreakdown {
  const timed = ok.filter((r) => Object.keys(r.serverTiming).length > 0);
  const sums: Record<string, { sum: number; n: number }> = {};
  for (const r of timed) for (const [k, v] of Object.entries(r.serverTiming)) (sums[k] ??= { sum: 0, n: 0 }).sum += v, sums[k].n++;
  const stages: Record<string, number> = {};
  for (const [k, { sum, n }] of Object.entries(sums)) if (k !== 'total') stages[k] = round(sum / n);
  const withTotal = timed.filter((r) => typeof r.serverTiming.total === 'number');
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  // Time the server accounts for: its total, or the sum of its stages when that is larger (our
  // server reports its admission queue beside a total that starts after it).
  const serverTime = (t: Record<string, number>) => Math.max(t.total, Object.entries(t).reduce((s, [k, v]) => (k === 'total' ? s : s + v), 0));
  return {
    stages,
    serverTotal: mean(withTotal.map((r) => r.serverTiming.total)),
    client: mean(withTotal.map((r) => r.doneAt! - r.sentAt!)),
    rest: mean(withTotal.map((r) => r.doneAt! - r.sentAt! - serverTime(r.serverTiming))),
    samples: timed.length,
  };
}

export function summarizeResources(samples: readonly ResourceSample[]): PhaseResources {
  const pick = (f: (s: ResourceSample) => number | undefined) => samples.map(f).filter((v): v is number => typeof v === 'number');
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  const max = (xs: number[]) => (xs.length ? round(Math.max(...xs)) : null);
  return {
    samples: samples.length,
    serverCpuMean: mean(pick((s) => s.server?.cpu)),
    serverCpuMax: max(pick((s) => s.server?.cpu)),
    serverCpuMachineMean: mean(pick((s) => s.server?.cpuMachine)),
    serverRssMax: max(pick((s) => s.server?.rss)),
    machineCpuMean: mean(pick((s) => s.machine.cpu)),
    machineMemUsedMax: max(pick((s) => s.machine.memUsed)),
    harnessCpuMean: mean(pick((s) => s.harness.cpu)),
    harnessCpuMax: max(pick((s) => s.harness.cpu)),
    harnessLoopDelayP99Max: max(pick((s) => s.harness.loopDelayP99)),
    // The last sample's since-the-phase-began p99 covers the whole phase.
    harnessLoopDelayP99: samples.at(-1)?.harness.loopDelayP99Phase ?? null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
