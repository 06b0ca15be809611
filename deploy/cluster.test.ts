/**
 * The cluster for real: two server replicas, redis-server and haproxy on free loopback ports. Both
 * replicas serve through the balancer, an image read on one is a cache hit on the other (shared
 * Redis), and after one is killed the balancer takes it out and the other keeps serving. Verdicts
 * wait for states (polling with generous limits), never on how fast a busy machine gets there.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fetchMetrics } from '../harness/resources/prometheus-sampler.ts';
import { ROOT, startCluster, type Cluster } from './start-cluster.ts';

let cluster: Cluster;
let dir: string;
const pids: number[] = [];

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-cluster-'));
  cluster = await startCluster({ replicas: 2, workers: 1, cache: 'redis', nice: 0, logDir: dir });
  pids.push(...cluster.pids);
});
after(async () => {
  await cluster?.stop();
  // Every process the cluster started (replicas, redis-server, haproxy) is gone (kill 0 only checks).
  assert.equal(pids.length, 4);
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), `pid ${pid} still running`);
  await rm(dir, { recursive: true, force: true });
});

const manifest = async () => (await readFile(path.join(ROOT, 'datasets/real-public/manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { file: string; kind: string });
const post = async (base: string, file: string) => {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(await readFile(path.join(ROOT, 'datasets/real-public', file)))]), 'image');
  const res = await fetch(`${base}/api/ocr?mode=line`, { method: 'POST', body: form });
  const body = (await res.json()) as { text?: string; cached?: boolean };
  return { status: res.status, replica: res.headers.get('x-ocrbench-replica'), ...body };
};
const poll = async (what: string, f: () => Promise<boolean>, limitMs = 60_000) => {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await f().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}`);
};

test('both replicas are up in haproxy and both serve through the balancer', { timeout: 120_000 }, async () => {
  await poll('both replicas UP', async () => Object.values(await cluster.backendStatus()).join() === 'UP,UP');
  const seen = new Set<string>();
  for (let i = 0; i < 20 && seen.size < 2; i++) {
    const res = await fetch(`${cluster.url}/api/info`);
    assert.equal(res.status, 200);
    seen.add(res.headers.get('x-ocrbench-replica') ?? '?');
    await res.body?.cancel();
  }
  assert.deepEqual([...seen].sort(), ['r1', 'r2']);
});

test('an image read on one replica is a cache hit on the other (shared Redis)', { timeout: 120_000 }, async () => {
  const [r1, r2] = cluster.replicas;
  await poll('both replicas connected to Redis', async () => (await cacheUp(r1.metricsUrl)) && (await cacheUp(r2.metricsUrl)));
  const line = (await manifest()).find((i) => i.kind === 'line')!;
  const hitsBefore = (await fetchMetrics(r2.metricsUrl)).cacheHits ?? 0;
  const first = await post(r1.url, line.file);
  assert.equal(first.status, 200);
  assert.equal(first.cached, false);
  const second = await post(r2.url, line.file);
  assert.equal(second.status, 200);
  assert.equal(second.cached, true, 'the second replica answered from the shared cache');
  assert.equal(second.text, first.text);
  assert.equal((await fetchMetrics(r2.metricsUrl)).cacheHits, hitsBefore + 1);
  // Through the balancer, whichever replica answers, it is a hit.
  const third = await post(cluster.url, line.file);
  assert.deepEqual([third.status, third.cached, third.text], [200, true, first.text]);
});

test('killing one replica: haproxy takes it out and the other keeps serving', { timeout: 180_000 }, async () => {
  const victim = cluster.killReplica('r1');
  assert.equal(victim?.name, 'r1');
  await poll('haproxy to mark r1 DOWN', async () => (await cluster.backendStatus()).r1 === 'DOWN');
  assert.equal((await cluster.backendStatus()).r2, 'UP');
  const lines = (await manifest()).filter((i) => i.kind === 'line').slice(1, 7);
  for (const l of lines) {
    const r = await post(cluster.url, l.file);
    assert.deepEqual([r.status, r.replica], [200, 'r2']);
  }
  const ready = await fetch(`${cluster.url}/readyz`);
  assert.equal(ready.status, 200);
  await ready.body?.cancel();
});

async function cacheUp(metricsUrl: string): Promise<boolean> {
  const text = await (await fetch(metricsUrl)).text();
  return /^ocr_cache_up 1$/m.test(text);
}
