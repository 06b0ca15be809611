import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleResults } from '../../test/support/example-results.ts';
import { validateResults } from '../results/schema.ts';
import { assembleResults, type AssembleInput } from './assemble-results.ts';

const base = (): AssembleInput => {
  const ex = exampleResults();
  return {
    runId: 'r',
    status: 'complete',
    statusReason: null,
    startedAt: ex.startedAt,
    finishedAt: ex.finishedAt,
    command: [],
    scenario: ex.scenario,
    seeds: ex.seeds,
    target: ex.target,
    environment: ex.environment,
    dataset: ex.dataset,
    info: { models: [{ id: 'det.onnx', role: 'det', sha256: 'ab' }, { nonsense: true }], config: { workers: 2 } },
    server: { coldStartMs: 1200, pid: 42, args: ['--cache', 'off'] },
    phases: [],
    stoppedAt: null,
    timing: [],
    resources: [],
    accuracy: { baseline: null, phases: new Map() },
    baselineRecords: [],
    serverLog: 'server.log',
  };
};

test('a failed run is INVALID with its reason, and still a valid results file', () => {
  const r = assembleResults({ ...base(), status: 'failed', statusReason: 'server exited with code 2' });
  assert.equal(r.validity.verdict, 'INVALID');
  assert.deepEqual(r.validity.reasons, ['run failed: server exited with code 2']);
  assert.ok(validateResults(r).ok);
});

test('model hashes and config come from /api/info; malformed entries are left out', () => {
  const r = assembleResults(base());
  assert.deepEqual(r.models, [{ id: 'det.onnx', role: 'det', sha256: 'ab' }]);
  assert.deepEqual(r.server, { config: { workers: 2 }, info: base().info, args: ['--cache', 'off'], coldStartMs: 1200, pid: 42 });
  assert.equal(r.summary.coldStartMs, 1200);
  assert.equal(r.baseline, null);
});
