/** The per-replica chart: absent for runs from before the series, a note when nothing answered, each replica plus their sum. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplicaSample } from '../results/schema.ts';
import { replicasOverTime } from './charts-replicas.ts';
import { loadRun } from './load-run.ts';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports/fixtures/stepped-quick');
const scrape = (t: number, port: number, cpu: number | null, up = true): ReplicaSample => ({
  t, phase: null, source: `http://127.0.0.1:${port}/metrics`, up, cpu, cpuSeconds: null, rss: up ? 500 * 2 ** 20 : null, queueDepth: up ? 1 : null, inFlight: up ? 2 : null, inProgress: null, workersReady: null, workerRestarts: null, cacheHits: null, cacheMisses: null,
});

test('replicasOverTime: null before the series existed, a note when empty, replicas and their sum otherwise', async () => {
  const { results } = await loadRun(fixture);
  assert.equal(replicasOverTime(results), null);
  const empty = replicasOverTime({ ...results, timeSeries: { ...results.timeSeries, replicas: [] } });
  assert.equal(empty?.spec, null);
  assert.match(empty!.missing!, /--metrics/);

  const replicas = [scrape(500, 4001, 80), scrape(505, 4002, 90), scrape(1000, 4001, 70), scrape(1003, 4002, null, false)];
  const c = replicasOverTime({ ...results, timeSeries: { ...results.timeSeries, replicas } })!;
  const json = JSON.stringify(c.spec);
  for (const name of ['127.0.0.1:4001', '127.0.0.1:4002', 'sum of replicas']) assert.ok(json.includes(name), name);
  // The sum at 0.5 s is both replicas; at 1 s only the live one; the down scrape is marked.
  assert.ok(json.includes('{"t":0.5,"series":"sum of replicas","pct":170}'));
  assert.ok(json.includes('{"t":1,"series":"sum of replicas","pct":70}'));
  assert.ok(json.includes('"no answer from"'));
  assert.match(c.caption, /process_cpu_seconds_total/);
});
