/**
 * The HTTP surface in memory (`app.request()`), with a real worker pool and real models behind it:
 * readiness before and after warm-up, draining, body limits for both Content-Length and chunked
 * uploads, and the JSON error shape on routes the process tests do not reach.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { configSchema } from '../../server/config/config-schema.ts';
import type { ServerState } from '../../server/http/app-env.ts';
import { createMemoryCache } from '../../server/cache/memory-cache.ts';
import { createMetrics } from '../../server/metrics/metrics.ts';
import { createAdmission } from '../../server/pool/admission.ts';
import { createWorkerPool, type OcrPool } from '../../server/pool/worker-pool.ts';

const config = configSchema.parse({ workers: 1, maxBytes: 64 * 1024 });
const logger = pino({ level: 'silent' });
const state: ServerState = { ready: false, shuttingDown: false };
let pool: OcrPool;
let app: ReturnType<typeof createApp>;
const image = new Uint8Array(readFileSync(new URL('../../datasets/real-public/lines/cnocr_multi-line_cn1_l01.png', import.meta.url)));

before(() => {
  pool = createWorkerPool({ workers: 1, concurrency: 1, taskTimeoutMs: 60_000, logger, init: { threads: 1, batching: false, maxBatch: 8, maxWaitMs: 0, maxPixels: config.maxPixels, maxBytes: config.maxBytes, debugFaults: false } });
  const cache = createMemoryCache({ maxBytes: 1024 * 1024, ttlSeconds: 60 });
  app = createApp({ config, pool, admission: createAdmission({ concurrency: 1, queue: 4 }), cache, metrics: createMetrics(), logger, state });
});
after(async () => {
  await pool.close();
});

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const ocr = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'image/png' }) => app.request('/api/ocr?mode=line', { method: 'POST', body, headers });

test('before the workers are warm: alive, not ready (503 + Retry-After), OCR refused with not_ready', async () => {
  assert.equal((await app.request('/healthz')).status, 200);
  const ready = await app.request('/readyz');
  assert.equal(ready.status, 503);
  assert.equal(ready.headers.get('retry-after'), '1');
  assert.equal(await errorCode(ready), 'not_ready');
  const res = await ocr(image);
  assert.equal(res.status, 503);
  assert.equal(await errorCode(res), 'not_ready');
});

test('once warm: ready, and the OCR route answers with a request id and Server-Timing', async () => {
  await pool.whenReady();
  state.ready = true;
  assert.equal((await app.request('/readyz')).status, 200);
  const res = await ocr(image, { 'content-type': 'image/png', 'x-request-id': 'abc-123' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-request-id'), 'abc-123');
  const body = (await res.json()) as { text: string; requestId: string; cached: boolean };
  assert.equal(body.requestId, 'abc-123');
  assert.ok(body.text.length > 0);
  assert.match(res.headers.get('server-timing') ?? '', /^queue;dur=[\d.]+, decode;dur=/);
  const info = (await (await app.request('/api/info')).json()) as { models: unknown[]; config: { workers: number }; engine: unknown };
  assert.equal(info.models.length, 3);
  assert.equal(info.config.workers, 1);
  assert.ok(info.engine);
});

test('body over --max-bytes: 413 body_too_large by Content-Length, and for a chunked upload at the limit', async () => {
  const big = new Uint8Array(config.maxBytes + 1);
  const byLength = await ocr(big, { 'content-type': 'image/png', 'content-length': String(big.byteLength) });
  assert.equal(byLength.status, 413);
  assert.equal(await errorCode(byLength), 'body_too_large');
  assert.equal(byLength.headers.get('connection'), 'close');
  let pulled = 0;
  const chunked = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      pulled += 16 * 1024;
      if (pulled > 10 * config.maxBytes) ctrl.close();
      else ctrl.enqueue(new Uint8Array(16 * 1024));
    },
  });
  const res = await app.request('/api/ocr', { method: 'POST', body: chunked, headers: { 'content-type': 'image/png', 'transfer-encoding': 'chunked' }, duplex: 'half' } as RequestInit);
  assert.equal(res.status, 413);
  assert.ok(pulled <= config.maxBytes + 3 * 16 * 1024, `read ${pulled} bytes of a stream that never ends before 10x the limit`);
});

test('while draining: not ready, OCR refused with shutting_down and Connection: close', async () => {
  state.shuttingDown = true;
  try {
    assert.equal(await errorCode(await app.request('/readyz')), 'shutting_down');
    const res = await ocr(image);
    assert.equal(res.status, 503);
    assert.equal(await errorCode(res), 'shutting_down');
    assert.equal(res.headers.get('connection'), 'close');
  } finally {
    state.shuttingDown = false;
  }
});

test('/metrics is Prometheus text with the server, GC and event-loop series', async () => {
  const res = await app.request('/metrics');
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await res.text();
  for (const name of ['ocr_http_requests_total', 'ocr_stage_duration_seconds_bucket', 'ocr_queue_depth', 'ocr_in_flight', 'ocr_batch_size', 'ocr_cache_hits_total', 'ocr_worker_restarts_total', 'ocr_workers_ready', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds', 'process_cpu_seconds_total', 'process_resident_memory_bytes']) {
    assert.ok(text.includes(name), name);
  }
});

test('?profile=: the other profile answers (loaded on first use), apart from the server\'s own in the cache; a bad value is 400 invalid_option', async () => {
  await pool.whenReady();
  state.ready = true;
  const url = (q: string) => app.request(`/api/ocr?mode=line${q}`, { method: 'POST', body: image, headers: { 'content-type': 'image/png' } });
  const own = (await (await url('')).json()) as { text: string };
  const fast = await url('&profile=fast');
  assert.equal(fast.status, 200);
  const body = (await fast.json()) as { text: string; cached: boolean };
  assert.ok(body.text.length > 0);
  assert.ok(own.text.length > 0);
  // The server's own answer for this image is cached already; the fast profile's is not that one.
  assert.equal(body.cached, false);
  assert.equal(((await (await url('&profile=fast')).json()) as { cached: boolean }).cached, true);
  // Naming the server's own profile is the same request as naming none.
  assert.equal(((await (await url('&profile=accurate')).json()) as { cached: boolean }).cached, true);
  const bad = await url('&profile=quick');
  assert.equal(bad.status, 400);
  assert.equal(await errorCode(bad), 'invalid_option');
});
