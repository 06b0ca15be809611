/**
 * The Redis cache with a real redis-server (Debian package) that this test starts on a free loopback
 * port: a repeat is a hit stored in Redis with its TTL; when Redis goes away the server keeps answering,
 * uncached, and says so in /metrics and its logs; when Redis returns, caching resumes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { metricValue, postImage, readImage, realPublic, startServer, type ServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let redis: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const p = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return p;
}

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    redis!.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(t);
        resolve();
      }
    });
    redis!.on('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
}

async function stopRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((r) => redis!.on('exit', r));
  redis.kill('SIGKILL');
  await exited;
}

const waitFor = async (what: string, f: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
};

before(async () => {
  port = await freePort();
  await startRedis();
  server = await startServer(['--workers', '1', '--cache', `redis://127.0.0.1:${port}`, '--cache-ttl', '120']);
  await waitFor('the cache to connect', async () => (await metricValue(server.url, 'ocr_cache_up')) === 1);
});
after(async () => {
  await server?.stop();
  await stopRedis();
});

const lines = realPublic('line');
const ask = async (i: number) => {
  const res = await postImage(server.url, readImage(lines[i]), '?mode=line');
  assert.equal(res.status, 200);
  return (await res.json()) as { cached: boolean; text: string };
};

test('a repeat is served from Redis, stored under a sha256 key with the TTL', async () => {
  const a = await ask(0);
  assert.equal(a.cached, false);
  const b = await ask(0);
  assert.equal(b.cached, true);
  assert.equal(b.text, a.text);
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await client.connect();
    const keys = await client.keys('ocr:v1:*');
    assert.equal(keys.length, 1);
    assert.match(keys[0], /^ocr:v1:[0-9a-f]{64}:line:/);
    const ttl = await client.ttl(keys[0]);
    assert.ok(ttl > 0 && ttl <= 120, `ttl ${ttl}`);
  } finally {
    client.disconnect();
  }
});

test('Redis gone: still answering, uncached, reported in /metrics and the logs; back: cached again', async () => {
  await stopRedis();
  await waitFor('the cache to be reported down', async () => (await metricValue(server.url, 'ocr_cache_up')) === 0);
  const a = await ask(0);
  assert.equal(a.cached, false, 'no stale hit while Redis is away');
  assert.equal((await ask(1)).cached, false);
  assert.ok(server.logs.some((l) => l.msg === 'redis cache unreachable; serving uncached'));
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

  await startRedis();
  await waitFor('the cache to reconnect', async () => (await metricValue(server.url, 'ocr_cache_up')) === 1);
  assert.equal((await ask(2)).cached, false);
  assert.equal((await ask(2)).cached, true);
});

test('Redis unreachable from the start: the server still becomes ready and answers, and says why it is uncached', async () => {
  const deadPort = await freePort();
  const alone = await startServer(['--workers', '1', '--cache', `redis://127.0.0.1:${deadPort}`]);
  try {
    await alone.waitForLog((l) => l.msg === 'redis cache unreachable; serving uncached', 10_000);
    const res = await postImage(alone.url, readImage(lines[0]), '?mode=line');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { cached: boolean }).cached, false);
    assert.equal(await metricValue(alone.url, 'ocr_cache_up'), 0);
  } finally {
    assert.equal(await alone.stop(), 0);
  }
});
