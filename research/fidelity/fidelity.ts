/**
 * Fidelity and overhead of the load generator, against independent clients (autocannon, Locust).
 *
 *   node --import tsx research/fidelity/fidelity.ts [--seconds 10] [--connections 10] [--delay-ms 20] [--real]
 *   node --import tsx research/fidelity/fidelity.ts --against locust [--users 10,40] [--seconds 60] [--pairs 2]   # seconds: per client and pair, in two ABBA halves
 *   node --import tsx research/fidelity/fidelity.ts --against locust --together [--users 10,40] [--seconds 120] [--pairs 3] [--ramp-s 20] [--skip-s 40]   # both at once, N users each
 *
 * --against locust is the real workload (pages-vs-locust.ts): our OCR server, mixed-500 pages, think
 * time, ours and Locust in alternating (ABBA) pairs, or with --together both at once, users ramped in and the
 * first seconds not counted (the design that meets the targets: harness/README.md). The rest of this comment
 * is the autocannon comparison.
 *
 * Starts one server in its own process (the fixture with a fixed delay, or with --real our OCR server
 * in line mode on one real line image), then drives it with the same closed load (N connections, no
 * think time, same request bytes) from autocannon and from our harness, each in its own process,
 * alternating for --rounds rounds. Prints QPS, p50 and p95 of both and their ratio. `--delay-ms 0` is the overhead
 * benchmark (a trivial endpoint: which client can push more requests through).
 */
import { spawn } from 'node:child_process';
import { readFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createJsonlWriter } from '../../harness/bench/jsonl-writer.ts';
import { startServer, type StartedServer } from '../../harness/bench/start-server.ts';
import type { RequestRecord } from '../../harness/load/request-record.ts';
import { runLoad } from '../../harness/load/run-load.ts';
import { createMultipartTarget } from '../../harness/load/target.ts';
import { comparePagesWithLocust, runOursChild } from './pages-vs-locust.ts';
import { normalizeScenario } from '../../harness/scenario/normalize-scenario.ts';
import { summarizeLatency } from '../../harness/stats/latency-stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LINE_IMAGE = 'datasets/real-public/lines/cnocr_multi-line_cn1_l01.png';

interface ClientResult {
  client: string;
  requests: number;
  errors: number;
  qps: number;
  p50: number | null;
  p95: number | null;
}

async function requestBody(url: string, real: boolean) {
  const target = createMultipartTarget({ url });
  const image = real ? await readFile(path.join(root, LINE_IMAGE)) : new Uint8Array(2048);
  return { target, prepared: target.prepare('s1', image, real ? 'line.png' : 's1.png') };
}

/** Our harness: closed model, N users, no think time, whole duration measured (no warm-up, like autocannon). */
async function runHarness(url: string, connections: number, seconds: number, real: boolean): Promise<ClientResult> {
  const { target, prepared } = await requestBody(url, real);
  const n = normalizeScenario({ name: 'fidelity', vus: connections, duration: seconds * 1000, warmup: 0 });
  if (!n.ok) throw new Error(n.errors.join());
  const lat: number[] = [];
  let errors = 0;
  let count = 0;
  // Log every record as the bench does, so its cost is in the figure.
  const log = createJsonlWriter(path.join(await mkdtemp(path.join(os.tmpdir(), 'ocrbench-log-')), 'requests.jsonl'));
  const t0 = performance.now();
  await runLoad({
    scenario: n.scenario,
    target,
    requests: new Map([['s1', prepared]]),
    nextSample: () => 's1',
    seeds: { arrivals: 1, think: 2 },
    now: () => performance.now() - t0,
    stop: new AbortController().signal,
    onRecord: (r: RequestRecord) => {
      log.write(r);
      count++;
      if (r.errorKind !== null) errors++;
      else lat.push(r.doneAt! - r.sentAt!);
    },
  });
  const elapsed = (performance.now() - t0) / 1000;
  await log.close();
  const s = summarizeLatency(lat);
  return { client: 'ocrbench', requests: count, errors, qps: lat.length / elapsed, p50: s.p50, p95: s.p95 };
}

/** autocannon with the same bytes; latency percentiles from its own per-response times. */
async function runAutocannon(url: string, connections: number, seconds: number, real: boolean): Promise<ClientResult> {
  const { target, prepared } = await requestBody(url, real);
  const lat: number[] = [];
  const t0 = performance.now();
  // autocannon sets content-length itself; a second one makes it send nothing.
  const { 'content-length': _length, ...headers } = prepared.headers;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, method: 'POST', headers, body: prepared.body, connections, duration: seconds, pipelining: 1 },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      if (status === 200) lat.push(time);
    });
  });
  const elapsed = (performance.now() - t0) / 1000;
  const s = summarizeLatency(lat);
  return { client: 'autocannon', requests: result.requests.total, errors: result.non2xx + result.errors, qps: lat.length / elapsed, p50: s.p50, p95: s.p95 };
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      'delay-ms': { type: 'string', default: '20' },
      real: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '2' },
      client: { type: 'string' },
      url: { type: 'string' },
      against: { type: 'string', default: 'autocannon' },
      users: { type: 'string', default: '10,40' },
      pairs: { type: 'string', default: '2' },
      'think-s': { type: 'string', default: '1' },
      dataset: { type: 'string', default: 'mixed-500' },
      seed: { type: 'string', default: '1' },
      'samples-file': { type: 'string' },
      together: { type: 'boolean', default: false },
      'ramp-s': { type: 'string' },
      'skip-s': { type: 'string' },
    },
  });
  if (values.client === 'ocrbench-pages') {
    return runOursChild(values.url!, Number(values.users), Number(values.seconds), Number(values['think-s']), values['samples-file']!, Number(values['ramp-s'] ?? 0));
  }
  if (values.against === 'locust') {
    if (!values.together && (values['ramp-s'] !== undefined || values['skip-s'] !== undefined)) {
      console.error('--ramp-s and --skip-s apply to --together only (ABBA runs start every user at once and count every answer)');
      process.exitCode = 2;
      return;
    }
    await comparePagesWithLocust({
      users: values.users!.split(',').map(Number),
      // 10 s suits autocannon's trivial endpoint; pages at 3 answers/s need longer runs for a p95.
      seconds: process.argv.includes('--seconds') ? Number(values.seconds) : 60,
      pairs: Number(values.pairs),
      together: values.together,
      // Together: users started over 20 s, the first 40 s not counted (pages-vs-locust.ts, rampS).
      rampS: Number(values['ramp-s'] ?? (values.together ? 20 : 0)),
      skipS: Number(values['skip-s'] ?? (values.together ? 40 : 0)),
      thinkS: Number(values['think-s']),
      dataset: values.dataset!,
      seed: Number(values.seed),
      write: (s) => void process.stdout.write(s),
    });
    return;
  }
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  // Child mode: one client, one process, result as JSON on stdout.
  if (values.client) {
    const run = values.client === 'autocannon' ? runAutocannon : runHarness;
    process.stdout.write(`${JSON.stringify(await run(values.url!, connections, seconds, values.real!))}\n`);
    return;
  }
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-fidelity-'));
  const server: StartedServer = values.real
    ? await startServer({ cwd: root, logPath: path.join(logDir, 'server.log'), args: ['--cache', 'off'] })
    : await startServer({ cwd: root, logPath: path.join(logDir, 'fixture.log'), command: [process.execPath, '--import', 'tsx', 'test/support/fixture-server.ts'], args: ['--delay-ms', values['delay-ms']!] });
  const url = values.real ? `${server.url}/api/ocr?mode=line` : `${server.url}/api/ocr`;
  const results: ClientResult[] = [];
  try {
    // Warm the server (JIT, sessions) so neither client pays for it.
    await runInChild('ocrbench', url, connections, Math.min(3, seconds), values.real!);
    // Alternate the clients so drifting background load hits both alike; compare medians.
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const client of round % 2 ? ['ocrbench', 'autocannon'] : ['autocannon', 'ocrbench']) results.push(await runInChild(client, url, connections, seconds, values.real!));
    }
  } finally {
    await server.stop();
  }
  const table = results.map((r) => `${r.client.padEnd(10)} ${r.qps.toFixed(1).padStart(9)} QPS  p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}  requests ${r.requests}  errors ${r.errors}`);
  const median = (c: string, f: (r: ClientResult) => number | null) => {
    const xs = results.filter((r) => r.client === c).map(f).filter((x): x is number => x !== null).sort((a, b) => a - b);
    return xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  };
  const ratio = (f: (r: ClientResult) => number | null) => median('ocrbench', f) / median('autocannon', f);
  process.stdout.write(
    `${values.real ? 'our OCR server, line mode, one real line image' : `fixture server, ${values['delay-ms']} ms delay`}; ${connections} connections, ${seconds} s per run\n` +
      `${table.join('\n')}\n` +
      `medians, autocannon: ${median('autocannon', (r) => r.qps).toFixed(1)} QPS, p50 ${fmt(median('autocannon', (r) => r.p50))}, p95 ${fmt(median('autocannon', (r) => r.p95))}\n` +
      `medians, ocrbench:   ${median('ocrbench', (r) => r.qps).toFixed(1)} QPS, p50 ${fmt(median('ocrbench', (r) => r.p50))}, p95 ${fmt(median('ocrbench', (r) => r.p95))}\n` +
      `ocrbench / autocannon (medians): QPS ${pct(ratio((r) => r.qps))}, p50 ${pct(ratio((r) => r.p50))}, p95 ${pct(ratio((r) => r.p95))}\n`,
  );
}

const fmt = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} ms`).padStart(10);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function runInChild(client: string, url: string, connections: number, seconds: number, real: boolean): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--client', client, '--url', url, '--connections', String(connections), '--seconds', String(seconds)];
    if (real) args.push('--real');
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`${client} exited ${code}`))));
  });
}

void main();
