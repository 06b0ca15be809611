import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PhaseView, RunView } from './run-view.ts';
import { evaluateThreshold, minSamplesFor } from './threshold-eval.ts';
import { parseThreshold } from './threshold-parse.ts';

/** 1..n ms, so the nearest-rank p(q) of a phase is exactly ceil(q/100 * n). */
const ramp = (n: number, offset = 0) => Float64Array.from({ length: n }, (_, i) => i + 1 + offset);

function phase(name: string, over: Partial<PhaseView> = {}): PhaseView {
  return {
    name, aliases: [], durationS: 60, requests: 1000, errors: 0, errorsByKind: {}, qps: 10, latencyKind: 'service',
    latencyStats: { mean: 500, min: 100, max: 2000, percentiles: { '50': 450, '90': 800, '95': 900, '99': 1500, '99.9': null } },
    ...over,
  };
}
const run: RunView = {
  invalidReasons: [],
  phases: [
    phase('10 users', { aliases: ['10'], qps: 9.5, errors: 1, requests: 500, latencySamples: ramp(1000), accuracy: { cer: 0.02, f1: 0.9, scored: 100 }, cpuMeanPct: 80, rssPeakMb: 500 }),
    phase('40 users', { aliases: ['40'], qps: 30, errors: 9, requests: 1500, latencySamples: ramp(1000, 1000), accuracy: { cer: 0.04, f1: 0.8, scored: 300 }, cpuMeanPct: 190, rssPeakMb: 700 }),
  ],
};
const noSamples: RunView = { invalidReasons: [], phases: run.phases.map((p) => ({ ...p, latencySamples: undefined })) };

test('evaluateThreshold: global and per-phase semantics', () => {
  const cases: { expr: string; view?: RunView; actual: number | null; pass: boolean | null; detail?: RegExp; why?: RegExp }[] = [
    // Global latency pools both phases' samples: 1..2000, so p(95) = 1900.
    { expr: 'p(95)<1901', actual: 1900, pass: true, detail: /2000 samples pooled/ },
    { expr: 'p(95)<1900', actual: 1900, pass: false },
    { expr: 'phase:10 p(95)<1000', actual: 950, pass: true },
    { expr: 'phase:40 users p(50)<=1500', actual: null, pass: null }, // "40 users" has a space: not a NAME, see parse test
    { expr: 'phase:40 med<=1500', actual: 1500, pass: true },
    { expr: 'avg<1000', actual: 1000.5, pass: false },
    { expr: 'min>=1', actual: 1, pass: true },
    { expr: 'phase:40 max==2000', actual: 2000, pass: true },
    // Without samples: the harness's figures, globally the worst phase.
    { expr: 'p(95)<1000', view: noSamples, actual: 900, pass: true, detail: /worst phase/ },
    { expr: 'p(99.9)<1000', view: noSamples, actual: null, pass: null, why: /insufficient samples in phase 10 users/ },
    { expr: 'p(75)<1000', view: noSamples, actual: null, pass: null, why: /no p\(75\) latency figure/ },
    // Pooled but too few for the percentile: p(99.9) needs 6620.
    { expr: 'p(99.9)<5000', actual: null, pass: null, why: /needs at least 6620 samples, 2000 measured/ },
    { expr: 'error_rate<0.01', actual: 10 / 2000, pass: true, detail: /10 of 2000/ },
    { expr: 'phase:40 error_rate<0.005', actual: 9 / 1500, pass: false },
    { expr: 'qps>18', actual: 30, pass: true, detail: /peak phase/ },
    { expr: 'phase:10 qps>18', actual: 9.5, pass: false },
    { expr: 'cer<0.04', actual: (0.02 * 100 + 0.04 * 300) / 400, pass: true, detail: /weighted/ },
    { expr: 'f1>0.85', actual: (0.9 * 100 + 0.8 * 300) / 400, pass: false },
    { expr: 'cpu<200', actual: 190, pass: true, detail: /busiest/ },
    { expr: 'rss_mb<600', actual: 700, pass: false },
    { expr: 'phase:99 qps>1', actual: null, pass: null, why: /no phase named 99/ },
    { expr: 'cer<0.1', view: { invalidReasons: [], phases: [phase('x')] }, actual: null, pass: null, why: /no cer measured in phase x/ },
    { expr: 'qps>1', view: { invalidReasons: [], phases: [] }, actual: null, pass: null, why: /no measured phases/ },
  ];
  for (const c of cases) {
    const parsed = parseThreshold(c.expr);
    if (!parsed.ok) {
      assert.equal(c.pass, null, `${c.expr} should parse: ${parsed.errors}`);
      continue;
    }
    const out = evaluateThreshold(parsed.value, c.view ?? run);
    assert.equal(out.actual, c.actual, `${c.expr} actual`);
    assert.equal(out.pass, c.pass, `${c.expr} pass`);
    if (c.detail) assert.match(out.detail ?? '', c.detail, c.expr);
    if (c.why) assert.match(out.unevaluable ?? '', c.why, c.expr);
  }
});

test('minSamplesFor follows the issue for p95/p99 and the same tail rule elsewhere', () => {
  assert.deepEqual([90, 95, 99, 99.9].map(minSamplesFor), [67, 130, 662, 6620]);
});
