/**
 * Fidelity on the real workload: our harness and Locust (the seed report's client,
 * harness/benchmarks/locustfile.py) drive one OCR server in turn with the stepped scenario's load:
 * mixed-500 pages, N users, 1 s think time. Run by `fidelity.ts --against locust`.
 *
 * Both clients send the same images in the same order (one shared sequence), each runs in its own
 * process, and both are scored by one function from their raw per-request times: QPS is the answers
 * completed in the first `seconds` after the first send, divided by `seconds` (Locust cuts requests
 * in flight at its -t, ours lets them finish, so completions past the window count for neither), and
 * p50/p95 are nearest-rank percentiles of those answers.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../datasets/lib/load.ts';
import { startServer } from '../bench/start-server.ts';
import { runLoad } from '../load/run-load.ts';
import { createMultipartTarget, type PreparedRequest } from '../load/target.ts';
import { pickSamples } from '../plan/pick-samples.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCUSTFILE = path.join(root, 'harness/benchmarks/locustfile.py');
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
export function scoreTimings(timings: readonly RawTiming[], seconds: number): Pick<ClientFigures, 'ok' | 'errors' | 'qps' | 'p50' | 'p95'> {
  if (!timings.length) return { ok: 0, errors: 0, qps: 0, p50: null, p95: null };
  const t0 = Math.min(...timings.map((t) => t[0]));
  const inWindow = timings.filter(([s, l]) => s + l - t0 <= seconds * 1000);
  const lat = inWindow.filter((t) => t[2]).map((t) => t[1]).sort((a, b) => a - b);
  return { ok: lat.length, errors: inWindow.length - lat.length, qps: lat.length / seconds, p50: percentile(lat, 0.5), p95: percentile(lat, 0.95) };
}

/** Child mode: our harness, closed model, N users, think time, the shared sample order. */
export async function runOursChild(url: string, users: number, seconds: number, thinkS: number, samplesFile: string): Promise<void> {
  const paths = (await readFile(samplesFile, 'utf8')).split('\n').filter(Boolean);
  const target = createMultipartTarget({ url });
  const requests = new Map<string, PreparedRequest>();
  for (const p of new Set(paths)) requests.set(p, target.prepare(p, await readFile(p), p));
  let i = 0;
  const n = normalizeScenario({ name: 'fidelity-pages', vus: users, duration: seconds * 1000, thinkTime: thinkS * 1000, warmup: 0 });
  if (!n.ok) throw new Error(n.errors.join('; '));
  const timings: RawTiming[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  await runLoad({
    scenario: n.scenario,
    target,
    requests,
    nextSample: () => paths[i++ % paths.length],
    seeds: { arrivals: 1, think: 2 },
    now: () => performance.now() - t0,
    stop: new AbortController().signal,
    onRecord: (r) => r.sentAt !== null && r.doneAt !== null && timings.push([r.sentAt, r.doneAt - r.sentAt, r.errorKind === null ? 1 : 0]),
  });
  loop.disable();
  process.stdout.write(`${JSON.stringify({ timings, loopDelayP99: loop.percentile(99) / 1e6 })}\n`);
}

function runOurs(url: string, users: number, seconds: number, thinkS: number, samplesFile: string): Promise<{ timings: RawTiming[]; loopDelayP99: number }> {
  const args = ['--import', 'tsx', fileURLToPath(new URL('./fidelity.ts', import.meta.url)), '--client', 'ocrbench-pages', '--url', url, '--users', String(users), '--seconds', String(seconds), '--think-s', String(thinkS), '--samples-file', samplesFile];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`our harness exited ${code}`))));
  });
}

async function runLocust(origin: string, users: number, seconds: number, thinkS: number, samplesFile: string, dir: string, tag: string): Promise<RawTiming[]> {
  const record = path.join(dir, `${tag}.csv`);
  const args = ['-f', LOCUSTFILE, '--headless', '-u', String(users), '-r', '100', '-t', `${seconds}s`, '--host', origin, '--only-summary', '--loglevel', 'WARNING', '--csv', path.join(dir, tag)];
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
  write: (s: string) => void;
}

/** Starts one server (cache off, niced as the bench does) and runs alternating pairs per user count. */
export async function comparePagesWithLocust(o: PagesOptions): Promise<ClientFigures[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-fidelity-'));
  const dataset = await loadDataset(o.dataset);
  const files = new Map(dataset.items.map((i) => [i.id, path.resolve(dataset.dir, i.file)]));
  const samplesFile = path.join(dir, 'samples.txt');
  await writeFile(samplesFile, `${pickSamples(dataset.items.map((i) => i.id), 5000, o.seed).map((id) => files.get(id)).join('\n')}\n`);
  const server = await startServer({ cwd: root, logPath: path.join(dir, 'server.log'), args: ['--cache', 'off'] });
  const url = `${server.url}${OCR_PATH}`;
  const out: ClientFigures[] = [];
  o.write(`our OCR server (--cache off, nice 10) on ${server.url}; ${dataset.name} pages, ${o.thinkS} s think time, ${o.seconds} s per run; log ${dir}\n`);
  o.write('users  pair  first    ours QPS  Locust QPS  ratio   ours p50  Locust p50  ratio   ours p95  Locust p95  ratio   ours loop p99  load1\n');
  try {
    for (const users of o.users) {
      for (let pair = 0; pair < o.pairs; pair++) {
        const order: ('ocrbench' | 'locust')[] = pair % 2 ? ['locust', 'ocrbench'] : ['ocrbench', 'locust'];
        const got: Partial<Record<'ocrbench' | 'locust', ClientFigures>> = {};
        for (const client of order) {
          const load1 = os.loadavg()[0];
          if (client === 'ocrbench') {
            const r = await runOurs(url, users, o.seconds, o.thinkS, samplesFile);
            got.ocrbench = { client, users, ...scoreTimings(r.timings, o.seconds), loopDelayP99: r.loopDelayP99, load1 };
          } else {
            const t = await runLocust(server.url, users, o.seconds, o.thinkS, samplesFile, dir, `locust-${users}-${pair}`);
            got.locust = { client, users, ...scoreTimings(t, o.seconds), load1 };
          }
          out.push(got[client]!);
        }
        o.write(`${formatPair(got.ocrbench!, got.locust!, pair + 1, order[0])}\n`);
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
  ].join(' ');
}
