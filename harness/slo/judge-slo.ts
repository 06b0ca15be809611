import type { TimingRecord } from '../load/request-record.ts';
import type { PhaseStats } from '../results/schema.ts';
import type { SloPhase, SloResult } from '../results/slo.ts';
import { minSamplesFor } from '../gate/threshold-eval.ts';
import { percentileSorted } from '../gate/stats.ts';
import type { Slo } from './parse-slo.ts';

/**
 * Judges each phase against the SLO. Latency is what a user waits: send to answer in the closed
 * model, scheduled time to answer in the open model (coordinated omission corrected).
 *
 * A phase *meets* the SLO only with the samples its percentile needs (the gate's minimum: 130 for
 * p95) and every bound holding. It *misses* it when its error rate is over the bound, or its
 * percentile is over the latency bound with enough samples, or, with fewer, when so many answers are
 * over the bound that the percentile cannot be under it: more than the share the percentile allows
 * plus two standard deviations of a binomial count (a 10-user step of a short run has 30 samples;
 * 25 of them at 3 s is a miss, 3 of them is not proof either way). Otherwise it is *unproven*.
 */
export function judgeSlo(slo: Slo, phases: readonly PhaseStats[], timing: readonly TimingRecord[]): SloResult {
  const judged: SloPhase[] = phases.map((p) => {
    const ok = timing.filter((r) => r.phase === p.name && !r.warmup && r.errorKind === null && r.doneAt !== null);
    const lat = ok.map((r) => r.doneAt! - (p.model === 'open' ? r.scheduledAt : r.sentAt!)).sort((a, b) => a - b);
    return judgePhase(slo, p, lat);
  });
  const meeting = judged.filter((j) => j.status === 'meets');
  const loadOf = (name: string) => {
    const p = phases.find((x) => x.name === name)!;
    return p.vus ?? p.rate ?? 0;
  };
  const best = meeting.reduce<SloPhase | null>((b, j) => (!b || loadOf(j.phase) > loadOf(b.phase) ? j : b), null);
  return {
    source: slo.source,
    percentile: slo.percentile,
    latencyMs: slo.latencyMs,
    errorRate: slo.errorRate,
    phases: judged,
    capacity: best ? { phase: best.phase, load: best.load, okPerSec: best.okPerSec } : null,
    verdict: judged.some((j) => j.status === 'misses') ? 'fail' : judged.length && judged.every((j) => j.status === 'meets') ? 'pass' : 'unproven',
  };
}

export function judgePhase(slo: Slo, p: PhaseStats, sortedLatency: readonly number[]): SloPhase {
  const n = sortedLatency.length;
  const load = p.model === 'open' ? `${p.rate}/s` : `${p.vus} users`;
  const latencyMs = n ? Math.round(percentileSorted(sortedLatency, slo.percentile)) : null;
  const base = { phase: p.name, load, latencyMs, samples: n, errorRate: p.errors.rate, okPerSec: p.throughput.okPerSec };
  const pct = `p${slo.percentile}`;
  if (p.requests.scheduled > 0 && p.errors.rate >= slo.errorRate) {
    return { ...base, status: 'misses', why: `errors ${(p.errors.rate * 100).toFixed(2)}% >= ${(slo.errorRate * 100).toFixed(2)}%` };
  }
  if (n === 0) return { ...base, status: 'unproven', why: 'no answered request' };
  const need = minSamplesFor(slo.percentile);
  if (n >= need) {
    return latencyMs! < slo.latencyMs
      ? { ...base, status: 'meets', why: `${pct} ${latencyMs} ms < ${slo.latencyMs} ms` }
      : { ...base, status: 'misses', why: `${pct} ${latencyMs} ms >= ${slo.latencyMs} ms` };
  }
  const over = sortedLatency.filter((x) => x >= slo.latencyMs).length;
  const share = 1 - slo.percentile / 100;
  const allowed = share * n + 2 * Math.sqrt(share * (1 - share) * n);
  if (over > allowed) return { ...base, status: 'misses', why: `${over} of ${n} answers took ${slo.latencyMs} ms or more (${pct} ${latencyMs} ms, fewer than ${need} samples but a clear miss)` };
  return { ...base, status: 'unproven', why: `${n} samples, ${pct} needs ${need} to show the SLO is met` };
}

/** The summary's first lines: capacity at the SLO and the per-phase verdicts. */
export function formatSlo(s: SloResult): string[] {
  const cap = s.capacity ? `${s.capacity.load} (${s.capacity.okPerSec.toFixed(1)} answered images/s, phase ${s.capacity.phase})` : 'none';
  const verdict = s.verdict === 'pass' ? 'every phase meets it' : s.verdict === 'fail' ? `missed at ${s.phases.filter((p) => p.status === 'misses').map((p) => p.load).join(', ')}` : 'not shown: too few samples in some phases';
  return [
    `capacity at SLO (${s.source}): ${cap}`,
    `SLO: ${verdict}`,
    ...s.phases.map((p) => `  ${p.load.padEnd(10)} ${p.status.padEnd(8)} ${p.why}`),
  ];
}
