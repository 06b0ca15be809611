import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleResults } from '../../test/support/example-results.ts';
import { lateAfterMs } from '../load/request-record.ts';
import { checkValidity } from './validity.ts';
import { formatSummary, summarizeRun } from './summary.ts';

test('checkValidity: a saturated harness makes the run INVALID with reasons and advice', () => {
  const [a, b] = exampleResults().phases;
  assert.equal(checkValidity([a, b], false).verdict, 'VALID');
  const hot = { ...b, resources: { ...b.resources, harnessCpuMean: 97, harnessLoopDelayP99Max: 250 } };
  const v = checkValidity([a, hot], true);
  assert.equal(v.verdict, 'INVALID');
  assert.deepEqual(v.reasons, [
    'phase "20 users": the harness used 97% of a core on average (limit 85%)',
    'phase "20 users": harness event-loop delay p99 reached 250 ms (limit 80 ms)',
  ]);
  assert.equal(v.advice.length, 2);
  assert.ok(v.warnings.includes('the run was interrupted; phases after the stop are missing or short'));
  // The same lag is tolerated on answers 100 times slower, with a note.
  const slow = { ...hot, resources: { ...hot.resources, harnessCpuMean: 5 }, latency: { ...hot.latency, p50: 8000 } };
  const tolerated = checkValidity([slow], false);
  assert.equal(tolerated.verdict, 'VALID');
  assert.match(tolerated.warnings[0], /event-loop delay p99 reached 250 ms, under 10% of the median latency/);
  // --loop-delay-limit lifts the floor, and says so.
  const lifted = checkValidity([{ ...hot, resources: { ...hot.resources, harnessCpuMean: 5 } }], false, { loopDelayFloorMs: 1000 });
  assert.equal(lifted.verdict, 'VALID');
  assert.ok(lifted.warnings.includes("the self-check's event-loop delay limit was set to 1000 ms (default 50 ms)"), lifted.warnings.join('; '));
  const late = { ...a, model: 'open' as const, requests: { ...a.requests, late: 20 } };
  assert.match(checkValidity([late], false).reasons[0], /20 of 900 sends left more than 10 ms after/);
  assert.match(checkValidity([{ ...late, rate: 4 }], false).reasons[0], /20 of 900 sends left more than 25 ms after/);
});

test('checkValidity: the phase p99 of the loop delay is judged; a stall in one 500 ms window only warns', () => {
  const [a] = exampleResults().phases;
  const stalled = { ...a, resources: { ...a.resources, harnessLoopDelayP99Max: 72, harnessLoopDelayP99: 6 } };
  const v = checkValidity([stalled], false);
  assert.equal(v.verdict, 'VALID');
  assert.ok(v.warnings.some((w) => /stalled 72 ms in its worst 500 ms \(phase p99 6 ms\)/.test(w)), v.warnings.join('; '));
  const blocked = { ...stalled, resources: { ...stalled.resources, harnessLoopDelayP99: 120 } };
  assert.deepEqual(checkValidity([blocked], false).reasons, ['phase "10 users": harness event-loop delay p99 reached 120 ms (limit 50 ms)']);
});

test('lateAfterMs: 10 ms, or a tenth of the mean gap between arrivals', () => {
  assert.equal(lateAfterMs(null), 10);
  assert.equal(lateAfterMs(100), 10);
  assert.equal(lateAfterMs(4), 25);
  assert.equal(lateAfterMs(1), 100);
});

test('summary: peak QPS, worst tail, and insufficient samples said in words', () => {
  const r = exampleResults();
  const s = summarizeRun(r.phases, 2400);
  assert.equal(s.peakQps, 16.6);
  assert.equal(s.p99Ms, 2000);
  assert.equal(s.requests, 1800);
  const few = { ...r, phases: [{ ...r.phases[0], latency: { ...r.phases[0].latency, count: 50, p95: null, p99: null, insufficient: ['p95' as const, 'p99' as const, 'p999' as const] } }] };
  const text = formatSummary(few);
  assert.match(text, /insufficient samples/);
  assert.match(text, /peak QPS/);
  assert.match(text, /cold start\s+2\.4 s/);
});
