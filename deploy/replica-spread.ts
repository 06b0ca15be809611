/**
 * `npx tsx deploy/replica-spread.ts [--rounds 2] [--replicas 1,2] [--scenario cluster-capacity] [--query mode=line] [--cache off|redis|memory]`:
 * benches clusters of each size in turn (1, 2, 1, 2, ... so machine noise hits both alike), always
 * through haproxy with the same cores in total (workers per replica = cores / replicas), and prints a
 * Markdown table (Ctrl-C stops the bench and the cluster): answered pages/s, p50, p95 and the replicas' summed CPU and RSS from /metrics, with
 * the spread over the rounds. Run folders go to reports/<time>-replicas-<n>-<round>/.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunResults } from '../harness/results/schema.ts';
import { sumReplicas } from '../harness/resources/prometheus-series.ts';
import { ROOT, startCluster } from './start-cluster.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, replicas: { type: 'string', default: '1,2' }, scenario: { type: 'string', default: 'cluster-capacity' }, 'server-nice': { type: 'string', default: '0' }, query: { type: 'string', default: '' }, cache: { type: 'string', default: 'off' } } });
// Cache off by default: the cluster's own default is a shared Redis, and a capacity table over a set that
// repeats within the run would measure cache hits (1,300 lines/s at a 4 ms p50 on lines-500), not OCR.
const cache = values.cache as 'redis' | 'memory' | 'off';
if (!['redis', 'memory', 'off'].includes(cache)) {
  process.stderr.write(`--cache: redis, memory or off, got "${values.cache}"\n`);
  process.exit(2);
}
// Not niced by default (unlike the bench's embedded server): on a machine shared with other work at
// nice 0, niced replicas get only the leftovers and the table would measure the neighbours.
const nice = Number(values['server-nice']);
let stopCurrent: (() => Promise<void>) | null = null;
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void (stopCurrent ?? (async () => undefined))().finally(() => process.exit(130)));
const sizes = values.replicas.split(',').map(Number);
const rounds = Number(values.rounds);
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const rows: { n: number; qps: number; p50: number | null; p95: number | null; cpu: number | null; rss: number | null; errors: number; verdict: string }[] = [];

for (let round = 1; round <= rounds; round++) {
  for (const n of sizes) {
    const out = path.join(ROOT, 'reports', `${stamp}-replicas-${n}-${round}`);
    await mkdir(path.join(out, 'cluster'), { recursive: true });
    process.stdout.write(`round ${round}: ${n} replica(s), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    const cluster = await startCluster({ replicas: n, nice, cache, logDir: path.join(out, 'cluster') });
    try {
      const args = ['--import', 'tsx', 'harness/cli/bench.ts', '--scenario', values.scenario, '--target', `${cluster.url}/api/ocr${values.query ? `?${values.query}` : ''}`, ...cluster.replicas.flatMap((r) => ['--metrics', r.metricsUrl]), '--accuracy-samples', '0', '--out', out];
      const bench = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      stopCurrent = async () => void (bench.kill('SIGINT'), await cluster.stop());
      await new Promise((r) => bench.once('exit', r));
    } finally {
      await cluster.stop();
    }
    const r = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const p = r.phases[0];
    const inPhase = (r.timeSeries.replicas ?? []).filter((s) => s.t >= p.startMs + p.warmupMs && s.t < p.endMs);
    const totals = sumReplicas(inPhase, r.timeSeries.resourceIntervalMs);
    const cpus = totals.map((x) => x.cpu).filter((x): x is number => x !== null);
    const rss = totals.map((x) => x.rss).filter((x): x is number => x !== null);
    rows.push({ n, qps: p.throughput.okPerSec, p50: p.latency.p50, p95: p.latency.p95, cpu: cpus.length ? cpus.reduce((a, b) => a + b, 0) / cpus.length : null, rss: rss.length ? Math.max(...rss) : null, errors: p.errors.rate, verdict: r.validity.verdict });
    process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
  }
}

const fmt = (xs: (number | null)[], f: (x: number) => string) => {
  const v = xs.filter((x): x is number => x !== null);
  if (!v.length) return 'n/a';
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.length > 1 ? `${f(mean)} (${f(Math.min(...v))}–${f(Math.max(...v))})` : f(mean);
};
process.stdout.write(`\n| replicas × workers | answered/s | p50 | p95 | CPU, all replicas (% of a core) | RSS, all replicas | error rate | verdicts |\n|---|---|---|---|---|---|---|---|\n`);
for (const n of sizes) {
  const mine = rows.filter((r) => r.n === n);
  const w = Math.max(1, Math.floor(os.availableParallelism() / n));
  process.stdout.write(`| ${n} × ${w} | ${fmt(mine.map((r) => r.qps), (x) => x.toFixed(2))} | ${fmt(mine.map((r) => r.p50), (x) => `${(x / 1000).toFixed(1)} s`)} | ${fmt(mine.map((r) => r.p95), (x) => `${(x / 1000).toFixed(1)} s`)} | ${fmt(mine.map((r) => r.cpu), (x) => x.toFixed(0))} | ${fmt(mine.map((r) => r.rss), (x) => `${(x / 2 ** 30).toFixed(2)} GiB`)} | ${fmt(mine.map((r) => r.errors), (x) => x.toFixed(3))} | ${mine.map((r) => r.verdict).join(', ')} |\n`);
}
process.stdout.write(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
