/**
 * A --target run against a separately started real server: the CPU and RSS the bench reads from the
 * server's /metrics (prom-client's process_* metrics: the whole process, its piscina worker threads
 * included) agree within 10% with pidusage sampling the same process locally over the same loaded
 * interval. Both samplers run here on one clock during the bench's own bounded load, so the verdict
 * compares means over identical windows and does not depend on how busy the machine is.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pidusage from 'pidusage';
import { runBench } from '../bench/run-bench.ts';
import { startServer, type StartedServer } from '../bench/start-server.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { startPrometheusSampler } from './prometheus-sampler.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let server: StartedServer;
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-prom-'));
  server = await startServer({ cwd: root, logPath: path.join(dir, 'server.log'), args: ['--workers', '2', '--cache', 'off'], nice: 0 });
});
after(async () => {
  await server?.stop();
  pidusage.clear();
  await rm(dir, { recursive: true, force: true });
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/**
 * Time-weighted mean of per-interval CPU % (each figure covers the time since its sampler's previous
 * one): on a loaded machine the ticks come late and unevenly, and a plain mean would over-count the
 * short intervals of one sampler and not the other's.
 */
const weightedCpu = (xs: { t: number; cpu: number }[]) => {
  let sum = 0;
  let span = 0;
  for (let i = 1; i < xs.length; i++) {
    const dt = xs[i].t - xs[i - 1].t;
    sum += xs[i].cpu * dt;
    span += dt;
  }
  return sum / span;
};

test('server CPU and RSS from /metrics match pidusage of the same process within 10%', { timeout: 600_000 }, async () => {
  const metricsUrl = `${server.url}/metrics`;
  const now = () => performance.now();
  const prom = startPrometheusSampler({ urls: [metricsUrl], now, phaseAt: () => null });
  const local: { t: number; cpu: number; rss: number }[] = [];
  let first = true;
  const timer = setInterval(() => {
    const t = now();
    void pidusage(server.pid).then((s) => {
      // pidusage's first figure averages over the process's whole life; later ones cover one interval.
      if (!first) local.push({ t, cpu: s.cpu, rss: s.memory });
      first = false;
    }, () => undefined);
  }, 500);

  let loadFrom = Infinity;
  const n = normalizeScenario({ name: 'prom-compare', dataset: 'real-public', warmup: '2s', stages: [{ vus: 4, duration: '40s' }] });
  assert.ok(n.ok);
  const results = await runBench({
    root,
    scenario: n.scenario,
    runId: 'prom-compare',
    outDir: dir,
    target: { kind: 'url', url: `${server.url}/api/ocr`, field: 'image', textPath: 'text', linesPath: 'lines[].text' },
    baselineSamples: 0,
    seeds: { samples: 1, arrivals: 2, think: 3 },
    stop: new AbortController().signal,
    command: [],
    metrics: [metricsUrl],
    // The bench prints this line as its load starts.
    write: (s) => void (s.startsWith('server metrics from') && (loadFrom = now())),
  });
  const loadTo = now();
  clearInterval(timer);
  await prom.stop();
  assert.equal(results.status, 'complete', results.statusReason ?? '');

  // The bench itself: per-replica series from /metrics, and server figures marked as coming from there.
  const replicas = results.timeSeries.replicas ?? [];
  assert.ok(replicas.length > 40 && replicas.every((s) => s.source === metricsUrl), `${replicas.length} scrapes`);
  assert.ok(replicas.some((s) => s.cpu !== null && s.cpu > 0) && replicas.every((s) => !s.up || (s.rss ?? 0) > 0));
  assert.equal(results.timeSeries.serverResourcesFrom, 'prometheus');
  assert.ok(results.phases[0].resources.serverCpuMean! > 0 && results.phases[0].resources.serverRssMax! > 0);
  assert.ok(results.phases[0].throughput.okPerSec > 0);

  // The same loaded interval (after the first 3 s of load, to the end of the run) on both samplers.
  const from = loadFrom + 3000;
  const inWindow = <T extends { t: number }>(xs: T[]) => xs.filter((s) => s.t >= from && s.t <= loadTo);
  const p = inWindow(prom.samples).filter((s) => s.cpu !== null && s.rss !== null);
  const l = inWindow(local);
  assert.ok(p.length >= 40 && l.length >= 40, `${p.length} prometheus and ${l.length} local samples in the window`);
  const promCpu = weightedCpu(p.map((s) => ({ t: s.t, cpu: s.cpu! })));
  const localCpu = weightedCpu(l);
  const promRss = mean(p.map((s) => s.rss!));
  const localRss = mean(l.map((s) => s.rss));
  const plain = `plain means ${mean(p.map((s) => s.cpu!)).toFixed(1)}% vs ${mean(l.map((s) => s.cpu)).toFixed(1)}%`;
  const detail = `${plain}; time-weighted CPU ${promCpu.toFixed(1)}% (metrics) vs ${localCpu.toFixed(1)}% (pidusage), RSS ${(promRss / 2 ** 20).toFixed(0)} vs ${(localRss / 2 ** 20).toFixed(0)} MiB`;
  process.stdout.write(`# ${detail}\n`);
  assert.ok(localCpu > 10, `the load kept the server busy: ${detail}`);
  assert.ok(Math.abs(promCpu / localCpu - 1) <= 0.1, detail);
  assert.ok(Math.abs(promRss / localRss - 1) <= 0.1, detail);
});
