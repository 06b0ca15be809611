import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planArrivals } from './plan-arrivals.ts';
import { pickSamples } from './pick-samples.ts';
import { subSeed } from './random.ts';

test('planArrivals: exact schedules', () => {
  const cases: { name: string; phase: Parameters<typeof planArrivals>[0]; seed: number; want: number[] }[] = [
    { name: 'constant 4/s', phase: { durationMs: 1000, rate: 4, arrival: 'constant' }, seed: 1, want: [0, 250, 500, 750] },
    { name: 'constant 3/s rounds to 1 µs', phase: { durationMs: 1000, rate: 3, arrival: 'constant' }, seed: 1, want: [0, 333.333, 666.667] },
    { name: 'poisson 5/s seed 42', phase: { durationMs: 2000, rate: 5, arrival: 'poisson' }, seed: 42, want: [705.13, 1078.922, 1455.187, 1530.604] },
    { name: 'zero rate', phase: { durationMs: 1000, rate: 0, arrival: 'constant' }, seed: 1, want: [] },
    { name: 'zero duration', phase: { durationMs: 0, rate: 10, arrival: 'poisson' }, seed: 1, want: [] },
  ];
  for (const c of cases) assert.deepEqual(planArrivals(c.phase, c.seed), c.want, c.name);
});

test('planArrivals: poisson inter-arrival times are exponential (mean = sd = 1/rate)', () => {
  const a = planArrivals({ durationMs: 1_000_000, rate: 50, arrival: 'poisson' }, 7);
  assert.equal(a.length, 50_084);
  const gaps = a.slice(1).map((t, i) => t - a[i]);
  const mean = gaps.reduce((x, y) => x + y) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((x, y) => x + (y - mean) ** 2, 0) / gaps.length);
  assert.ok(Math.abs(mean - 20) < 0.3 && Math.abs(sd - 20) < 0.3, `${mean} ${sd}`);
  assert.deepEqual(planArrivals({ durationMs: 5000, rate: 5, arrival: 'poisson' }, 7), planArrivals({ durationMs: 5000, rate: 5, arrival: 'poisson' }, 7));
});

test('pickSamples: seeded epochs, each a full shuffle', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  assert.deepEqual(pickSamples(ids, 12, 1), ['c', 'a', 'b', 'e', 'd', 'a', 'c', 'd', 'e', 'b', 'd', 'e']);
  assert.deepEqual(pickSamples(ids, 0, 1), []);
  assert.deepEqual(pickSamples(['only'], 3, 9), ['only', 'only', 'only']);
  // A pool restricts draws to its first ids.
  assert.deepEqual(pickSamples(ids, 7, 1, 2), ['c', 'a', 'c', 'a', 'c', 'a', 'c']);
  // Every id appears once per epoch.
  const many = pickSamples(ids, 50, 3);
  for (let e = 0; e < 10; e++) assert.deepEqual([...many.slice(e * 5, e * 5 + 5)].sort(), ids);
  assert.throws(() => pickSamples([], 1, 1), /no samples/);
});

test('subSeed: distinct, stable streams', () => {
  assert.deepEqual([subSeed(1, 0), subSeed(1, 1), subSeed(2, 0)], [-1527281300, 1136996714, 127880910]);
});
