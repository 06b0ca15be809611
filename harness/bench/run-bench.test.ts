/**
 * The whole bench run with the fixture server started as the "embedded server" child process:
 * closed-model rates and latency, phase boundaries and counts, resource samples of the child's
 * process tree, cold start, and a results.json that validates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestRecord } from '../load/request-record.ts';
import { validateResults } from '../results/schema.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { runBench } from './run-bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('closed model: 5 then 10 users, no think time, 50 ms server -> ~100 then ~200 QPS, p50 ~50 ms', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-run-'));
  const n = normalizeScenario({
    name: 'closed-fixture',
    dataset: 'real-public',
    warmup: '0.5s',
    stages: [
      { vus: 5, duration: '2s' },
      { vus: 10, duration: '4s' },
    ],
  });
  assert.ok(n.ok);
  const results = await runBench({
    root,
    scenario: n.scenario,
    runId: 'test',
    outDir: out,
    target: { kind: 'embedded', serverArgs: ['--delay-ms', '50', '--ready-after-ms', '300'], command: [process.execPath, '--import', 'tsx', 'test/support/fixture-server.ts'] },
    baselineSamples: 3,
    seeds: { samples: 1, arrivals: 2, think: 3 },
    stop: new AbortController().signal,
    command: [],
    write: () => undefined,
  });
  assert.equal(results.status, 'complete', results.statusReason ?? '');
  assert.ok(validateResults(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'))).ok);
  const [five, ten] = results.phases;
  // Bounds that hold however busy the machine is (no verdict may hang on it being idle): no answer
  // before the server's 50 ms, so at most N / 50 ms; and Little's law, N = throughput x latency, for
  // a closed model without think time (the users are never idle between requests).
  for (const [p, users] of [[five, 5], [ten, 10]] as const) {
    assert.ok(p.throughput.okPerSec > 0 && p.throughput.okPerSec <= users * 20 * 1.02, `${users} users: ${p.throughput.okPerSec} QPS`);
    assert.ok(p.latency.p50! >= 50, `p50 ${p.latency.p50}`);
    // A request belongs to the phase it was sent in, so answers arriving up to one latency after the
    // phase's end count in its throughput: the upper bound allows that (a CPU hog stretched it 6%).
    const inSystem = (p.throughput.okPerSec * p.latency.mean!) / 1000;
    const upper = users * (1 + p.latency.max! / p.measuredMs) * 1.02;
    assert.ok(inSystem > users * 0.7 && inSystem <= upper, `${users} users: throughput x latency = ${inSystem} (upper ${upper})`);
    assert.equal(p.errors.rate, 0);
  }

  // Phase boundaries: every record belongs to the phase it was sent in; counts match the log.
  const lines = (await readFile(path.join(out, 'requests.jsonl'), 'utf8')).trim().split('\n');
  const records = lines.map((l) => JSON.parse(l) as RequestRecord);
  const load = records.filter((r) => r.phase !== 'baseline');
  for (const r of load) {
    const p = results.phases.find((x) => x.name === r.phase)!;
    assert.ok(r.sentAt! >= p.startMs && r.sentAt! < p.endMs, `${r.phase} record sent at ${r.sentAt}`);
    assert.equal(r.warmup, r.sentAt! - p.startMs < p.warmupMs);
  }
  for (const p of results.phases) {
    const mine = load.filter((r) => r.phase === p.name);
    assert.equal(p.requests.sent + p.requests.warmup, mine.length);
  }
  // The baseline ran first, one at a time, on the negative side of the time axis.
  const base = records.filter((r) => r.phase === 'baseline');
  assert.equal(base.length, 3);
  assert.ok(base.every((r) => r.doneAt! < 0));
  assert.equal(results.baseline?.samples, 3);

  // Resources of the server's process (the fixture child) every 500 ms, on the run's time axis.
  const samples = results.timeSeries.resources;
  // Every 500 ms of a 6 s load, fewer when the machine delays the timer.
  assert.ok(samples.length >= 3, `${samples.length} samples`);
  assert.ok(samples.some((s) => s.phase === '10 users'));
  assert.ok(samples.every((s) => s.server && s.server.pids[0] === results.server.pid && s.server.rss > 0));
  assert.ok(samples.some((s) => s.server!.cpu > 0));
  assert.ok(ten.resources.samples > 0 && ten.resources.serverCpuMean! > 0);
  assert.ok(results.server.coldStartMs! >= 300, `cold start ${results.server.coldStartMs}`);
  assert.deepEqual(results.models.map((m) => m.id), ['fixture.onnx']);
  assert.ok(['5 users', '10 users'].includes(results.summary.peakQpsPhase!));
  await rm(out, { recursive: true });
});

test('Ctrl-C while the server is still starting: no wait for ready, server stopped, interrupted result', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-run-'));
  const n = normalizeScenario({ name: 'early-stop', dataset: 'real-public', vus: 1, duration: '5s' });
  assert.ok(n.ok);
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 1500);
  const started = Date.now();
  const results = await runBench({
    root,
    scenario: n.scenario,
    runId: 'test',
    outDir: out,
    // Ready only after a minute: the stop must not wait for it.
    target: { kind: 'embedded', serverArgs: ['--ready-after-ms', '60000'], command: [process.execPath, '--import', 'tsx', 'test/support/fixture-server.ts'] },
    baselineSamples: 0,
    seeds: { samples: 1, arrivals: 2, think: 3 },
    stop: stop.signal,
    command: [],
    write: () => undefined,
  });
  // Long before the fixture's 60 s cold start; generous for a busy machine.
  assert.ok(Date.now() - started < 40_000);
  assert.equal(results.status, 'interrupted');
  assert.match(results.statusReason ?? '', /interrupted while the server was starting/);
  assert.deepEqual(results.phases, []);
  assert.ok(validateResults(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'))).ok);
  await rm(out, { recursive: true });
});

test('a server that exits before it is ready: a failed run, with the end of its log in the reason', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-run-'));
  const n = normalizeScenario({ name: 'broken', dataset: 'real-public', vus: 1, duration: '5s' });
  assert.ok(n.ok);
  const results = await runBench({
    root,
    scenario: n.scenario,
    runId: 'test',
    outDir: out,
    target: { kind: 'embedded', serverArgs: [], command: [process.execPath, '-e', 'console.error("invalid configuration: boom"); process.exit(3)', '--'] },
    baselineSamples: 0,
    seeds: { samples: 1, arrivals: 2, think: 3 },
    stop: new AbortController().signal,
    command: [],
    write: () => undefined,
  });
  assert.equal(results.status, 'failed');
  assert.match(results.statusReason ?? '', /exited with code 3 before it was ready[\s\S]*invalid configuration: boom/);
  assert.equal(results.validity.verdict, 'INVALID');
  assert.ok(validateResults(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'))).ok);
  await rm(out, { recursive: true });
});
