import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateResults } from '../results/schema.ts';
import { startFixtureServer } from '../../test/support/fixture-server.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { parseBenchArgs } from './bench-args.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('Ctrl-C stops the load and still writes the measured part', async () => {
  const fx = await startFixtureServer({ script: { delayMs: 20 } });
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cli-'));
  try {
    // Through npm and tsx, in a process group of its own, signalled as a terminal does: every process
    // of the group gets SIGINT at once (and npm relays another copy to the bench). The scripts run
    // `node --import tsx`, not the tsx CLI: its relay SIGKILLs a child that does not acknowledge a signal
    // within 60 ms, which killed a busy bench before it wrote its results.
    const child = spawn('npm', ['run', 'bench', '--', '--scenario', 'smoke', '--target', `${fx.url}/api/ocr`, '--dataset', 'real-public', '--out', out, '--accuracy-samples', '2'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // npm may exit before the bench has written its results (a CPU hog showed it): the pipes close
    // only when every process holding them (npm, tsx, the bench) has ended.
    const drained = Promise.all([child.stdout, child.stderr].map((s) => new Promise((r) => s.once('close', r))));
    // Interrupt once the load phase is under way (smoke runs 30 s).
    await new Promise<void>((resolve) => {
      const check = setInterval(() => fx.requests() >= 12 && (clearInterval(check), resolve()), 50);
    });
    await new Promise((r) => setTimeout(r, 1500));
    const sentAt = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    await drained;
    // Promptly: long before the 30 s phase would have ended (measuredMs below); generous for a busy machine.
    assert.ok(Date.now() - sentAt < 60_000, 'stopped promptly');
    // npm itself got the SIGINT too; it ends by it or passes on the bench's code.
    assert.ok(code === EXIT.INTERRUPTED || signal === 'SIGINT', `exit ${code} ${signal}\n${output}`);
    const written = await readFile(path.join(out, 'results.json'), 'utf8').catch(() => null);
    assert.ok(written !== null, `no results.json; the bench said:\n${output.slice(-2500)}`);
    const results = JSON.parse(written);
    assert.ok(validateResults(results).ok);
    assert.equal(results.status, 'interrupted');
    assert.equal(results.phases.length, 1);
    assert.ok(results.phases[0].requests.ok > 0);
    assert.ok(results.phases[0].measuredMs < 29_000);
    const log = (await readFile(path.join(out, 'requests.jsonl'), 'utf8')).trim().split('\n');
    assert.ok(log.length >= 4);
    assert.match(output, /interrupted/);
    assert.doesNotMatch(output, /report rendering failed/);
  } finally {
    await fx.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('bad flags: every problem at once, usage exit code', async () => {
  const r = parseBenchArgs(['--scale', '0', '--seed=-1', '--target', 'ftp://x', '--quick']);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.errors, [
      '--scale: a positive number, got "0"',
      '--seed: a non-negative integer, got "-1"',
      '--target: http or https URL, got "ftp://x"',
      '--quick and --scale both set the durations; give one',
    ]);
  }
  assert.deepEqual(parseBenchArgs(['--nope']).ok, false);
  const ok = parseBenchArgs(['--phases', 'stepped', '--quick', '--server-arg=--workers=2', '--server-arg=--threads=1']);
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual([ok.args.scenario, ok.args.quick, ok.args.serverArgs, ok.args.baselineSamples], ['stepped', true, ['--workers=2', '--threads=1'], 8]);
});

function runBenchCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'harness/cli/bench.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

test('a failed --threshold makes the bench exit 99, with the report and junit written', async () => {
  const fx = await startFixtureServer({ script: { delayMs: 20 } });
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cli-'));
  try {
    // Nothing here may hang on machine load, or the verdict is INVALID instead of FAIL: smoke is 30 s
    // and 0.5 plans a 13.5 s measured phase (the gate's minimum is 10 s), and the self-check's
    // event-loop limit is lifted (a busy machine once lagged the harness 92 ms past its 50 ms).
    const r = await runBenchCli(['--scenario', 'smoke', '--scale', '0.5', '--target', `${fx.url}/api/ocr`, '--dataset', 'real-public', '--out', out, '--accuracy-samples', '0', '--threshold', 'p(50)<1', '--loop-delay-limit', '60000']);
    assert.equal(r.code, 99, r.stdout + r.stderr);
    for (const f of ['results.json', 'requests.jsonl', 'report.html', 'summary.md', 'junit.xml', 'summary.json']) await access(path.join(out, f));
    assert.match(await readFile(path.join(out, 'junit.xml'), 'utf8'), /<failure message="p\(50\)&lt;1/);
    assert.match(r.stdout, /FAIL/);
  } finally {
    await fx.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('--export-k6 prints a k6 script and runs nothing', async () => {
  const r = await runBenchCli(['--export-k6', 'smoke', '--dataset', 'real-public']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /export const options/);
  assert.match(r.stdout, /http\.post|http\.file/);
});

test('gate flags are collected', () => {
  const r = parseBenchArgs(['--threshold', 'p(95)<1200', '--threshold', 'phase:40 error_rate<0.01', '--baseline', 'reports/old', '--tolerance', 'latency=0.3', '--accuracy-samples', '0']);
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual([r.args.thresholds, r.args.compareWith, r.args.tolerances, r.args.baselineSamples], [['p(95)<1200', 'phase:40 error_rate<0.01'], 'reports/old', ['latency=0.3'], 0]);
});

test('--metrics is repeatable (one per replica) and must be http(s) URLs', () => {
  const r = parseBenchArgs(['--target', 'http://127.0.0.1:1/api/ocr', '--metrics', 'http://127.0.0.1:2/metrics', '--metrics', 'http://127.0.0.1:3/metrics']);
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.args.metrics, ['http://127.0.0.1:2/metrics', 'http://127.0.0.1:3/metrics']);
  const bad = parseBenchArgs(['--metrics', 'nope', '--metrics', 'ftp://x/metrics']);
  assert.ok(!bad.ok);
  if (!bad.ok) assert.deepEqual(bad.errors, ['--metrics: not a URL: "nope"', '--metrics: http or https URL, got "ftp://x/metrics"']);
  const none = parseBenchArgs([]);
  assert.ok(none.ok && none.args.metrics.length === 0);
});

/** A real HTTP server that is not an OCR service: 404 for every path, as a web root would answer. */
async function startNotOcrServer(): Promise<{ origin: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server = createServer((req, res) => {
    if (req.method === 'POST') posts++;
    req.resume();
    req.on('end', () => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no route"}}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, posts: () => posts, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

test('a --target without the endpoint path fails at the preflight: exit 1, one request, a hint', async () => {
  const web = await startNotOcrServer();
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cli-'));
  try {
    const r = await runBenchCli(['--scenario', 'smoke', '--target', web.origin, '--dataset', 'real-public', '--out', out]);
    assert.equal(r.code, EXIT.FAILED, r.stdout + r.stderr);
    assert.ok(r.stdout.includes(`answered 404 (not_found): did you mean ${web.origin}/api/ocr?`), r.stdout);
    // The preflight's request and nothing after it: no accuracy pass, no load phase.
    assert.equal(web.posts(), 1);
  } finally {
    await web.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('a --target nobody listens on fails at the preflight with connection refused', async () => {
  // A port that was free a moment ago; the kernel does not hand it out again at once.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cli-'));
  try {
    const r = await runBenchCli(['--scenario', 'smoke', '--target', `http://127.0.0.1:${port}/api/ocr`, '--dataset', 'real-public', '--out', out]);
    assert.equal(r.code, EXIT.FAILED, r.stdout + r.stderr);
    assert.match(r.stdout, /connection refused; is the OCR service running at http:\/\/127\.0\.0\.1:\d+\?/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('a target whose first answers are all errors stops the load early: exit 1', async () => {
  // 500s pass the preflight (they may be transient); ten of them in a row end the run.
  const fx = await startFixtureServer({ script: { responses: [{ status: 500, body: { error: { code: 'internal', message: 'broken' } } }] } });
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cli-'));
  try {
    const r = await runBenchCli(['--scenario', 'smoke', '--target', `${fx.url}/api/ocr`, '--dataset', 'real-public', '--out', out, '--accuracy-samples', '0']);
    assert.equal(r.code, EXIT.FAILED, r.stdout + r.stderr);
    assert.match(r.stdout, /the first 10 answers were all errors \(internal x10\)/);
    const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
    assert.equal(results.status, 'failed');
    // Smoke would send about 120 requests in its 30 s; the preflight, ten answers and the two users' last sends at most.
    assert.ok(fx.requests() <= 14, String(fx.requests()));
  } finally {
    await fx.close();
    await rm(out, { recursive: true, force: true });
  }
});
