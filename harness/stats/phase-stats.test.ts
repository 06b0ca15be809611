import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimedPhase } from '../load/load-context.ts';
import type { TimingRecord } from '../load/request-record.ts';
import type { ResourceSample } from '../results/schema.ts';
import { computePhaseStats, summarizeResources } from './phase-stats.ts';
import { bucketThroughput } from './time-series.ts';

const phase: TimedPhase = {
  name: 'p',
  index: 0,
  model: 'open',
  durationMs: 2000,
  warmupMs: 500,
  startMs: 1000,
  endMs: 3000,
  vus: null,
  rampMs: 0,
  thinkMs: null,
  rate: 10,
  arrival: 'constant',
  maxInFlight: 10,
  connections: 2,
};
let seq = 0;
const rec = (scheduledAt: number, sentAt: number | null, doneAt: number | null, errorKind: string | null = null, extra: Partial<TimingRecord> = {}): TimingRecord => ({
  seq: seq++,
  phase: 'p',
  warmup: scheduledAt < 1500,
  sampleId: 's',
  late: false,
  scheduledAt,
  sentAt,
  firstByteAt: doneAt === null ? null : doneAt - 1,
  doneAt,
  status: errorKind ? 503 : 200,
  errorKind,
  bytes: 10,
  serverTiming: { queue: 2, detect: 6, total: 10 },
  cached: null,
  ...extra,
});

test('computePhaseStats: warm-up left out, errors by kind, corrected latency beside service time', () => {
  const records = [
    rec(1000, 1000, 1100), // warm-up
    rec(1500, 1500, 1520),
    rec(1600, 1700, 1730), // waited 100 ms for a connection
    rec(1700, 1700, 1720, 'overloaded'),
    rec(1800, null, null, 'dropped'),
    rec(1900, 1900, 1950, null, { late: true }),
    rec(2900, 2900, 3100, 'aborted'),
    { ...rec(2000, 2000, 2010), phase: 'other' },
  ];
  const s = computePhaseStats(phase, records, []);
  assert.equal(s.measuredMs, 1500);
  assert.deepEqual(s.requests, { scheduled: 5, sent: 4, completed: 4, ok: 3, errors: 2, late: 1, dropped: 1, aborted: 1, warmup: 1 });
  assert.deepEqual(s.errors, { rate: 2 / 5, byKind: { overloaded: 1, dropped: 1 } });
  assert.deepEqual(s.throughput, { completedPerSec: 2.667, okPerSec: 2 });
  assert.deepEqual([s.latency.min, s.latency.max, s.latency.count], [20, 50, 3]);
  assert.deepEqual([s.correctedLatency?.min, s.correctedLatency?.max], [20, 130]);
  assert.deepEqual(s.latency.insufficient, ['p95', 'p99', 'p999']);
  // queue + detect (8) is under total (10), so the server accounts for 10 ms of each answer.
  assert.deepEqual(s.breakdown, { stages: { queue: 2, detect: 6 }, serverTotal: 10, client: 33.333, rest: 23.333, samples: 3 });
  assert.equal(s.cacheHitRate, null);
  const hits = computePhaseStats(phase, records.map((r, i) => ({ ...r, cached: i % 3 === 1 })), []);
  assert.equal(hits.cacheHitRate, 1 / 3);
  const queued = computePhaseStats(phase, records.map((r) => ({ ...r, serverTiming: { queue: 5, detect: 10, total: 10 } })), []);
  assert.equal(queued.breakdown.rest, 18.333);
  // Ctrl-C at 2000 shortens the window to 500 ms.
  assert.equal(computePhaseStats(phase, records, [], 2000).measuredMs, 500);
});

test('bucketThroughput counts completions per second', () => {
  const series = bucketThroughput([rec(0, 0, 100), rec(0, 500, 1500), rec(0, 900, 1999, 'x')], [{ name: 'p', startMs: 0, endMs: 2000 }]);
  assert.deepEqual(series, [
    { t: 0, phase: 'p', completed: 1, errors: 0, inFlight: 2, meanMs: 100, maxMs: 100 },
    { t: 1000, phase: 'p', completed: 2, errors: 1, inFlight: 0, meanMs: 1049.5, maxMs: 1099 },
  ]);
});

test('summarizeResources: worst 500 ms loop-delay p99, and the phase p99 from the last sample', () => {
  const sample = (t: number, p99: number, phaseP99?: number): ResourceSample => ({
    t,
    phase: 'p',
    server: null,
    machine: { cpu: 50, memUsed: 1, memTotal: 2 },
    harness: { cpu: 5, loopDelayP99: p99, loopDelayMax: p99, ...(phaseP99 === undefined ? {} : { loopDelayP99Phase: phaseP99 }), rss: 1 },
  });
  const r = summarizeResources([sample(500, 3, 3), sample(1000, 31, 4), sample(1500, 2, 2.5)]);
  assert.equal(r.harnessLoopDelayP99Max, 31);
  assert.equal(r.harnessLoopDelayP99, 2.5);
  // Results written before the phase p99 existed have none.
  assert.equal(summarizeResources([sample(500, 3)]).harnessLoopDelayP99, null);
});
