import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimingRecord } from '../load/request-record.ts';
import { exampleResults } from '../../test/support/example-results.ts';
import { formatSlo, judgeSlo } from './judge-slo.ts';
import { parseSlo } from './parse-slo.ts';

/** Four closed phases, 10/20/40/60 users, no errors. */
function fourPhases() {
  const [p] = exampleResults().phases;
  return [10, 20, 40, 60].map((vus) => ({ ...structuredClone(p), name: `${vus} users`, vus, errors: { rate: 0, byKind: {} } }));
}

test('--slo parses a latency bound and an error bound (1% unless given)', () => {
  assert.deepEqual(parseSlo('p95<1200'), { ok: true, slo: { source: 'p95<1200,errors<1%', percentile: 95, latencyMs: 1200, errorRate: 0.01 } });
  assert.deepEqual(parseSlo('p(99)<2s, errors<0.5%'), { ok: true, slo: { source: 'p99<2000,errors<0.5%', percentile: 99, latencyMs: 2000, errorRate: 0.005 } });
  assert.deepEqual(parseSlo('errors<1%'), { ok: false, error: '--slo "errors<1%": needs a latency bound like p95<1200 (ms)' });
  assert.equal(parseSlo('p95>1200').ok, false);
  assert.equal(parseSlo('p100<5').ok, false);
});

/** Records for one phase: `n` answers of `ms` each, `errors` failures. */
function records(phase: string, latencies: number[], errors = 0): TimingRecord[] {
  const ok = latencies.map((ms, i) => ({ seq: i, phase, warmup: false, sampleId: 's', late: false, scheduledAt: 0, sentAt: 0, firstByteAt: ms, doneAt: ms, status: 200, errorKind: null, bytes: 1, serverTiming: {}, cached: null }));
  const bad = Array.from({ length: errors }, (_, i) => ({ ...ok[0], seq: latencies.length + i, status: 504, errorKind: 'timeout', doneAt: 30_000 }));
  return [...ok, ...bad] as TimingRecord[];
}

test('each phase meets, misses or is unproven; capacity is the highest load that meets', () => {
  const r = { phases: fourPhases() };
  const slo = parseSlo('p95<1200');
  assert.ok(slo.ok);
  const names = r.phases.map((p) => p.name);
  // Enough samples: 10 users meets, 20 users meets, 40 users misses on latency, 60 users on errors.
  const timing = [
    ...records(names[0], Array(200).fill(300)),
    ...records(names[1], Array(200).fill(900)),
    ...records(names[2], [...Array(150).fill(900), ...Array(50).fill(2500)]),
    ...records(names[3], Array(200).fill(500)),
  ];
  r.phases[3].errors.rate = 0.05;
  r.phases[3].requests.scheduled = 210;
  const s = judgeSlo(slo.slo, r.phases, timing);
  assert.deepEqual(s.phases.map((p) => p.status), ['meets', 'meets', 'misses', 'misses']);
  assert.equal(s.capacity?.phase, names[1]);
  assert.equal(s.verdict, 'fail');
  assert.match(formatSlo(s)[0], /^capacity at SLO \(p95<1200,errors<1%\): 20 users \(\d/);
});

test('few samples: a clear miss is a miss, anything else is unproven, never meets', () => {
  const r = { phases: fourPhases() };
  const slo = parseSlo('p95<1200');
  assert.ok(slo.ok);
  const names = r.phases.map((p) => p.name);
  const timing = [
    ...records(names[0], Array(30).fill(300)),
    ...records(names[1], [...Array(27).fill(300), ...Array(3).fill(2000)]),
    ...records(names[2], Array(30).fill(3000)),
  ];
  const s = judgeSlo(slo.slo, r.phases, timing);
  assert.deepEqual(s.phases.map((p) => p.status), ['unproven', 'unproven', 'misses', 'unproven']);
  assert.equal(s.capacity, null);
  assert.equal(formatSlo(s)[0], 'capacity at SLO (p95<1200,errors<1%): none');
});

test('the gate fails a run whose SLO a phase misses, and passes one whose phases are unproven', async () => {
  const { checkGate } = await import('../gate/check-gate.ts');
  const slo = parseSlo('p95<1200');
  assert.ok(slo.ok);
  const r = exampleResults();
  const [first] = r.phases;
  r.slo = judgeSlo(slo.slo, r.phases, records(first.name, Array(200).fill(2000)));
  const failed = checkGate(r, []);
  assert.equal(failed.verdict, 'FAIL');
  assert.deepEqual(failed.failures.map((f) => f.threshold), [`slo p95<1200,errors<1% at ${first.vus} users`]);
  r.slo = judgeSlo(slo.slo, r.phases, records(first.name, Array(20).fill(300)));
  assert.equal(r.slo.verdict, 'unproven');
  assert.equal(checkGate(r, []).failures.length, 0);
});
