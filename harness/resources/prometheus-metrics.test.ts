/**
 * Reading our server's real /metrics text (its own prom-client registry), CPU % between scrapes, and
 * summing replicas per tick into the series the report draws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from '../../server/metrics/metrics.ts';
import type { ReplicaSample, ResourceSample } from '../results/schema.ts';
import { cpuPercent, readMetrics } from './prometheus-metrics.ts';
import { allLoopback, fillServerFromReplicas, sumReplicas } from './prometheus-series.ts';

test('reads process CPU, RSS and our own gauges and counters from the server registry', async () => {
  const m = createMetrics();
  m.cacheHits.inc(3);
  m.cacheMisses.inc(2);
  m.workerRestarts.inc();
  m.queueDepth.set(4);
  m.inFlight.set(2);
  const r = readMetrics(await m.registry.metrics());
  assert.ok(r.cpuSeconds !== null && r.cpuSeconds > 0, `cpu ${r.cpuSeconds}`);
  assert.ok(r.rss !== null && r.rss > 10 * 1024 * 1024, `rss ${r.rss}`);
  assert.deepEqual([r.cacheHits, r.cacheMisses, r.workerRestarts, r.queueDepth, r.inFlight, r.inProgress, r.workersReady], [3, 2, 1, 4, 2, 0, 0]);
});

test('another service: process metrics only, ours null; labelled series are summed', () => {
  const r = readMetrics('# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 12.5\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1e8\n# TYPE ocr_queue_depth gauge\nocr_queue_depth{pool="a"} 2\nocr_queue_depth{pool="b"} 3\n');
  assert.deepEqual([r.cpuSeconds, r.rss, r.queueDepth, r.cacheHits], [12.5, 1e8, 5, null]);
  assert.equal(readMetrics('').cpuSeconds, null);
  // The last line without its newline (the parser alone would drop it) and unrelated families around it.
  assert.equal(readMetrics('# TYPE other histogram\nother_bucket{le="1"} 3\nprocess_cpu_seconds_total 7').cpuSeconds, 7);
});

test('cpuPercent: CPU seconds over wall seconds, none across a restart', () => {
  const cases = [
    { name: 'one core busy', prev: { at: 0, cpuSeconds: 1 }, next: { at: 500, cpuSeconds: 1.5 }, want: 100 },
    { name: 'two cores busy', prev: { at: 1000, cpuSeconds: 1 }, next: { at: 2000, cpuSeconds: 3 }, want: 200 },
    { name: 'counter went down (restart)', prev: { at: 0, cpuSeconds: 5 }, next: { at: 500, cpuSeconds: 1 }, want: null },
    { name: 'no counter', prev: { at: 0, cpuSeconds: null }, next: { at: 500, cpuSeconds: 1 }, want: null },
    { name: 'no time passed', prev: { at: 5, cpuSeconds: 1 }, next: { at: 5, cpuSeconds: 1 }, want: null },
  ];
  for (const c of cases) assert.equal(cpuPercent(c.prev, c.next), c.want, c.name);
});

const sample = (t: number, source: string, cpu: number | null, rss: number | null, up = true): ReplicaSample => ({
  t, phase: 'p', source, up, cpu, cpuSeconds: null, rss, queueDepth: null, inFlight: null, inProgress: null, workersReady: null, workerRestarts: null, cacheHits: null, cacheMisses: null,
});

test('sumReplicas: one total per interval, each replica once with its latest live scrape', () => {
  const got = sumReplicas([
    sample(503, 'a', 50, 100), sample(507, 'b', 70, 200),
    // a answers late twice (both near 1000 + 700): counted once, the latest; b is down at 1009.
    sample(1004, 'a', 60, 110), sample(1009, 'b', null, null, false), sample(1240, 'a', 65, 120),
    sample(1500, 'a', 40, 130),
  ], 500);
  assert.deepEqual(got, [
    { t: 500, cpu: 120, rss: 300, up: 2 },
    { t: 1000, cpu: 65, rss: 120, up: 1 },
    { t: 1500, cpu: 40, rss: 130, up: 1 },
  ]);
  assert.deepEqual(sumReplicas([], 500), []);
});

test('fillServerFromReplicas: latest live scrape of each replica, only on this machine, gone only when none answers', () => {
  const local = (t: number): ResourceSample => ({ t, phase: 'p', server: null, machine: { cpu: 0, memUsed: 0, memTotal: 1 }, harness: { cpu: 0, loopDelayP99: 0, loopDelayMax: 0, rss: 0 } });
  const replicas = [
    sample(503, 'a', 50, 100), sample(507, 'b', 70, 200),
    // b's scrape at ~1000 came late; a is killed at 1500, b answers again at 1740.
    sample(1004, 'a', 60, 110), sample(1502, 'a', null, null, false), sample(1740, 'b', 80, 210),
    sample(2003, 'a', null, null, false), sample(2004, 'b', null, null, false),
  ];
  const rs = [local(500), local(1000), local(1500), local(2000), local(6000)];
  assert.equal(fillServerFromReplicas(rs, replicas, 500, 2, false), false);
  assert.equal(rs[0].server, null);
  assert.equal(fillServerFromReplicas(rs, replicas, 500, 2, true), true);
  assert.deepEqual(rs.map((r) => r.server && [r.server.cpu, r.server.rss, r.server.cpuMachine]), [[120, 300, 60], [130, 310, 65], [80, 210, 40], null, null]);
  assert.equal(rs[0].server!.source, 'prometheus');
  assert.equal(allLoopback(['http://127.0.0.1:1/metrics', 'http://localhost:2/metrics', 'http://[::1]:3/metrics']), true);
  assert.equal(allLoopback(['http://10.0.0.2:8080/metrics']), false);
});
