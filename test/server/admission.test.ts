/**
 * Admission control on the real process: one worker holding one request, a queue of one, and a
 * deadline of 1 ms that no real page can meet. A burst is answered at once with 503 + Retry-After for
 * everything beyond the two admitted, those two get 504, and the server is fine afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, metricValue, postImage, readImage, realPublic, startServer, type ServerProcess } from './server-process.ts';

let server: ServerProcess;
before(async () => {
  server = await startServer(['--workers', '1', '--worker-concurrency', '1', '--queue', '1', '--deadline-ms', '1', '--cache', 'off']);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test('a burst beyond workers + queue gets 503 overloaded with Retry-After at once; the admitted get 504', async () => {
  const page = readImage(realPublic('page').find((p) => p.file.includes('paddle_00018069'))!);
  const burst = 10;
  const answers = await Promise.all(
    Array.from({ length: burst }, async () => {
      const res = await postImage(server.url, page.slice());
      const retryAfter = res.headers.get('retry-after');
      return { ...(await errorOf(res)), retryAfter };
    }),
  );
  const overloaded = answers.filter((a) => a.code === 'overloaded');
  const late = answers.filter((a) => a.code === 'deadline_exceeded');
  assert.equal(overloaded.length + late.length, burst, JSON.stringify(answers));
  // Capacity is 1 running + 1 queued. The running slot stays held while the worker finishes the page;
  // a queued request leaves the queue at its deadline, so a later arrival may take its place (and time out too).
  assert.ok(late.length >= 2, JSON.stringify(answers.map((a) => a.code)));
  assert.ok(overloaded.length >= 1, JSON.stringify(answers.map((a) => a.code)));
  for (const a of overloaded) {
    assert.equal(a.status, 503);
    assert.match(a.retryAfter ?? '', /^[1-9]\d*$/);
  }
  for (const a of late) assert.equal(a.status, 504);
  assert.equal(await metricValue(server.url, 'ocr_rejected_total{reason="overloaded"}'), overloaded.length);
});

test('afterwards: work drains, nothing leaks, the server is healthy and ready', async () => {
  for (let i = 0; i < 100 && (await metricValue(server.url, 'ocr_in_flight')) > 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await metricValue(server.url, 'ocr_in_flight'), 0);
  assert.equal(await metricValue(server.url, 'ocr_queue_depth'), 0);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  // Errors that need no worker are still answered (and fast).
  assert.equal((await errorOf(await postImage(server.url, new Uint8Array(0)))).code, 'empty_image');
});
