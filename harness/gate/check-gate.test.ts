import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { exampleResults } from '../../test/support/example-results.ts';
import type { RunResults } from '../results/schema.ts';
import { abortingFailures, checkGate } from './check-gate.ts';
import { EXIT } from '../../server/exit-codes.ts';
import type { RequestSample } from './requests.ts';
import { parseThresholds } from './threshold-parse.ts';
import { viewFromResults } from './view-from-results.ts';

const edit = (f: (r: RunResults) => void) => {
  const r = exampleResults();
  f(r);
  return r;
};

/** Closed-model records for every phase of the example run, latencies log-normal around `median`. */
function records(results: RunResults, scale: number, seed: number): RequestSample[] {
  const rng = xoroshiro128plus(seed);
  const out: RequestSample[] = [];
  for (const p of results.phases) {
    const median = p.latency.p50! * scale;
    for (let i = 0; i < 600; i++) {
      const sentAt = p.startMs + p.warmupMs + i * 80;
      const z = Math.sqrt(-2 * Math.log(uniformFloat64(rng) || 1e-12)) * Math.cos(2 * Math.PI * uniformFloat64(rng));
      out.push({ phase: p.name, sampleId: `s${i}`, scheduledAt: null, sentAt, doneAt: sentAt + median * Math.exp(0.3 * z), status: 200, errorKind: null });
    }
    // Warm-up requests are outside the window and must not count, however slow.
    out.push({ phase: p.name, sampleId: 'w', scheduledAt: null, sentAt: p.startMs + 10, doneAt: p.startMs + 60_000, status: 200, errorKind: null });
  }
  return out;
}

test('PASS: every threshold holds on a valid run', () => {
  const g = checkGate(exampleResults(), ['p(95)<2000', 'error_rate<0.01', 'phase:10 qps>10']);
  assert.deepEqual({ verdict: g.verdict, exitCode: g.exitCode, failures: g.failures, reasons: g.reasons }, { verdict: 'PASS', exitCode: EXIT.OK, failures: [], reasons: [] });
  assert.equal(g.outcomes.length, 3);
});

test('FAIL: failed thresholds come with their measured value and advice', () => {
  const g = checkGate(exampleResults(), { 'phase:20': ['p(95)<1000'], http_reqs: ['rate>18'], global: ['error_rate<0.01'] });
  assert.equal(g.verdict, 'FAIL');
  assert.equal(g.exitCode, EXIT.THRESHOLDS_FAILED);
  assert.deepEqual(g.failures.map((f) => [f.threshold, f.actual]), [['phase:20 p(95)<1000', 1520], ['qps>18', 16.6]]);
  assert.match(g.failures[0].advice, /latency held up to phase 10 users/);
  assert.match(g.failures[1].advice, /users \/ \(think \+ latency\)/);
});

test('INVALID: each validity rule, and INVALID wins over FAIL', () => {
  const cases: { name: string; results: RunResults; thresholds?: string[]; reason: RegExp }[] = [
    { name: 'phase too short', results: edit((r) => (r.phases[1].measuredMs = 4_000)), reason: /phase 20 users was measured for 4.0 s, under the 10 s minimum/ },
    {
      name: 'too few samples for a gated percentile',
      results: edit((r) => r.phases.forEach((p) => Object.assign(p.latency, { count: 300, p99: null, insufficient: ['p99', 'p999'] }))),
      thresholds: ['p(99)<5000'],
      reason: /p\(99\) has insufficient samples in phase 10 users/,
    },
    {
      name: "the harness's own verdict (bottleneck)",
      results: edit((r) => (r.validity = { verdict: 'INVALID', reasons: ['harness CPU at 98% in phase 20 users'], advice: [], warnings: [] })),
      reason: /harness CPU at 98%/,
    },
    { name: 'server crash', results: edit((r) => Object.assign(r, { status: 'failed', statusReason: 'server exited with code 134' })), reason: /the run failed: server exited with code 134/ },
    {
      name: 'server crash seen in the resource samples',
      results: edit((r) => r.timeSeries.resources.push({ ...r.timeSeries.resources[0], t: 61_000, phase: '20 users', server: null })),
      reason: /server crash: its process was gone from 61.0 s into the load/,
    },
    {
      name: 'server crash seen as refused connections',
      results: edit((r) => (r.phases[1].errors.byKind = { connection_refused: 7 })),
      reason: /server crash: 7 request\(s\) in phase 20 users were refused a connection/,
    },
    { name: 'interrupted', results: edit((r) => Object.assign(r, { status: 'interrupted', statusReason: 'SIGINT' })), reason: /interrupted: SIGINT/ },
    { name: 'a threshold that does not parse', results: exampleResults(), thresholds: ['p(95)<1s'], reason: /does not parse/ },
    { name: 'a phase with no requests', results: edit((r) => (r.phases[0].requests.completed = 0)), reason: /phase 10 users finished no requests/ },
  ];
  for (const c of cases) {
    const g = checkGate(c.results, [...(c.thresholds ?? []), 'qps>1000']);
    assert.equal(g.verdict, 'INVALID', c.name);
    assert.equal(g.exitCode, EXIT.INVALID, c.name);
    assert.ok(g.reasons.some((r) => c.reason.test(r)), `${c.name}: ${g.reasons.join(' | ')}`);
    assert.ok(g.failures.some((f) => f.threshold === 'qps>1000'), `${c.name}: failures are still listed`);
  }
});

test('baseline: a 25% slowdown fails the gate, a rerun of the same build does not', () => {
  const base = exampleResults();
  const baseRecords = records(base, 1, 1);
  const same = checkGate(exampleResults(), [], base, { requests: records(base, 1.03, 2), baselineRequests: baseRecords });
  assert.equal(same.verdict, 'PASS', JSON.stringify(same.failures));
  assert.ok(same.comparison!.some((c) => c.basis === 'tolerance+bootstrap'));

  const slow = checkGate(exampleResults(), [], base, { requests: records(base, 1.25, 3), baselineRequests: baseRecords });
  assert.equal(slow.verdict, 'FAIL');
  assert.equal(slow.exitCode, EXIT.THRESHOLDS_FAILED);
  const names = slow.failures.map((f) => f.threshold);
  assert.ok(names.includes('baseline: phase 10 users p50') && names.includes('baseline: phase 20 users p50'), names.join(', '));
  assert.match(slow.failures[0].advice, /\(x1\.\d\d\) \(95% CI of the ratio 1\.\d\d-1\.\d\d\)/);
});

test('baseline: an invalid baseline makes the comparison INVALID', () => {
  const bad = edit((r) => (r.validity = { verdict: 'INVALID', reasons: ['harness CPU at 99%'], advice: [], warnings: [] }));
  const g = checkGate(exampleResults(), [], bad);
  assert.equal(g.verdict, 'INVALID');
  assert.deepEqual(g.reasons, ['the baseline run 20261125-090000-stepped is not valid: harness CPU at 99%']);
});

test('abortingFailures: only failing abortOnFail thresholds abort, on the phases so far', () => {
  const t = parseThresholds(['p(95)<1000 abortOnFail', 'qps>100', 'p(99.9)<1 abortOnFail']);
  assert.ok(t.ok);
  if (!t.ok) return;
  const first = viewFromResults(exampleResults());
  first.phases = first.phases.slice(0, 1);
  assert.deepEqual(abortingFailures(t.value, first), []);
  const both = viewFromResults(exampleResults());
  assert.deepEqual(abortingFailures(t.value, both).map((o) => o.threshold.source), ['p(95)<1000 abortOnFail']);
});
