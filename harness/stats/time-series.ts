import type { TimingRecord } from '../load/request-record.ts';
import type { ThroughputSample } from '../results/schema.ts';

/**
 * Completions per 1 s bucket on the run's time axis (warm-up included: the series shows the whole
 * run), with the bucket's mean/max client latency and the requests in flight at its end.
 */
export function bucketThroughput(records: readonly TimingRecord[], phases: readonly { name: string; startMs: number; endMs: number }[], bucketMs = 1000): ThroughputSample[] {
  const done = records.filter((r) => r.doneAt !== null && r.sentAt !== null && r.doneAt >= 0);
  if (!done.length) return [];
  const last = Math.max(...done.map((r) => r.doneAt!));
  const n = Math.floor(last / bucketMs) + 1;
  const out: ThroughputSample[] = Array.from({ length: n }, (_, i) => ({
    t: i * bucketMs,
    phase: phases.find((p) => i * bucketMs >= p.startMs && i * bucketMs < p.endMs)?.name ?? null,
    completed: 0,
    errors: 0,
    inFlight: 0,
    meanMs: null,
    maxMs: null,
  }));
  const sums = new Array<number>(n).fill(0);
  for (const r of done) {
    const b = out[Math.floor(r.doneAt! / bucketMs)];
    const lat = r.doneAt! - r.sentAt!;
    b.completed++;
    if (r.errorKind !== null) b.errors++;
    sums[b.t / bucketMs] += lat;
    b.maxMs = Math.max(b.maxMs ?? 0, Math.round(lat * 1000) / 1000);
  }
  for (const r of done) {
    // In flight at the bucket's end: sent before it, done after it.
    const from = Math.floor(r.sentAt! / bucketMs);
    const to = Math.floor(r.doneAt! / bucketMs);
    for (let i = Math.max(0, from); i < to && i < n; i++) out[i].inFlight++;
  }
  out.forEach((b, i) => (b.meanMs = b.completed ? Math.round((sums[i] / b.completed) * 1000) / 1000 : null));
  return out;
}
