/**
 * Fidelity on the real workload: our harness and Locust (the seed report's client,
 * research/fidelity/locustfile.py) drive one OCR server in turn with the stepped scenario's load:
 * mixed-500 pages, N users, 1 s think time. Run by `fidelity.ts --against locust`.
 *
 * Both clients send the same images in the same order (one shared sequence), each runs in its own
 * process, and both are scored by one function from their raw per-request times: QPS is the answers
 * completed in the first `seconds` after the first send, divided by `seconds` (Locust cuts requests
 * in flight at its -t, ours lets them finish, so completions past the window count for neither), and
 * p50/p95 are nearest-rank percentiles of those answers.
 *
 * A pair is four runs of half the time each, in ABBA order (ours, Locust, Locust, ours; the next pair
 * the other way round). The first version ran one run per client and pair: on an idle machine of this
 * kind, the server's own time per image (its log, same images) moved by 10-25% between neighbouring
 * 2-minute windows whoever was driving it, and a single A-then-B pair read that drift as a client gap
 * (ours 82% of Locust's QPS in one pair, 96% in the one before). ABBA cancels a linear drift, and the
 * table prints the server's time per image under each client beside the figures, so what drift is
 * left shows. Before each run the server is drained (no request queued or in a worker): Locust quits
 * with requests still in the server's workers, which the next run would otherwise wait for.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../datasets/lib/load.ts';
import { startServer } from '../../harness/bench/start-server.ts';
import { runLoad } from '../../harness/load/run-load.ts';
import { createMultipartTarget, type PreparedRequest } from '../../harness/load/target.ts';
import { pickSamples } from '../../harness/plan/pick-samples.ts';
import { watchLoopDelay } from '../../harness/resources/loop-delay.ts';
import { fetchMetrics } from '../../harness/resources/prometheus-sampler.ts';
import { normalizeScenario } from '../../harness/scenario/normalize-scenario.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCUSTFILE = path.join(root, 'research/fidelity/locustfile.py');
/** Page mode as the stepped scenario sends it (cls defaults to off in page mode). */
const OCR_PATH = '/api/ocr?mode=page&cls=false';

/** One request as either client saw it: send time (ms, any origin), latency (ms), answered ok. */
export type RawTiming = [start: number, latency: number, ok: 0 | 1];

export interface ClientFigures {
  client: 'ocrbench' | 'locust';
  users: number;
  ok: number;
  errors: number;
  qps: number;
  p50: number | null;
  p95: number | null;
  /** Our harness only: its event-loop delay p99 over the run (ms). */
  loopDelayP99?: number;
  load1: number;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null);

/** The figures both clients are compared on, from raw timings (pure; exported for tests). */
export function scoreTimings(timings: readonly RawTiming[], seconds: number, skipS = 0): Pick<ClientFigures, 'ok' | 'errors' | 'qps' | 'p50' | 'p95'> {
  return scoreRuns([timings], seconds, skipS);
}

/**
 * The figures of several runs of one client pooled: each run scored on its own window, answers pooled.
 * The window is (first send + skipS, first send + seconds]: answers that completed in it.
 */
export function scoreRuns(runs: readonly (readonly RawTiming[])[], seconds: number, skipS = 0): Pick<ClientFigures, 'ok' | 'errors' | 'qps' | 'p50' | 'p95'> {
  const lat: number[] = [];
  let errors = 0;
  for (const timings of runs) {
    if (!timings.length) continue;
    const t0 = Math.min(...timings.map((t) => t[0]));
    for (const [s, l, ok] of timings) {
      const done = s + l - t0;
      if (done > seconds * 1000 || done <= skipS * 1000) continue;
      if (ok) lat.push(l);
      else errors++;
    }
  }
  lat.sort((a, b) => a - b);
  const total = (seconds - skipS) * runs.length;
  return { ok: lat.length, errors, qps: total ? lat.length / total : 0, p50: percentile(lat, 0.5), p95: percentile(lat, 0.95) };
}

/** A span of wall-clock time (epoch ms) in which one client drove the server. */
export interface RunWindow {
  client: 'ocrbench' | 'locust';
  from: number;
  to: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

/**
 * How long the server's workers took per image while ours ran, over the same while Locust ran (pure;
 * exported for tests). Read from the server's request log: for every image (the request's byte size)
 * answered under both clients, the median worker time (`timings.total`) under each; the result is the
 * median of those per-image ratios. 1.0: the server was as fast under both; 1.2: the same images took
 * 20% longer in the workers while ours ran, which a client that uses ~2% of a core cannot cause.
 */
export function serverWorkRatio(logText: string, windows: readonly RunWindow[]): number | null {
  const per: Record<'ocrbench' | 'locust', Map<number, number[]>> = { ocrbench: new Map(), locust: new Map() };
  for (const line of logText.split('\n')) {
    if (!line.includes('"msg":"request"')) continue;
    let r: { time?: number; ms?: number; status?: number; bytes?: number; timings?: { total?: number } };
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (r.status !== 200 || r.time === undefined || r.ms === undefined || r.bytes === undefined || r.timings?.total === undefined) continue;
    const start = r.time - r.ms;
    const w = windows.find((x) => start >= x.from && start < x.to);
    if (!w) continue;
    const m = per[w.client];
    const list = m.get(r.bytes) ?? [];
    list.push(r.timings.total);
    m.set(r.bytes, list);
  }
  const ratios: number[] = [];
  for (const [bytes, ours] of per.ocrbench) {
    const theirs = per.locust.get(bytes);
    if (theirs) ratios.push(median(ours)! / median(theirs)!);
  }
  return median(ratios);
}

/** Waits until the server holds no request (none queued, none in a worker), at most `limitMs`. */
async function drain(origin: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const m = await fetchMetrics(`${origin}/metrics`).catch(() => null);
    if (m && !m.queueDepth && !m.inFlight) return;
    await delay(250);
  }
}

/** Child mode: our harness, closed model, N users, think time, the shared sample order. */
export async function runOursChild(url: string, users: number, seconds: number, thinkS: number, samplesFile: string, rampS = 0): Promise<void> {
  const paths = (await readFile(samplesFile, 'utf8')).split('\n').filter(Boolean);
  const target = createMultipartTarget({ url });
  const requests = new Map<string, PreparedRequest>();
  for (const p of new Set(paths)) requests.set(p, target.prepare(p, await readFile(p), p));
  let i = 0;
  const n = normalizeScenario({ name: 'fidelity-pages', vus: users, duration: seconds * 1000, thinkTime: thinkS * 1000, warmup: 0, ramp: rampS * 1000 });
  if (!n.ok) throw new Error(n.errors.join('; '));
  const timings: RawTiming[] = [];
  const loop = watchLoopDelay();
  const t0 = performance.now();
  const epoch0 = performance.timeOrigin + t0;
  await runLoad({
    scenario: n.scenario,
    target,
    requests,
    nextSample: () => paths[i++ % paths.length],
    seeds: { arrivals: 1, think: 2 },
    now: () => performance.now() - t0,
    stop: new AbortController().signal,
    // Epoch ms, as Locust's record: together runs are scored on one wall-clock window.
    onRecord: (r) => r.sentAt !== null && r.doneAt !== null && timings.push([epoch0 + r.sentAt, r.doneAt - r.sentAt, r.errorKind === null ? 1 : 0]),
  });
  const loopDelayP99 = loop.read().p99;
  loop.disable();
  process.stdout.write(`${JSON.stringify({ timings, loopDelayP99 })}\n`);
}

function runOurs(url: string, users: number, seconds: number, thinkS: number, samplesFile: string, rampS = 0): Promise<{ timings: RawTiming[]; loopDelayP99: number }> {
  const args = ['--import', 'tsx', fileURLToPath(new URL('./fidelity.ts', import.meta.url)), '--client', 'ocrbench-pages', '--url', url, '--users', String(users), '--seconds', String(seconds), '--think-s', String(thinkS), '--samples-file', samplesFile, '--ramp-s', String(rampS)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`our harness exited ${code}`))));
  });
}

async function runLocust(origin: string, users: number, seconds: number, thinkS: number, samplesFile: string, dir: string, tag: string, rampS = 0): Promise<RawTiming[]> {
  const record = path.join(dir, `${tag}.csv`);
  const args = ['-f', LOCUSTFILE, '--headless', '-u', String(users), '-r', rampS > 0 ? String(users / rampS) : '100', '-t', `${seconds}s`, '--host', origin, '--only-summary', '--loglevel', 'WARNING', '--csv', path.join(dir, tag)];
  const env = { ...process.env, OCRBENCH_PATH: OCR_PATH, OCRBENCH_SAMPLES: samplesFile, OCRBENCH_RECORD: record, OCRBENCH_THINK_S: String(thinkS) };
  // Locust prints its own (rounded) summary on stderr: kept beside the record, not in our table.
  const log = await open(path.join(dir, `${tag}.log`), 'w');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('locust', args, { cwd: root, env, stdio: ['ignore', log.fd, log.fd] });
    child.once('error', reject);
    child.once('exit', resolve);
  }).finally(() => log.close());
  let text: string;
  try {
    text = await readFile(record, 'utf8');
  } catch {
    throw new Error(`locust exited ${code} without its record (is python3-locust installed? scripts/install-system.sh)`);
  }
  // Locust's start is epoch seconds; only differences matter.
  return text.split('\n').filter(Boolean).map((l) => {
    const [s, rt, , ok] = l.split(',');
    return [Number(s) * 1000, Number(rt), ok === '1' ? 1 : 0];
  });
}

export interface PagesOptions {
  users: number[];
  seconds: number;
  pairs: number;
  thinkS: number;
  dataset: string;
  seed: number;
  /**
   * Both clients at once, `users` each, for `seconds`, a round per pair. They share one server through
   * the same minutes, so its drift (10-25% between neighbouring minutes on this machine kind, and a
   * fresh server faster in its first minute than later) falls on both alike: a faithful client reads
   * what the other reads.
   */
  together?: boolean;
  /**
   * Together mode: both clients start their users evenly over rampS seconds, and only answers that
   * complete after skipS seconds count. Started all at once, a closed loop's users stay in lockstep:
   * with 40 users each the server answered in waves about 12 s apart, the two clients' waves alternated,
   * and a 120 s window held one wave more of the client that happened to start first (Locust by 1-2 s:
   * ours read 83-96% of its QPS with equal latencies). Spread over a cycle, answers come evenly.
   */
  rampS?: number;
  skipS?: number;
  write: (s: string) => void;
}

/** Starts one server (cache off, niced as the bench does) and runs alternating pairs per user count. */
export async function comparePagesWithLocust(o: PagesOptions): Promise<ClientFigures[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-fidelity-'));
  const dataset = await loadDataset(o.dataset);
  const files = new Map(dataset.items.map((i) => [i.id, path.resolve(dataset.dir, i.file)]));
  const samplesFile = path.join(dir, 'samples.txt');
  await writeFile(samplesFile, `${pickSamples(dataset.items.map((i) => i.id), 5000, o.seed).map((id) => files.get(id)).join('\n')}\n`);
  // Room for every user of both clients: with its default queue (64 beyond the 4 in workers) the server
  // answered 1,122 of 1,494 requests 503 when two clients of 40 users each shared it, and the
  // comparison measured which client's retries won a freed slot, not how each times an answer.
  const most = Math.max(...o.users) * (o.together ? 2 : 1);
  const room = ['--queue', String(Math.max(64, 2 * most)), '--deadline-ms', String(Math.max(30_000, most * 1_000))];
  const server = await startServer({ cwd: root, logPath: path.join(dir, 'server.log'), args: ['--cache', 'off', ...room] });
  const url = `${server.url}${OCR_PATH}`;
  const out: ClientFigures[] = [];
  o.write(`our OCR server (--cache off ${room.join(' ')}, nice 10) on ${server.url}; ${dataset.name} pages, ${o.thinkS} s think time, ${o.seconds} s per run; log ${dir}\n`);
  if (o.together) o.write(`each round: both clients at once, ${o.seconds} s, N users each (2N in all) started over ${o.rampS ?? 0} s, from the same image sequence; answers after ${o.skipS ?? 0} s count\n`);
  else o.write(`each pair: 4 runs of ${o.seconds / 2} s in ABBA order; server work = the server's time per image under ours / under Locust\n`);
  o.write('users  pair  first    ours QPS  Locust QPS  ratio   ours p50  Locust p50  ratio   ours p95  Locust p95  ratio   ours loop p99  load1     errors    server work\n');
  // One round of each design: both clients at once, or an ABBA pair of half-length runs.
  const together = async (users: number, pair: number) => {
    await drain(server.url);
    const load1 = os.loadavg()[0];
    const [r, t] = await Promise.all([
      runOurs(url, users, o.seconds, o.thinkS, samplesFile, o.rampS),
      runLocust(server.url, users, o.seconds, o.thinkS, samplesFile, dir, `locust-together-${users}-${pair}`, o.rampS),
    ]);
    await writeFile(path.join(dir, `ours-together-${users}-${pair}.json`), JSON.stringify(r.timings));
    const ours: ClientFigures = { client: 'ocrbench', users, ...scoreTimings(r.timings, o.seconds, o.skipS), loopDelayP99: r.loopDelayP99, load1 };
    const locust: ClientFigures = { client: 'locust', users, ...scoreTimings(t, o.seconds, o.skipS), load1 };
    return { ours, locust, first: 'together', work: 'same' };
  };
  const abba = async (users: number, pair: number) => {
    const half = o.seconds / 2;
    const first: 'ocrbench' | 'locust' = pair % 2 ? 'locust' : 'ocrbench';
    const second: 'ocrbench' | 'locust' = first === 'ocrbench' ? 'locust' : 'ocrbench';
    const runs: Record<'ocrbench' | 'locust', RawTiming[][]> = { ocrbench: [], locust: [] };
    const loads: Record<'ocrbench' | 'locust', number[]> = { ocrbench: [], locust: [] };
    const loops: number[] = [];
    const windows: RunWindow[] = [];
    for (const [n, client] of [first, second, second, first].entries()) {
      await drain(server.url);
      loads[client].push(os.loadavg()[0]);
      const from = Date.now();
      if (client === 'ocrbench') {
        const r = await runOurs(url, users, half, o.thinkS, samplesFile);
        runs.ocrbench.push(r.timings);
        loops.push(r.loopDelayP99);
      } else {
        runs.locust.push(await runLocust(server.url, users, half, o.thinkS, samplesFile, dir, `locust-${users}-${pair}-${n}`));
      }
      windows.push({ client, from, to: Date.now() });
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ours: ClientFigures = { client: 'ocrbench', users, ...scoreRuns(runs.ocrbench, half), loopDelayP99: Math.max(...loops), load1: mean(loads.ocrbench) };
    const locust: ClientFigures = { client: 'locust', users, ...scoreRuns(runs.locust, half), load1: mean(loads.locust) };
    const work = serverWorkRatio(await readFile(path.join(dir, 'server.log'), 'utf8'), windows);
    return { ours, locust, first, work: work === null ? 'n/a' : work.toFixed(2) };
  };
  try {
    for (const users of o.users) {
      for (let pair = 0; pair < o.pairs; pair++) {
        const r = await (o.together ? together : abba)(users, pair);
        out.push(r.ours, r.locust);
        o.write(`${formatPair(r.ours, r.locust, pair + 1, r.first)} ${r.work.padStart(15)}\n`);
      }
    }
  } finally {
    await server.stop();
  }
  return out;
}

const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`).padStart(6);
const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`).padStart(8);

/** One table row: both clients' figures and ours / Locust. */
export function formatPair(ours: ClientFigures, locust: ClientFigures, pair: number, first: string): string {
  return [
    String(ours.users).padStart(5),
    String(pair).padStart(5),
    first.padEnd(8),
    ours.qps.toFixed(2).padStart(9),
    locust.qps.toFixed(2).padStart(11),
    pct(ratio(ours.qps, locust.qps)),
    ms(ours.p50).padStart(10),
    ms(locust.p50).padStart(11),
    pct(ratio(ours.p50, locust.p50)),
    ms(ours.p95).padStart(10),
    ms(locust.p95).padStart(11),
    pct(ratio(ours.p95, locust.p95)),
    `${(ours.loopDelayP99 ?? 0).toFixed(1)} ms`.padStart(14),
    `${ours.load1.toFixed(1)}/${locust.load1.toFixed(1)}`.padStart(10),
    `${ours.errors}/${locust.errors}`.padStart(9),
  ].join(' ');
}
