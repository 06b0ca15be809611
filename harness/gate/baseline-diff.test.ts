import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { compareRuns } from './baseline-diff.ts';
import type { PhaseView, RunView } from './run-view.ts';

/** Log-normal latencies (the usual shape of service times), seeded: median `median` ms, spread `sigma`. */
function latencies(n: number, median: number, sigma: number, seed: number): Float64Array {
  const rng = xoroshiro128plus(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = uniformFloat64(rng) || 1e-12;
    const u2 = uniformFloat64(rng);
    out[i] = median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }
  return out.sort();
}

function phase(name: string, samples: Float64Array, extra: Partial<PhaseView> = {}): PhaseView {
  return {
    name, aliases: [], durationS: 60, requests: samples.length, errors: 0, errorsByKind: {}, qps: samples.length / 60,
    latencySamples: samples, latencyKind: 'service', latencyStats: { percentiles: {} }, accuracy: { cer: 0.05, f1: 0.93 },
    cpuMeanPct: 150, rssPeakMb: 600, ...extra,
  };
}
const run = (...phases: PhaseView[]): RunView => ({ phases, invalidReasons: [] });
const regressions = (rows: ReturnType<typeof compareRuns>) => rows.filter((r) => r.regression).map((r) => `${r.phase} ${r.metric}`);

test('a 20% slowdown is flagged in every phase', () => {
  const base = run(phase('20', latencies(800, 600, 0.35, 1)), phase('40', latencies(1500, 900, 0.4, 2)));
  const slow = run(phase('20', latencies(800, 720, 0.35, 3)), phase('40', latencies(1500, 1080, 0.4, 4)));
  const rows = compareRuns(slow, base);
  // p50 and p95 catch it; p99 from ~10 tail samples may land under the tolerance by chance (here 40's
  // p99 reads +14%), which is why a phase regresses when any of its percentiles does.
  const flagged = regressions(rows);
  for (const want of ['20 p50', '20 p95', '40 p50', '40 p95']) assert.ok(flagged.includes(want), `${want} in ${flagged}`);
  for (const r of rows.filter((x) => x.metric === 'p99')) assert.ok(r.ratio! > 1.1, JSON.stringify(r));
  const p95 = rows.find((r) => r.phase === '40' && r.metric === 'p95')!;
  assert.equal(p95.basis, 'tolerance+bootstrap');
  assert.ok(p95.ci![0] > 1 && p95.ci![0] < p95.ratio! && p95.ratio! < p95.ci![1], JSON.stringify(p95));
});

test('run-to-run noise is not flagged: other seeds, a few % of drift, a tiny phase with a wild p99', () => {
  const base = run(phase('20', latencies(800, 600, 0.35, 1)), phase('40', latencies(1500, 900, 0.4, 2)), phase('tiny', latencies(40, 500, 0.5, 5)));
  // 6% slower overall (machine drift under the 15% tolerance) and a fresh draw of every sample.
  const noisy = run(phase('20', latencies(800, 636, 0.35, 11)), phase('40', latencies(1500, 954, 0.4, 12)), phase('tiny', latencies(40, 500, 0.5, 13)));
  const rows = compareRuns(noisy, base);
  assert.deepEqual(regressions(rows), []);
  // The tiny phase's p99 moves past the tolerance by chance alone; with 40 samples it never gates.
  const tiny = rows.find((r) => r.phase === 'tiny' && r.metric === 'p99')!;
  assert.ok(Math.abs(tiny.current! / tiny.baseline! - 1) > 0.15, JSON.stringify(tiny));
  assert.equal(tiny.basis, 'insufficient samples');
  // Its p50 moved too, and there the interval is what spares it.
  const p50 = rows.find((r) => r.phase === 'tiny' && r.metric === 'p50')!;
  assert.ok(p50.ci![0] <= 1 && p50.ci![1] >= 1, JSON.stringify(p50));
});

test('a large slowdown on a small phase is still flagged when the interval excludes 1', () => {
  const rows = compareRuns(run(phase('tiny', latencies(60, 1000, 0.3, 21))), run(phase('tiny', latencies(60, 500, 0.3, 22))));
  assert.ok(regressions(rows).includes('tiny p50'));
});

test('the other metrics: tolerance rules, the error-rate z-test, improvements and missing data', () => {
  const s = latencies(300, 500, 0.3, 7);
  const base = run(phase('a', s, { qps: 20, errors: 3, requests: 1000, cpuMeanPct: 100, rssPeakMb: 500, accuracy: { cer: 0.05, f1: 0.9 } }));
  const cur = run(phase('a', s, { qps: 15, errors: 40, requests: 1000, cpuMeanPct: 140, rssPeakMb: 520, accuracy: { cer: 0.08, f1: 0.905 } }));
  const rows = compareRuns(cur, base);
  const by = (m: string) => rows.find((r) => r.metric === m)!;
  assert.deepEqual(regressions(rows), ['a qps', 'a error_rate', 'a cer', 'a cpu']);
  assert.equal(by('rss_mb').regression, false);
  assert.equal(by('f1').regression, false);
  assert.equal(by('p95').regression, false);
  assert.equal(by('error_rate').basis, 'tolerance+z-test');

  // 2 errors in 100 vs 0 in 100 is beyond the 1% tolerance but not significant.
  const few = compareRuns(run(phase('a', s, { errors: 2, requests: 100 })), run(phase('a', s, { errors: 0, requests: 100 })));
  assert.equal(few.find((r) => r.metric === 'error_rate')!.regression, false);

  const faster = compareRuns(run(phase('a', latencies(800, 400, 0.3, 8))), run(phase('a', latencies(800, 600, 0.3, 9))));
  assert.ok(faster.find((r) => r.metric === 'p50')!.improvement);

  const noData = compareRuns(run(phase('a', new Float64Array(), { qps: 5, accuracy: undefined, cpuMeanPct: undefined })), run(phase('a', s)));
  assert.equal(noData.find((r) => r.metric === 'cer')!.basis, 'missing');
  assert.equal(noData.find((r) => r.metric === 'cpu')!.basis, 'missing');
  assert.deepEqual(regressions(noData), []);
});

test('throughput and CPU: tolerance and a bootstrap interval over the per-second samples', () => {
  const s = latencies(300, 500, 0.3, 7);
  // Answered requests per 1 s bucket: noisy counts around a mean (seeded), 60 buckets per phase.
  const counts = (mean: number, seed: number) => Array.from(latencies(60, mean, 0.25, seed), (x) => Math.round(x));
  const mk = (qpsMean: number, cpuMean: number, seed: number) => {
    const qpsSamples = counts(qpsMean, seed);
    const cpuSamples = counts(cpuMean, seed + 100);
    return run(phase('a', s, { qps: qpsSamples.reduce((a, b) => a + b, 0) / 60, qpsSamples, cpuSamples, cpuMeanPct: cpuSamples.reduce((a, b) => a + b, 0) / 60 }));
  };
  const base = mk(10, 100, 1);
  const slower = compareRuns(mk(7, 140, 2), base);
  const q = slower.find((r) => r.metric === 'qps')!;
  assert.equal(q.basis, 'tolerance+bootstrap');
  assert.ok(q.regression && q.ci![1] < 1, JSON.stringify(q));
  assert.ok(slower.find((r) => r.metric === 'cpu')!.regression);
  const same = compareRuns(mk(10, 100, 3), base);
  assert.deepEqual(same.filter((r) => r.regression).map((r) => r.metric), []);
  // Too few buckets for an interval: the tolerance rule alone.
  const short = compareRuns(run(phase('a', s, { qps: 5, qpsSamples: [5, 5, 5] })), run(phase('a', s, { qps: 10, qpsSamples: [10, 10, 10] })));
  assert.equal(short.find((r) => r.metric === 'qps')!.basis, 'tolerance');
});
