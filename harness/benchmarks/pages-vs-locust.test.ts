import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreTimings, type RawTiming } from './pages-vs-locust.ts';

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
