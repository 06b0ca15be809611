import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleResults } from '../../test/support/example-results.ts';
import { formatSummary, summarizeRun } from '../bench/summary.ts';
import { formatWorst, worstPercentiles } from './worst-percentiles.ts';

const phase = (name: string, p95: number | null, p99: number | null) => ({ name, latency: { p95, p99 } });
const ms = (x: number) => `${x} ms`;

test('worstPercentiles: each figure names its phase; the p99 is never below the p95', () => {
  const cases = [
    {
      name: 'every phase has both',
      input: [phase('10', 900, 1200), phase('20', 1500, 2000)],
      want: { p95: { ms: 1500, phase: '20', atLeast: false }, p99: { ms: 2000, phase: '20', atLeast: false } },
    },
    {
      name: 'the stepped run of issue 12: the worst p95 is in a phase too short for p99',
      input: [phase('40 users', 20100, 21561), phase('60 users', 27361, null)],
      want: { p95: { ms: 27361, phase: '60 users', atLeast: false }, p99: { ms: 27361, phase: '60 users', atLeast: true } },
    },
    {
      name: 'worst p95 and worst p99 in different phases, both measured',
      input: [phase('a', 1000, 5000), phase('b', 2000, 2500)],
      want: { p95: { ms: 2000, phase: 'b', atLeast: false }, p99: { ms: 5000, phase: 'a', atLeast: false } },
    },
    { name: 'no p99 anywhere', input: [phase('a', 800, null)], want: { p95: { ms: 800, phase: 'a', atLeast: false }, p99: { ms: 800, phase: 'a', atLeast: true } } },
    { name: 'nothing', input: [phase('a', null, null)], want: { p95: { ms: null, phase: null, atLeast: false }, p99: { ms: null, phase: null, atLeast: false } } },
    { name: 'no phases', input: [], want: { p95: { ms: null, phase: null, atLeast: false }, p99: { ms: null, phase: null, atLeast: false } } },
  ];
  for (const c of cases) assert.deepEqual(worstPercentiles(c.input), c.want, c.name);
  assert.equal(formatWorst({ ms: 27361, phase: '60 users', atLeast: true }, ms), '≥ 27361 ms (60 users: too few samples for p99)');
  assert.equal(formatWorst({ ms: 2000, phase: '20', atLeast: false }, ms), '2000 ms (20)');
  assert.equal(formatWorst({ ms: null, phase: null, atLeast: false }, ms), 'insufficient samples');
});

test('the printed summary never shows a worst-phase P99 below the P95', () => {
  const r = exampleResults();
  const [a, b] = r.phases;
  // The second phase has the worst p95 but too few samples for a p99.
  const short = { ...b, latency: { ...b.latency, p95: 30000, p99: null, insufficient: ['p99' as const, 'p999' as const] } };
  const run = { ...r, phases: [a, short] };
  run.summary = summarizeRun(run.phases, 1000);
  assert.equal(run.summary.p95Ms, 30000);
  assert.equal(run.summary.p99Ms, null, 'no p99 below the p95 in results.json either');
  const text = formatSummary(run);
  assert.match(text, new RegExp(`P95 \\(worst phase\\)\\s+30000 ms \\(${b.name}\\)`));
  assert.match(text, new RegExp(`P99 \\(worst phase\\)\\s+≥ 30000 ms \\(${b.name}: too few samples for p99\\)`));
});
