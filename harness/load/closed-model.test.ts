import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { targetVus } from './closed-model.ts';
import { placePhases } from './load-context.ts';

test('targetVus: steps hold their users; a ramp moves linearly from the previous step', () => {
  const n = normalizeScenario({
    name: 'ramp',
    stages: [
      { vus: 10, duration: '10s' },
      { vus: 20, duration: '10s', ramp: '4s' },
      { vus: 5, duration: '10s', ramp: '5s' },
    ],
  });
  assert.ok(n.ok);
  const phases = placePhases(n.scenario.phases);
  const cases: [number, number][] = [
    [0, 10],
    [9_999, 10],
    [10_000, 10],
    [11_000, 13], // 10 + 10 * 1/4, rounded
    [12_000, 15],
    [14_000, 20],
    [19_999, 20],
    [20_000, 20],
    [22_500, 13], // 20 - 15 * 2.5/5, rounded
    [25_000, 5],
    [29_999, 5],
    [30_000, 0], // after the last phase
    [-1, 0],
  ];
  for (const [t, want] of cases) assert.equal(targetVus(phases, t), want, `t=${t}`);
});
