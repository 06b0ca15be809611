import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreRuns, scoreTimings, serverWorkRatio, type RawTiming } from './pages-vs-locust.ts';

test('scoreTimings: answers completed in the window, from the first send; nearest-rank percentiles', () => {
  // Sends at 1000..; times on any origin (Locust's are epoch ms).
  const t: RawTiming[] = [
    [1000, 500, 1], // done at 0.5 s
    [1200, 1000, 1], // 1.2 s
    [1500, 300, 0], // an error inside the window
    [2000, 2000, 1], // 3.0 s
    [2500, 9000, 1], // 10.5 s: past a 10 s window
  ];
  assert.deepEqual(scoreTimings(t, 10), { ok: 3, errors: 1, qps: 0.3, p50: 1000, p95: 2000 });
  assert.deepEqual(scoreTimings(t, 20), { ok: 4, errors: 1, qps: 0.2, p50: 1000, p95: 9000 });
  assert.deepEqual(scoreTimings([], 10), { ok: 0, errors: 0, qps: 0, p50: null, p95: null });
  const hundred: RawTiming[] = Array.from({ length: 100 }, (_, i) => [0, i + 1, 1]);
  const s = scoreTimings(hundred, 1);
  assert.equal(s.p50, 50);
  assert.equal(s.p95, 95);
});

test('scoreTimings with skipS: only answers completed after the first skipS seconds, rate over the rest', () => {
  const t: RawTiming[] = [
    [0, 3000, 1], // done at 3 s: inside a 4 s skip
    [100, 3900, 1], // 4.0 s: the skip's edge does not count
    [200, 4000, 1], // 4.2 s
    [300, 5000, 0], // 5.3 s: an error after the skip
    [400, 9000, 1], // 9.4 s
    [500, 9600, 1], // 10.1 s: past a 10 s window
  ];
  assert.deepEqual(scoreTimings(t, 10, 4), { ok: 2, errors: 1, qps: 2 / 6, p50: 4000, p95: 9000 });
  assert.deepEqual(scoreTimings(t, 10), scoreTimings(t, 10, 0));
});

test('scoreRuns: each run scored on its own window from its own first send, answers pooled', () => {
  const a: RawTiming[] = [
    [0, 1000, 1],
    [100, 3000, 1],
    [200, 9000, 1], // done at 9.2 s: past a 5 s window
  ];
  const b: RawTiming[] = [
    [50_000, 2000, 1],
    [50_100, 500, 0],
  ];
  assert.deepEqual(scoreRuns([a, b], 5), { ok: 3, errors: 1, qps: 0.3, p50: 2000, p95: 3000 });
  assert.deepEqual(scoreRuns([[], []], 5), { ok: 0, errors: 0, qps: 0, p50: null, p95: null });
});

test('serverWorkRatio: per-image worker time under ours over under Locust, from the server log', () => {
  const rec = (time: number, bytes: number, total: number, status = 200) =>
    JSON.stringify({ level: 30, time, status, ms: 10, bytes, timings: { total }, msg: 'request' });
  const log = [
    rec(1010, 111, 100), // ours: image 111 took 100 ms, image 222 took 400
    rec(1020, 222, 400),
    rec(1030, 222, 999, 500), // errors do not count
    rec(2010, 111, 80), // Locust: 80 and 200
    rec(2020, 222, 200),
    rec(2030, 333, 50), // only under Locust: no ratio
    'not json',
    JSON.stringify({ msg: 'listening' }),
    rec(5000, 111, 1), // outside every window
  ].join('\n');
  const windows = [
    { client: 'ocrbench' as const, from: 1000, to: 1500 },
    { client: 'locust' as const, from: 2000, to: 2500 },
  ];
  // Ratios 100/80 = 1.25 and 400/200 = 2: the median of two is the upper one.
  assert.equal(serverWorkRatio(log, windows), 2);
  assert.equal(serverWorkRatio(log, [windows[0]]), null);
});
