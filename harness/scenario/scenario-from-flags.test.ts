import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadScenario } from './load-scenario.ts';
import { normalizeScenario } from './normalize-scenario.ts';
import { parseRate, scenarioFromFlags } from './scenario-from-flags.ts';

const plan = (flags: Parameters<typeof scenarioFromFlags>[0]) => {
  const s = scenarioFromFlags(flags);
  assert.ok(s.ok, s.ok ? '' : s.errors.join('; '));
  const n = normalizeScenario(s.scenario);
  assert.ok(n.ok, n.ok ? '' : n.errors.join('; '));
  return n.scenario.phases.map((p) => ({ model: p.model, vus: p.vus, rate: p.rate, ms: p.durationMs, think: p.thinkMs?.min ?? null, ramp: p.rampMs, arrival: p.arrival }));
};

test('load flags become the scenario: --vus, --stages, --rate', () => {
  assert.deepEqual(plan({ vus: '2', duration: '20s', think: '1s', ramp: '5s' }), [{ model: 'closed', vus: 2, rate: null, ms: 20_000, think: 1000, ramp: 5000, arrival: null }]);
  assert.deepEqual(plan({ stages: '10:2m,20:3m' }).map((p) => [p.vus, p.ms]), [[10, 120_000], [20, 180_000]]);
  assert.deepEqual(plan({ rate: '5/s', duration: '1m' }), [{ model: 'open', vus: null, rate: 5, ms: 60_000, think: null, ramp: 0, arrival: 'poisson' }]);
  assert.equal(parseRate('300/m'), 5);
  assert.equal(parseRate('0/s'), null);
});

test('bad load flags: each problem on its own line', () => {
  const r = scenarioFromFlags({ vus: '2', rate: '5/s' });
  assert.ok(!r.ok);
  assert.match(r.errors[0], /give one of --vus N, --stages/);
  const s = scenarioFromFlags({ stages: '10:2m,x', duration: '1m' });
  assert.ok(!s.ok);
  assert.deepEqual(s.errors, ['--stages carries its own durations; drop --duration', '--stages: "x" is not users:duration like 10:2m']);
  const t = scenarioFromFlags({ vus: '2' });
  assert.ok(!t.ok && /needs --duration/.test(t.errors[0]));
  const bad = scenarioFromFlags({ vus: '2', duration: 'soon' });
  assert.ok(bad.ok);
  const n = normalizeScenario(bad.scenario);
  assert.ok(!n.ok && /"soon" is not a duration/.test(n.errors.join()));
});

test('a scenario file anywhere on disk: .json and .yaml, checked by the same schema', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-scn-'));
  try {
    await writeFile(path.join(dir, 'a.json'), JSON.stringify({ name: 'a', vus: 3, duration: '10s', slo: 'p99<2s' }));
    await writeFile(path.join(dir, 'b.yaml'), 'name: b\nrate: 2\nduration: 30s\nbogus: 1\n');
    await writeFile(path.join(dir, 'c.yaml'), 'name: [unclosed\n');
    const a = normalizeScenario(await loadScenario(path.join(dir, 'a.json')));
    assert.ok(a.ok);
    assert.equal(a.scenario.slo, 'p99<2000,errors<1%');
    const b = normalizeScenario(await loadScenario(path.join(dir, 'b.yaml')));
    assert.ok(!b.ok && /bogus/.test(b.errors.join()));
    await assert.rejects(loadScenario(path.join(dir, 'c.yaml')), (e: Error) => /^scenario file .*c\.yaml: /.test(e.message) && !e.message.includes('\n'));
    await assert.rejects(loadScenario(path.join(dir, 'missing.json')), /cannot read scenario file .*ENOENT/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
