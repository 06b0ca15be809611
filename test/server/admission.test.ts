/**
 * Admission control on the real process, made deterministic with a worker that hangs (test hook):
 * one worker holding one request, a queue of one. While a hung request runs and another waits, a
 * burst is refused at once with 503 + Retry-After; at the deadline the running one and the queued one
 * get 504; the hung worker is replaced after --task-timeout-ms and the server is fine afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, metricValue, postImage, readImage, realPublic, startServer, until, type ServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
before(async () => {
  server = await startServer(['--workers', '1', '--worker-concurrency', '1', '--queue', '1', '--deadline-ms', '1500', '--task-timeout-ms', '4000', '--debug-faults', 'true', '--cache', 'off']);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test('full (one running, one queued): a burst gets 503 overloaded + Retry-After at once; the two held get 504 at the deadline', async () => {
  const page = readImage(realPublic('page')[0]);
  const running = postImage(server.url, page.slice(), '', { 'x-ocr-debug-fault': 'hang' });
  await until('the hung request to run', async () => (await metricValue(server.url, 'ocr_in_flight')) === 1);
  const queued = postImage(server.url, page.slice());
  await until('the second request to queue', async () => (await metricValue(server.url, 'ocr_queue_depth')) === 1);

  const burst = await Promise.all(Array.from({ length: 8 }, () => postImage(server.url, page.slice())));
  for (const res of burst) {
    assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.deepEqual(Object.values(await errorOf(res)).slice(0, 2), [503, 'overloaded']);
  }
  assert.equal(await metricValue(server.url, 'ocr_rejected_total{reason="overloaded"}'), 8);

  const [a, b] = await Promise.all([running.then(errorOf), queued.then(errorOf)]);
  assert.deepEqual([a.status, a.code], [504, 'deadline_exceeded']);
  assert.match(a.message, /still running/);
  assert.deepEqual([b.status, b.code], [504, 'deadline_exceeded']);
  assert.match(b.message, /still queued/);
});

test('afterwards: the hung worker is replaced, nothing leaks, the server is healthy, ready and answering', async () => {
  await until('the hung worker to be replaced', async () => (await metricValue(server.url, 'ocr_worker_restarts_total')) === 1);
  await until('readiness', async () => (await fetch(`${server.url}/readyz`)).status === 200);
  assert.equal(await metricValue(server.url, 'ocr_in_flight'), 0);
  assert.equal(await metricValue(server.url, 'ocr_queue_depth'), 0);
  assert.equal(await metricValue(server.url, 'ocr_requests_in_progress'), 0);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  const res = await postImage(server.url, readImage(realPublic('line')[0]), '?mode=line');
  assert.equal(res.status, 200);
});
