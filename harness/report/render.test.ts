import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateDataset } from '../../datasets/lib/load.ts';
import { checkGate } from '../gate/check-gate.ts';
import type { RunResults } from '../results/schema.ts';
import { loadRun } from './load-run.ts';
import { renderReport } from './render.ts';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports/fixtures/stepped-quick');
const CHARTS = ['qps-time', 'latency-time', 'latency-phase', 'latency-cdf', 'errors-phase', 'resources-time', 'accuracy-phase', 'stages-phase', 'knee'];

/** assert.match on a 900 kB page would print all of it on failure; this prints the pattern only. */
function has(text: string, re: RegExp, yes = true) {
  assert.equal(re.test(text), yes, `${yes ? 'missing' : 'unexpected'}: ${re}`);
}

function specsOf(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="chart-specs">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'chart specs are embedded');
  return JSON.parse(m[1]);
}

test('renderReport: the fixture run renders into four self-contained files', async () => {
  const run = await loadRun(fixture);
  const { items } = await validateDataset(run.results.scenario.dataset, { checkImages: false });
  const files = renderReport(run.results, { requests: run.requests, items });
  assert.deepEqual(Object.keys(files).sort(), ['junit.xml', 'report.html', 'summary.json', 'summary.md']);

  const html = files['report.html'];
  // Self-contained: no external scripts, stylesheets or fetches; the libraries are inline.
  has(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn|jsdelivr|unpkg/, false);
  assert.ok(html.length > 700_000, 'vega, vega-lite and vega-embed are inlined');
  has(html, /vega 6\.\d+\.\d+, vega-lite 6\.\d+\.\d+, vega-embed 7\.\d+\.\d+/);
  assert.deepEqual(Object.keys(specsOf(html)), CHARTS, 'every chart has data in this run');
  // Header: the verdict with the harness's reasons, the run facts, the seed-style summary.
  has(html, /<span class="verdict INVALID" id="verdict">INVALID<\/span>/);
  has(html, /harness event-loop delay p99 reached 120 ms/);
  for (const fact of ['Scenario', 'Target', 'Dataset', 'Models', 'Machine', 'Versions', 'Cold start']) has(html, new RegExp(`<b>${fact}</b>`));
  has(html, new RegExp(run.results.dataset.hash.slice(0, 24)));
  has(html, /Peak QPS<\/th><th>Mean<\/th><th>P95 \(worst phase\)/);
  // Tables: per phase (with "insufficient samples"), slowest requests, wrong answers with expected vs got.
  has(html, /insufficient samples/);
  has(html, /<h2>Slowest requests<\/h2><div class="scroll"><table>/);
  has(html, /<table class="wrong">/);
  has(html, /deadline_exceeded/);

  const md = files['summary.md'];
  assert.match(md, /^### ⚠️ INVALID · ocrbench `stepped`/);
  assert.match(md, /\| `error_rate<0.01` \| 0\.2574 \|/);
  assert.equal(md.split('\n').filter((l) => /^\| \d+ users/.test(l)).length, 4);

  const junit = files['junit.xml'];
  assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  assert.equal((junit.match(/<testcase /g) ?? []).length, 2, 'run validity + one threshold');
  assert.match(junit, /<testcase classname="ocrbench.thresholds" name="error_rate&lt;0.01 \(all phases\)"><failure/);
  assert.match(junit, /<testcase classname="ocrbench.validity" name="run is valid"><error/);

  const summary = JSON.parse(files['summary.json']);
  assert.equal(summary.verdict, 'INVALID');
  assert.equal(summary.exitCode, 3);
  assert.equal(summary.phases.length, 4);
  assert.equal(summary.knee.phase, '10 users');
});

test('renderReport: a baseline is shown side by side; without requests.jsonl the charts fall back', async () => {
  const run = await loadRun(fixture);
  const withBase = renderReport(run.results, { requests: run.requests, baseline: run.results, baselineRequests: run.requests });
  has(withBase['report.html'], /<h2>Against the baseline run <code>20261125-091540-stepped<\/code><\/h2>/);
  assert.match(withBase['summary.md'], /Compared with baseline `20261125-091540-stepped`: no regression\./);
  const latencyBars = (specsOf(withBase['report.html'])['latency-phase'] as { data: { values: { run: string }[] } }).data.values;
  assert.ok(latencyBars.some((v) => v.run === 'baseline') && latencyBars.some((v) => v.run === 'this run'));

  const bare = renderReport(run.results);
  assert.deepEqual(Object.keys(specsOf(bare['report.html'])), CHARTS);
  has(bare['report.html'], /Mean and max client latency per second \(no per-request records/);
  has(bare['report.html'], /No per-request records \(requests.jsonl\)/);
});

test('renderReport: verdicts from the gate, and a run without server samples or scores', async () => {
  const run = await loadRun(fixture);
  const valid: RunResults = { ...run.results, validity: { verdict: 'VALID', reasons: [], advice: [], warnings: [] } };
  const lenient = { requests: run.requests };
  const pass = renderReport(valid, { gate: checkGate(valid, ['phase:10 p(50)<5000'], undefined, lenient) });
  has(pass['report.html'], /class="verdict PASS"/);
  assert.match(pass['summary.md'], /^### ✅ PASS/);
  const fail = renderReport(valid, { gate: checkGate(valid, ['phase:10 p(50)<500'], undefined, lenient) });
  has(fail['report.html'], /class="verdict FAIL"/);
  assert.match(fail['junit.xml'], /failures="1"/);

  const blind: RunResults = {
    ...valid,
    timeSeries: { ...valid.timeSeries, resources: [] },
    phases: valid.phases.map((p) => ({ ...p, accuracy: null, breakdown: { ...p.breakdown, stages: {}, rest: null } })),
  };
  const html = renderReport(blind)['report.html'];
  for (const id of ['resources-time', 'accuracy-phase', 'stages-phase']) has(html, new RegExp(`data-missing="${id}"`));
  assert.ok(!(('resources-time' in specsOf(html))));
});

test('renderReport: degenerate runs (no phases, an empty phase, an interrupted run) still render with a verdict', async () => {
  const run = await loadRun(fixture);
  const empty: RunResults = { ...run.results, status: 'interrupted', statusReason: 'SIGINT before the first phase', phases: [], timeSeries: { resourceIntervalMs: 500, resources: [], throughput: [] }, baseline: null };
  const files = renderReport(empty, { requests: [] });
  has(files['report.html'], /class="verdict INVALID"/);
  has(files['report.html'], /the run was interrupted: SIGINT before the first phase/);
  assert.deepEqual(Object.keys(specsOf(files['report.html'])), []);
  assert.equal(JSON.parse(files['summary.json']).phases.length, 0);

  const idle = structuredClone(run.results);
  const p = idle.phases[0];
  p.requests = { ...p.requests, completed: 0, ok: 0, errors: 0 };
  p.latency = { count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null, insufficient: ['p50', 'p90', 'p95', 'p99', 'p999'] };
  p.accuracy = null;
  const idleFiles = renderReport(idle);
  has(idleFiles['report.html'], /phase 10 users finished no requests/);
  assert.match(idleFiles['summary.md'], /\| 10 users( \(knee\))? \| 2\.3 \| insufficient \| insufficient \| insufficient \|/);
});

test('renderReport: an open-model run shows corrected latency beside service time', async () => {
  const run = await loadRun(path.resolve(fixture, '../arrival-quick'));
  const html = renderReport(run.results, { requests: run.requests })['report.html'];
  const cdf = specsOf(html)['latency-cdf'] as { data: { values: { kind: string; phase: string }[] } };
  const kinds = new Set(cdf.data.values.map((v) => v.kind));
  assert.deepEqual([...kinds].sort(), ['corrected (from schedule)', 'service time']);
  has(html, /<th>corrected p95<\/th><th>corrected p99<\/th>/);
  has(html, /solid = service time, dashed = corrected for coordinated omission/);
  // The load line is the arrival rate, not users.
  has(html, /the target load in arrivals\/s/);
});
