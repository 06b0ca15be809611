/**
 * A small closed-loop load client for the server's own measurements (issue 4's closing note):
 * N clients each send the next real-public image as soon as their previous answer arrives.
 *   tsx research/engine-bench/closed-loop.ts --url http://127.0.0.1:8080 --kind page --clients 8 --seconds 20
 * Prints one JSON line: requests/s, lines/s, latency percentiles, errors by code, mean stage times.
 * The full load harness (harness/, `npm run bench`) is the tool for real runs; this one only answers
 * "how fast is the server itself" without depending on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    kind: { type: 'string', default: 'page' },
    clients: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    dataset: { type: 'string', default: fileURLToPath(new URL('../../datasets/real-public', import.meta.url)) },
    /** The server's pid: its CPU time over the window gives CPU ms per answer, which other load on the machine hardly changes. */
    pid: { type: 'string' },
  },
});

/** utime + stime of a process (all its threads) in ms, from /proc (Linux; clock ticks are 100 Hz there). */
function cpuMs(pid: string | undefined, thread?: string): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
const kind = a.kind === 'line' ? 'line' : 'page';
const items = readFileSync(join(a.dataset!, 'manifest.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { file: string; kind: string })
  .filter((i) => i.kind === kind)
  .map((i) => new Uint8Array(readFileSync(join(a.dataset!, i.file))));

const clients = Number(a.clients);
const warmupMs = Number(a.warmup) * 1000;
const runMs = Number(a.seconds) * 1000;
const latencies: number[] = [];
const errors: Record<string, number> = {};
const stageSums: Record<string, number> = {};
let ok = 0;
let lines = 0;
let next = 0;
const t0 = performance.now();
const measureFrom = t0 + warmupMs;
const end = measureFrom + runMs;

async function client(): Promise<void> {
  while (performance.now() < end) {
    const image = items[next++ % items.length];
    const form = new FormData();
    form.append('image', new Blob([image]), 'x');
    const s = performance.now();
    let code = 'ok';
    let n = 0;
    let timing = '';
    try {
      const res = await fetch(`${a.url}/api/ocr?mode=${kind}`, { method: 'POST', body: form });
      const body = (await res.json()) as { lines?: unknown[]; error?: { code: string } };
      if (res.status !== 200) code = body.error?.code ?? `http_${res.status}`;
      n = body.lines?.length ?? 0;
      timing = res.headers.get('server-timing') ?? '';
    } catch (e) {
      code = (e as Error).name;
    }
    const done = performance.now();
    // Throughput counts answers that arrive inside the window, whenever they were sent.
    if (done < measureFrom || done > end) continue;
    if (code !== 'ok') {
      errors[code] = (errors[code] ?? 0) + 1;
      continue;
    }
    ok++;
    lines += n;
    latencies.push(done - s);
    for (const part of timing.split(', ')) {
      const [name, dur] = [part.split(';')[0], part.match(/dur=([\d.]+)/)?.[1]];
      if (name && dur) stageSums[name] = (stageSums[name] ?? 0) + Number(dur);
    }
  }
}

/** Resident memory of the process (every thread) in MB, from /proc. */
function rssMb(pid: string | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);
  } catch {
    return undefined;
  }
}
let peakRss: number | undefined;
const rssTimer = setInterval(() => {
  const r = rssMb(a.pid);
  if (r !== undefined) peakRss = Math.max(peakRss ?? 0, r);
}, 500);
let cpuStart: number | undefined;
let cpuEnd: number | undefined;
// The main thread alone (its tid is the pid): HTTP, body parsing, logging, metrics, hand-off to workers.
let mainStart: number | undefined;
let mainEnd: number | undefined;
setTimeout(() => ((cpuStart = cpuMs(a.pid)), (mainStart = cpuMs(a.pid, a.pid))), Math.max(0, measureFrom - performance.now()));
setTimeout(() => ((cpuEnd = cpuMs(a.pid)), (mainEnd = cpuMs(a.pid, a.pid))), Math.max(0, end - performance.now()));
await Promise.all(Array.from({ length: clients }, () => client()));
clearInterval(rssTimer);
latencies.sort((x, y) => x - y);
const pct = (p: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]) : null);
const secs = runMs / 1000;
console.log(
  JSON.stringify({
    kind,
    clients,
    seconds: secs,
    ok,
    reqPerSec: Math.round((ok / secs) * 100) / 100,
    linesPerSec: Math.round((lines / secs) * 10) / 10,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    errors,
    serverCpuMsPerAnswer: cpuStart !== undefined && cpuEnd !== undefined && ok > 0 ? Math.round(((cpuEnd - cpuStart) / ok) * 10) / 10 : null,
    mainThreadCpuMsPerAnswer: mainStart !== undefined && mainEnd !== undefined && ok > 0 ? Math.round(((mainEnd - mainStart) / ok) * 10) / 10 : null,
    peakRssMb: peakRss ?? null,
    meanStageMs: Object.fromEntries(Object.entries(stageSums).map(([k, v]) => [k, Math.round((v / Math.max(1, ok)) * 10) / 10])),
  }),
);
