import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedRatio, paretoFront, percentile, spreadOf, type PassFigures } from './figures.ts';

test('percentile is nearest-rank', () => {
  const cases = [
    { name: 'empty', xs: [], p: 50, want: null },
    { name: 'one', xs: [7], p: 95, want: 7 },
    { name: 'p50 of 4', xs: [4, 1, 3, 2], p: 50, want: 2 },
    { name: 'p95 of 20', xs: Array.from({ length: 20 }, (_, i) => i + 1), p: 95, want: 19 },
  ];
  for (const c of cases) assert.equal(percentile(c.xs, c.p), c.want, c.name);
});

test('spread is median and range, ignoring missing values', () => {
  assert.deepEqual(spreadOf([3, null, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
  assert.deepEqual(spreadOf([4, 1]), { median: 2.5, min: 1, max: 4, n: 2 });
  assert.equal(spreadOf([null]), null);
});

test('the Pareto front keeps the points no other beats on both axes', () => {
  const a = { x: 10, y: 0.9 }, b = { x: 5, y: 0.95 }, c = { x: 4, y: 0.9 }, d = { x: 10, y: 0.9 }, e = { x: 1, y: 0.99 };
  const front = paretoFront([a, b, c, d, e]);
  assert.deepEqual([a, b, c, d, e].map((p) => front.has(p)), [true, true, false, true, true]);
  assert.equal(paretoFront([]).size, 0);
});

test('ratios pair the repeats, falling back to the ratio of medians when the repeats differ', () => {
  const runs = (...ips: number[]) => ips.map((imagesPerSec) => ({ imagesPerSec }) as PassFigures);
  // Repeat by repeat 1.1, 1.0, 0.5: median 1.0 (the medians' ratio would be 50/40 = 1.25).
  assert.deepEqual(pairedRatio(runs(44, 50, 30), runs(40, 50, 60)), { median: 1, min: 0.5, max: 1.1, n: 3 });
  assert.deepEqual(pairedRatio(runs(30, 60), runs(40, 50, 60)), { median: 45 / 50, min: 45 / 50, max: 45 / 50, n: 1 });
  assert.equal(pairedRatio(runs(30), runs(0)), null);
});
