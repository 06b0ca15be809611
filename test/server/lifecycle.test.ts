/**
 * The real process through its life: a repeat is served from the memory cache, a worker that dies
 * fails only the request it held (500) and is replaced, and SIGTERM finishes in-flight work and exits 0.
 * A hung worker is stopped after --task-timeout-ms and replaced. Started with --debug-faults so a request
 * can make its worker exit (x-ocr-debug-fault: crash) or spin forever (hang).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { errorOf, metricValue, postImage, readImage, realPublic, startServer, type ServerProcess } from '../support/server-process.ts';

const pages = realPublic('page');
let server: ServerProcess;
before(async () => {
  server = await startServer(['--workers', '1', '--worker-concurrency', '2', '--cache', 'memory', '--debug-faults', 'true', '--task-timeout-ms', '8000', '--shutdown-timeout-ms', '60000']);
});
after(async () => {
  await server.stop('SIGKILL');
});

test('a repeat is a cache hit with the same answer; other options miss', async () => {
  const image = readImage(pages[0]);
  const first = await postImage(server.url, image);
  assert.equal(first.status, 200);
  const a = (await first.json()) as Record<string, unknown>;
  assert.equal(a.cached, false);
  const second = await postImage(server.url, image);
  const b = (await second.json()) as Record<string, unknown>;
  assert.equal(b.cached, true);
  assert.notEqual(b.requestId, a.requestId);
  assert.deepEqual(b.lines, a.lines);
  assert.equal(b.text, a.text);
  assert.match(second.headers.get('server-timing') ?? '', /cache;desc="hit";dur=/);
  const other = (await (await postImage(server.url, image, '?mode=line')).json()) as Record<string, unknown>;
  assert.equal(other.cached, false);
  assert.equal(await metricValue(server.url, 'ocr_cache_hits_total'), 1);
  assert.equal(await metricValue(server.url, 'ocr_cache_misses_total'), 2);
});

test('a worker that dies fails only its request with 500 worker_crashed, and is replaced', async () => {
  const image = readImage(pages[1]);
  const crashed = await errorOf(await postImage(server.url, image, '', { 'x-ocr-debug-fault': 'crash' }));
  assert.deepEqual([crashed.status, crashed.code], [500, 'worker_crashed']);
  await server.waitForLog((l) => l.msg === 'worker died; piscina starts a replacement', 10_000);
  const readyLines = () => server.logs.filter((l) => l.msg === 'worker ready').length;
  for (let i = 0; i < 2400 && readyLines() < 2; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readyLines(), 2, 'the replacement worker loaded its engine');
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  assert.equal(await metricValue(server.url, 'ocr_worker_restarts_total'), 1);
  const res = await postImage(server.url, image);
  assert.equal(res.status, 200);
  assert.ok(((await res.json()) as { lines: unknown[] }).lines.length > 0);
});

test('a worker hung on a request is stopped after --task-timeout-ms (500 worker_timeout) and replaced', async () => {
  const readyLines = () => server.logs.filter((l) => l.msg === 'worker ready').length;
  const before = readyLines();
  const t0 = performance.now();
  // An image nothing else here asks for, so no cache hit answers it.
  const hung = await errorOf(await postImage(server.url, readImage(pages[8]), '', { 'x-ocr-debug-fault': 'hang' }));
  assert.deepEqual([hung.status, hung.code], [500, 'worker_timeout']);
  assert.ok(performance.now() - t0 >= 7000, 'not before the task timeout');
  for (let i = 0; i < 2400 && readyLines() < before + 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readyLines(), before + 1, 'a replacement worker loaded its engine');
  assert.equal(await metricValue(server.url, 'ocr_worker_restarts_total'), 2);
  assert.equal((await postImage(server.url, readImage(pages[8]))).status, 200);
});

test('SIGTERM: in-flight requests finish with 200 (one still uploading), new connections are refused, exit code 0', async () => {
  // A client that has sent its headers and half its image when the signal comes.
  const line = readImage(realPublic('line')[3]);
  const sock = net.connect(Number(new URL(server.url).port), '127.0.0.1');
  let raw = '';
  sock.setEncoding('utf8').on('data', (d: string) => (raw += d));
  const uploadDone = new Promise<void>((r) => sock.on('close', () => r()));
  sock.write(`POST /api/ocr?mode=line HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: image/png\r\nContent-Length: ${line.byteLength}\r\n\r\n`);
  sock.write(line.subarray(0, line.byteLength >> 1));
  // Four small pages (a few hundred ms each): long enough to be caught in flight, short enough to stay
  // far from --task-timeout-ms even on a loaded CI machine.
  // None of them is asked for earlier here, so none is a cache hit.
  const small = ['rapidocr_en', 'easyocr_chinese', 'paddle_00207393', 'paddle_00009282'].map((n) => pages.find((p) => p.file.includes(n))!);
  const busy = small.map((p) => postImage(server.url, readImage(p)).then(async (r) => ({ status: r.status, body: (await r.json()) as { lines?: unknown[] } })));
  // Wait until the server holds all four (running or queued), then ask it to stop.
  let caught = false;
  for (let i = 0; i < 200 && !caught; i++) {
    const held = (await metricValue(server.url, 'ocr_in_flight')) + (await metricValue(server.url, 'ocr_queue_depth'));
    caught = held >= 4 && (await metricValue(server.url, 'ocr_requests_in_progress')) >= 5;
    if (!caught) await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(caught, 'all five requests were in the server when it was asked to stop');
  server.child.kill('SIGTERM');
  await server.waitForLog((l) => l.msg === 'shutting down: draining in-flight requests', 5_000);
  await assert.rejects(fetch(`${server.url}/healthz`), 'no new connections once draining');
  sock.write(line.subarray(line.byteLength >> 1));
  await uploadDone;
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw, /"cached":false/);
  const answers = await Promise.all(busy);
  for (const a of answers) {
    assert.equal(a.status, 200);
    assert.ok(Array.isArray(a.body.lines));
  }
  assert.equal(await server.exited, 0);
  assert.ok(server.logs.some((l) => l.msg === 'drained; bye'));
});
