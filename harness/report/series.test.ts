import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestSample } from '../gate/requests.ts';
import type { PhaseView, RunView } from '../gate/run-view.ts';
import { parseThresholds } from '../gate/threshold-parse.ts';
import { exampleResults } from '../../test/support/example-results.ts';
import { findKnee } from './knee.ts';
import { latencyWindows, loadSeries, qpsSeries } from './series.ts';

test('qpsSeries: answered requests per second in 5 s windows, load phases only', () => {
  const r = exampleResults();
  r.timeSeries.throughput = [
    { t: -2000, phase: null, completed: 9, errors: 0, inFlight: 1, meanMs: 10, maxMs: 10 }, // accuracy pass, before t0
    { t: 0, phase: '10 users', completed: 10, errors: 0, inFlight: 1, meanMs: 1, maxMs: 1 },
    { t: 1000, phase: '10 users', completed: 12, errors: 2, inFlight: 1, meanMs: 1, maxMs: 1 },
    { t: 5000, phase: '10 users', completed: 5, errors: 5, inFlight: 1, meanMs: 1, maxMs: 1 },
  ];
  assert.deepEqual(qpsSeries(r), [
    { t: 2.5, qps: 4, errorsPerSec: 0.4 },
    { t: 7.5, qps: 0, errorsPerSec: 1 },
  ]);
});

test('loadSeries: a step per phase, a ramp as a slope', () => {
  const r = exampleResults();
  assert.deepEqual(loadSeries(r), [
    { t: 0, load: 10, unit: 'users' }, { t: 60, load: 10, unit: 'users' },
    { t: 60, load: 20, unit: 'users' }, { t: 120, load: 20, unit: 'users' },
  ]);
  r.scenario.phases[1].rampMs = 10_000;
  assert.deepEqual(loadSeries(r).slice(2), [
    { t: 60, load: 10, unit: 'users' }, { t: 70, load: 20, unit: 'users' }, { t: 120, load: 20, unit: 'users' },
  ]);
});

test('latencyWindows: a percentile only where the window has enough samples', () => {
  const r = exampleResults();
  const rec = (doneAt: number, ms: number, over: Partial<RequestSample> = {}): RequestSample => ({ phase: '10 users', sampleId: 's', scheduledAt: doneAt - ms, sentAt: doneAt - ms, doneAt, status: 200, errorKind: null, ...over });
  const records = [
    ...Array.from({ length: 20 }, (_, i) => rec(1000 + i, (i + 1) * 10)), // window 0-10 s: 20 samples, 10..200 ms
    ...Array.from({ length: 5 }, (_, i) => rec(12_000 + i, 100)), // window 10-20 s: 5 samples
    rec(13_000, 9999, { status: 503, errorKind: 'overloaded' }), // errors have no latency here
    rec(14_000, 9999, { phase: 'baseline' }), // not a load phase
  ];
  assert.deepEqual(latencyWindows(r, records), [
    { t: 5, percentile: 'p50', ms: 100, n: 20 },
    { t: 5, percentile: 'p95', ms: 190, n: 20 },
    { t: 15, percentile: 'p50', ms: 100, n: 5 },
  ]);
});

test('findKnee: the highest-load phase meeting the latency and accuracy budget', () => {
  const phase = (name: string, qps: number, p95: number, f1: number): PhaseView => ({
    name, aliases: [], durationS: 60, requests: 600, errors: 0, errorsByKind: {}, qps, latencyKind: 'service',
    latencyStats: { percentiles: { '95': p95 } }, accuracy: { f1, scored: 600 },
  });
  const run: RunView = { invalidReasons: [], phases: [phase('10', 9, 500, 0.95), phase('20', 17, 900, 0.95), phase('40', 21, 2500, 0.95), phase('60', 19, 6000, 0.9)] };
  const t = (...xs: string[]) => {
    const p = parseThresholds(xs);
    assert.ok(p.ok);
    return p.ok ? p.value : [];
  };
  const cases: { name: string; thresholds: string[]; want: string | null }[] = [
    { name: 'latency budget', thresholds: ['p(95)<1200'], want: '20' },
    { name: 'looser budget', thresholds: ['p(95)<3000'], want: '40' },
    { name: 'accuracy too', thresholds: ['p(95)<10000', 'f1>0.92'], want: '40' },
    { name: 'nothing meets it', thresholds: ['p(95)<100'], want: null },
    { name: 'no latency or accuracy threshold: peak throughput', thresholds: ['error_rate<0.01'], want: '40' },
  ];
  for (const c of cases) assert.equal(findKnee(run, t(...c.thresholds)).phase, c.want, c.name);
});
