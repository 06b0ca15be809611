import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { exampleResults } from '../results/example-results.ts';
import { fingerprintOf, HistoryDb, historyPath, machineInfo, type MachineInfo, type RunRecord } from './history-db.ts';
import { benchRecord, recordRun } from './record-run.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDb = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-history-'));
  dirs.push(dir);
  return path.join(dir, 'history.db');
};

const machine: MachineInfo = { cpuModel: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux 6.1', node: 'v20.20.2' };
const gateRun = (sds: number[], aa: boolean, m = machine): RunRecord => ({
  kind: 'gate', at: '2026-12-07T04:00:00.000Z', commit: 'a'.repeat(40), dirty: false, scenario: 'gate mixed-500', machine: m, verdict: 'PASS',
  figures: { ratio: { cpuPerImage: 1.01 } },
  gate: sds.map((sd, i) => ({ metric: i === 0 ? 'cpuPerImage' : `m${i}`, value: 1.01, lo: 0.99, hi: 1.03, verdict: 'pass', pairSd: sd, pairs: 5, aa })),
});

test('runs, figures and gate metrics survive a round trip through the file', async () => {
  const file = await tempDb();
  const db = new HistoryDb(file);
  const id = db.record({ kind: 'bench', at: '2026-12-07T03:00:00.000Z', commit: 'b'.repeat(40), dirty: true, scenario: 'smoke', machine, verdict: 'VALID', note: 'run-1', figures: { steady: { qps: 1.8, p50Ms: 540, pageF1: null } } });
  db.record(gateRun([0.01], true));
  db.close();
  const again = new HistoryDb(file);
  const runs = again.runs();
  assert.equal(runs.length, 2);
  assert.equal(runs[0].kind, 'gate');
  const bench = runs.find((r) => r.id === id)!;
  assert.deepEqual({ commit: bench.commit, dirty: bench.dirty, scenario: bench.scenario, verdict: bench.verdict, note: bench.note }, { commit: 'b'.repeat(40), dirty: 1, scenario: 'smoke', verdict: 'VALID', note: 'run-1' });
  assert.equal(bench.fingerprint, fingerprintOf(machine));
  const figs = again.figures().filter((f) => f.runId === id);
  // The null F1 is skipped, the rest kept.
  assert.deepEqual(figs.map((f) => [f.phase, f.metric, f.value]).sort(), [['steady', 'p50Ms', 540], ['steady', 'qps', 1.8]]);
  again.close();
});

test('the noise prior pools A/A runs of the same fingerprint only, from three runs on', async () => {
  const db = new HistoryDb(await tempDb());
  db.record(gateRun([0.01], true));
  db.record(gateRun([0.02], true));
  assert.equal(db.noisePrior(fingerprintOf(machine), 'cpuPerImage'), null);
  db.record(gateRun([0.5], false)); // a real change: its spread is not noise
  db.record(gateRun([0.9], true, { ...machine, cpuModel: 'Other CPU' })); // another machine
  assert.equal(db.noisePrior(fingerprintOf(machine), 'cpuPerImage'), null);
  db.record(gateRun([0.02], true));
  const prior = db.noisePrior(fingerprintOf(machine), 'cpuPerImage')!;
  assert.equal(prior.runs, 3);
  assert.equal(prior.df, 12);
  assert.ok(Math.abs(prior.sd - Math.sqrt((0.01 ** 2 + 0.02 ** 2 + 0.02 ** 2) / 3)) < 1e-12);
  db.close();
});

test('the fingerprint depends on the machine, not on the moment', () => {
  assert.equal(fingerprintOf(machineInfo()), fingerprintOf(machineInfo()));
  assert.notEqual(fingerprintOf(machine), fingerprintOf({ ...machine, cores: 4 }));
});

test('a bench run is recorded with its per-phase figures; nothing is recorded under the test runner by default', async () => {
  const saved = process.env.OCRBENCH_HISTORY_DB;
  try {
    delete process.env.OCRBENCH_HISTORY_DB;
    assert.equal(process.env.NODE_TEST_CONTEXT !== undefined, historyPath('/x') === null);
    process.env.OCRBENCH_HISTORY_DB = 'off';
    assert.equal(historyPath('/x'), null);
    const file = await tempDb();
    process.env.OCRBENCH_HISTORY_DB = file;
    const results = exampleResults();
    const id = recordRun(benchRecord(results));
    assert.ok(id !== null);
    const db = new HistoryDb(file);
    const run = db.runs()[0];
    assert.equal(run.kind, 'bench');
    assert.equal(run.scenario, results.scenario.name);
    const phases = new Set(db.figures().map((f) => f.phase));
    assert.deepEqual([...phases].sort(), results.phases.map((p) => p.name).sort());
    db.close();
    // A history that cannot be opened warns and returns null; it never throws at the caller.
    process.env.OCRBENCH_HISTORY_DB = path.join(file, 'not-a-dir', 'x.db');
    assert.equal(recordRun(benchRecord(results)), null);
  } finally {
    if (saved === undefined) delete process.env.OCRBENCH_HISTORY_DB;
    else process.env.OCRBENCH_HISTORY_DB = saved;
  }
});
