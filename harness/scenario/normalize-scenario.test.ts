import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeScenario, quickScale, totalDurationMs } from './normalize-scenario.ts';
import { listScenarios, loadScenario } from './load-scenario.ts';

test('every scenario file normalises', async () => {
  const names = await listScenarios();
  assert.deepEqual(names, ['arrival-rate', 'cache', 'cluster-capacity', 'cluster-capacity-lines', 'lines', 'replica-kill', 'smoke', 'soak', 'spike', 'stepped', 'stepped-lines']);
  for (const name of names) {
    const r = normalizeScenario(await loadScenario(name));
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.errors.join('; ')}`);
  }
});

test('stepped expands to the seed profile', async () => {
  const r = normalizeScenario(await loadScenario('stepped'));
  assert.ok(r.ok);
  const { phases, dataset, cache, mode } = r.scenario;
  assert.deepEqual({ dataset, cache, mode }, { dataset: 'mixed-500', cache: 'off', mode: 'page' });
  assert.deepEqual(
    phases.map((p) => [p.name, p.model, p.vus, p.durationMs, p.warmupMs, p.thinkMs]),
    [
      ['10 users', 'closed', 10, 120_000, 12_000, { min: 1000, max: 1000 }],
      ['20 users', 'closed', 20, 180_000, 15_000, { min: 1000, max: 1000 }],
      ['40 users', 'closed', 40, 300_000, 15_000, { min: 1000, max: 1000 }],
      ['60 users', 'closed', 60, 180_000, 15_000, { min: 1000, max: 1000 }],
    ],
  );
});

test('quick keeps the shape and fits the budget; think time is not scaled', async () => {
  const input = await loadScenario('stepped');
  const scale = quickScale(input, 78_000);
  assert.equal(scale, 0.1);
  const r = normalizeScenario(input, { scale });
  assert.ok(r.ok);
  assert.equal(totalDurationMs(r.scenario.phases), 78_000);
  assert.deepEqual(r.scenario.phases.map((p) => [p.vus, p.durationMs, p.warmupMs, p.thinkMs?.min]), [
    [10, 12_000, 1200, 1000],
    [20, 18_000, 1500, 1000],
    [40, 30_000, 1500, 1000],
    [60, 18_000, 1500, 1000],
  ]);
});

test('--quick never squeezes a phase under the gate minimum: the budget gives way', async () => {
  for (const name of ['stepped', 'stepped-lines']) {
    const input = await loadScenario(name);
    const scale = quickScale(input, 60_000, 12_000);
    const r = normalizeScenario(input, { scale });
    assert.ok(r.ok);
    for (const p of r.scenario.phases) assert.ok(p.durationMs - p.warmupMs >= 11_999, `${name} ${p.name}: ${p.durationMs - p.warmupMs} ms measured`);
    assert.ok(totalDurationMs(r.scenario.phases) < 100_000);
    assert.equal(r.scenario.slo, 'p95<1200,errors<1%');
  }
});

test('short forms expand once', () => {
  const r = normalizeScenario({ name: 'x', rate: 5, duration: '10s', arrival: 'constant', warmup: '1s' });
  assert.ok(r.ok);
  assert.deepEqual(r.scenario.phases, [
    {
      name: '5/s',
      model: 'open',
      durationMs: 10_000,
      warmupMs: 1000,
      vus: null,
      rampMs: 0,
      thinkMs: null,
      rate: 5,
      arrival: 'constant',
      maxInFlight: 256,
      connections: 64,
    },
  ]);
  const t = normalizeScenario({ name: 'y', vus: 3, duration: 2000, thinkTime: ['0.5s', '1.5s'] });
  assert.ok(t.ok);
  assert.deepEqual(t.scenario.phases[0].thinkMs, { min: 500, max: 1500 });
});

test('bad scenarios: every error at once, each with its path', () => {
  const cases: { name: string; input: unknown; want: string[] }[] = [
    { name: 'unknown keys', input: { name: 'x', vus: 1, duration: '1s', users: 5, stages2: [] }, want: ['(root): Unrecognized keys: "users", "stages2"'] },
    {
      name: 'bad durations and a mixed model',
      input: { name: 'x', stages: [{ vus: 2, duration: '2 min' }, { rate: 3, duration: '1m', ramp: '5s' }] },
      want: [
        'stages.1: ramp and thinkTime apply to the closed model (vus) only',
        'stages: mix vus and rate stages in separate scenarios (one model per run)',
        'stages.0.duration: "2 min" is not a duration like 500ms, 30s, 2m, 1m30s',
      ],
    },
    { name: 'no load', input: { name: 'x' }, want: ['duration: required when there are no stages', '(root): give exactly one of vus (closed model) or rate (open model)'] },
    { name: 'wrong types', input: { name: '', vus: 0, duration: '1s', mode: 'pages' }, want: ['name: Too small: expected string to have >=1 characters', 'mode: Invalid option: expected one of "page"|"line"', 'vus: Too small: expected number to be >0'] },
    { name: 'think range reversed', input: { name: 'x', vus: 1, duration: '5s', thinkTime: ['2s', '1s'] }, want: ['stages.0.thinkTime: upper bound 1000ms is below lower bound 2000ms'] },
    { name: 'open-only options on a closed scenario', input: { name: 'x', vus: 1, duration: '5s', maxInFlight: 3 }, want: ['(root): arrival, maxInFlight and connections apply to the open model (rate) only'] },
  ];
  for (const c of cases) {
    const r = normalizeScenario(c.input);
    assert.equal(r.ok, false, c.name);
    if (!r.ok) assert.deepEqual(r.errors, c.want, c.name);
  }
});
