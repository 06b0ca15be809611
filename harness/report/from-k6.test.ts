import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkGate } from '../gate/check-gate.ts';
import { fromK6Summary } from './from-k6.ts';
import { renderReport } from './render.ts';

/**
 * reports/fixtures/k6-summary.json follows k6's handleSummary data format (metrics.X.{type, contains,
 * values, thresholds}) as the exported script writes it, with its per-phase submetrics and the
 * `ocrbench` plan; it is hand-written because k6 itself cannot be installed on this machine.
 */
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports/fixtures/k6-summary.json');

test('fromK6Summary rebuilds per-phase statistics and the thresholds from a k6 summary', async () => {
  const r = fromK6Summary(JSON.parse(await readFile(file, 'utf8')), 'k6-summary.json');
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  const [p10, p20] = r.results.phases;
  assert.deepEqual([p10.name, p10.startMs, p10.endMs, p20.startMs, p20.endMs], ['10 users', 0, 30_000, 30_000, 60_000]);
  assert.deepEqual([p10.requests.completed, p10.requests.errors, p20.requests.completed, p20.requests.errors], [68, 0, 132, 4]);
  assert.equal(p20.throughput.okPerSec, 128 / 30);
  assert.equal(p10.latency.p50, 371.5);
  // 68 requests: p95 needs 130, so k6's figure is reported as insufficient, like ours; 132 are enough.
  assert.equal(p10.latency.p95, null);
  assert.deepEqual(p10.latency.insufficient, ['p95', 'p99', 'p999']);
  assert.equal(p20.latency.p95, 1402.3);
  assert.deepEqual(p20.latency.insufficient, ['p99', 'p999']);
  assert.deepEqual(r.results.scenario.thresholds, { http_req_duration: ['p(95)<1500'], 'http_req_duration{phase:20 users}': ['p(95)<1200'], http_req_failed: ['rate<0.01'] });

  const gate = checkGate(r.results, r.results.scenario.thresholds);
  // The gate agrees with k6 on the error rate (4/200 > 1%) and on phase 20's p(95), and cannot check the
  // global p(95) on the first phase's 68 samples.
  assert.equal(gate.verdict, 'INVALID');
  assert.ok(gate.failures.some((f) => f.threshold === 'error_rate<0.01' && f.actual === 0.02));
  assert.ok(gate.failures.some((f) => f.threshold === 'phase:20 users p(95)<1200' && f.actual === 1402.3), JSON.stringify(gate.failures));
  assert.ok(gate.reasons.some((x) => /p\(95\) has insufficient samples/.test(x)), gate.reasons.join('\n'));

  const files = renderReport(r.results, { gate });
  assert.ok(files['report.html'].includes('data-missing="resources-time"'));
  assert.ok(files['report.html'].includes('data-chart="latency-phase"'));
  assert.match(files['summary.md'], /\| 20 users \| 4\.3 \| 655 ms \|/);
});

test('fromK6Summary: the legacy --summary-export shape, one phase, and what is not a k6 summary', () => {
  const legacy = fromK6Summary({
    metrics: {
      http_req_duration: { avg: 100, min: 10, med: 90, max: 400, 'p(90)': 150, 'p(95)': 200 },
      http_reqs: { count: 1000, rate: 50 },
      http_req_failed: { passes: 10, fails: 990, value: 0.01 },
    },
  });
  assert.ok(legacy.ok);
  if (legacy.ok) {
    assert.equal(legacy.results.phases.length, 1);
    assert.equal(legacy.results.phases[0].measuredMs, 20_000);
    assert.equal(legacy.results.phases[0].latency.p95, 200);
    assert.equal(legacy.results.phases[0].requests.errors, 10);
  }
  assert.deepEqual(fromK6Summary({}), { ok: false, errors: ['no "metrics" object'] });
  assert.deepEqual(fromK6Summary({ metrics: { iterations: { values: { count: 1 } } } }), { ok: false, errors: ['no http_req_duration or http_reqs metric: was it an HTTP test?'] });
});
