/**
 * Cheap requests must not buy expensive work or hold the door (docs/guides/server-limits.md). Each case
 * runs against the real server process with the real models, and asserts a bound by counters and states,
 * never by a duration: one worker holding one request and a queue of one make every slot countable.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import sharp from 'sharp';
import { errorOf, metricValue, postImage, readImage, realPublic, startServer, until, type ServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let port: number;
const line = readImage(realPublic('line')[1]);
// A few hundred bytes of PNG: 20000x20 is ~6700 recognizer frames read in windows, 40000x20 ~13000.
const blankLine = (width: number) => sharp({ create: { width, height: 20, channels: 3, background: '#fff' } }).png().toBuffer().then((b) => new Uint8Array(b));

before(async () => {
  server = await startServer([
    '--workers', '1', '--worker-concurrency', '1', '--queue', '1', '--cache', 'off',
    // Long enough for a normal line on a busy machine; far shorter than a 10000-pixel line's windows.
    '--deadline-ms', '4000',
    '--max-line-frames', '10000',
    '--body-timeout-ms', '1000', '--min-upload-rate', '1024', '--max-uploads', '6', '--header-timeout-ms', '1000',
    '--cors', 'https://example.org', '--allowed-hosts', '127.0.0.1,localhost',
  ]);
  port = Number(new URL(server.url).port);
});
after(async () => {
  assert.equal(await server.stop(), 0);
  const errors = server.logs.filter((l) => (l.level as number) >= 50);
  assert.deepEqual(errors.map((l) => l.msg), [], 'nothing in the whole run was logged as an error');
});

/** Sum of every ocr_http_requests_total series whose status is 5xx. */
async function serverErrors(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('ocr_http_requests_total{') && /status="5\d\d"/.test(l))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
const metricOr0 = async (name: string) => {
  const v = await metricValue(server.url, name);
  return Number.isNaN(v) ? 0 : v;
};

/** A raw connection that sends `head` (and `body`, if any) and collects whatever comes back. */
function rawConnection(head: string, body = '') {
  const sock = net.connect(port, '127.0.0.1');
  let received = '';
  sock.setEncoding('utf8').on('data', (c: string) => (received += c));
  sock.on('error', () => {});
  const closed = new Promise<void>((r) => sock.on('close', () => r()));
  sock.write(head + body);
  return { sock, closed, get received() { return received; } };
}
const uploadHead = (length: number, host = '127.0.0.1') => `POST /api/ocr HTTP/1.1\r\nHost: ${host}\r\nContent-Type: image/png\r\nContent-Length: ${length}\r\n\r\n`;

test('a line wider than --max-line-frames is refused with 422 line_too_long before any recognition', async () => {
  const e = await errorOf(await postImage(server.url, await blankLine(40_000), '?mode=line'));
  assert.deepEqual([e.status, e.code], [422, 'line_too_long']);
  assert.match(e.message, /--max-line-frames/);
});

test('past its deadline a wide line stops at the next window: its worker takes the next task', async () => {
  const e = await errorOf(await postImage(server.url, await blankLine(20_000), '?mode=line'));
  assert.deepEqual([e.status, e.code], [504, 'deadline_exceeded']);
  // work_abandoned is only ever answered by a worker that stopped before the work's end.
  await until('the worker to abandon the work', async () => (await metricOr0('ocr_work_abandoned_total{reason="deadline"}')) === 1);
  await until('the slot to come back', async () => (await metricValue(server.url, 'ocr_in_flight')) === 0);
  const res = await postImage(server.url, line.slice(), '?mode=line');
  assert.equal(res.status, 200);
});

test('a client that hangs up while its wide line runs: the work stops, 499 client_closed, no 5xx', async () => {
  const before5xx = await serverErrors();
  const gone = new AbortController();
  // postImage has no signal of its own, so this one is sent with fetch directly.
  const form = new FormData();
  form.append('image', new Blob([await blankLine(20_000)]), 'image');
  const aborted = fetch(`${server.url}/api/ocr?mode=line`, { method: 'POST', body: form, signal: gone.signal }).catch(() => 'aborted');
  await until('the wide line to run', async () => (await metricValue(server.url, 'ocr_in_flight')) === 1);
  gone.abort();
  assert.equal(await aborted, 'aborted');
  await until('the worker to abandon the work', async () => (await metricOr0('ocr_work_abandoned_total{reason="client_closed"}')) === 1);
  await until('the slot to come back', async () => (await metricValue(server.url, 'ocr_in_flight')) === 0);
  assert.equal(await metricOr0('ocr_http_requests_total{route="/api/ocr",status="499",code="client_closed"}'), 1);
  assert.equal(await serverErrors(), before5xx);
});

test('slow uploads hold no admission slot: with more open than the workers and queue hold, a normal line is admitted', async () => {
  // Admission holds 2 (one running, one queued); 4 uploads open at once stay in their own slots.
  const slow = Array.from({ length: 4 }, () => rawConnection(uploadHead(100_000), 'x'));
  await until('four uploads in progress', async () => (await metricValue(server.url, 'ocr_uploads_in_progress')) === 4);
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200, '/readyz: a request would be admitted');
  const res = await postImage(server.url, line.slice(), '?mode=line');
  assert.equal(res.status, 200);
  // They fall behind --min-upload-rate past --body-timeout-ms: 408 body_timeout, connection closed.
  await Promise.all(slow.map((s) => s.closed));
  for (const s of slow) {
    assert.match(s.received, /^HTTP\/1\.1 408 /);
    assert.match(s.received, /"code":"body_timeout"/);
  }
});

test('when every upload slot is taken, /readyz says 503 and a new request gets 503 overloaded at once', async () => {
  const slow = Array.from({ length: 6 }, () => rawConnection(uploadHead(100_000), 'x'));
  await until('six uploads in progress', async () => (await metricValue(server.url, 'ocr_uploads_in_progress')) === 6);
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 503);
  assert.equal(((await ready.json()) as { error: { code: string } }).error.code, 'overloaded');
  const e = await errorOf(await postImage(server.url, line.slice(), '?mode=line'));
  assert.deepEqual([e.status, e.code], [503, 'overloaded']);
  await Promise.all(slow.map((s) => s.closed));
  await until('the upload slots to free', async () => (await metricValue(server.url, 'ocr_uploads_in_progress')) === 0);
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
});

test('three mid-upload hang-ups add nothing to any 5xx series and log no error or stack', async () => {
  const before5xx = await serverErrors();
  const before499 = await metricOr0('ocr_http_requests_total{route="/api/ocr",status="499",code="client_closed"}');
  for (let i = 0; i < 3; i++) {
    const c = rawConnection(uploadHead(5000), 'x'.repeat(100));
    await until('the upload to start', async () => (await metricValue(server.url, 'ocr_uploads_in_progress')) === 1);
    c.sock.destroy();
    await until('the hang-up to be counted', async () => (await metricOr0('ocr_http_requests_total{route="/api/ocr",status="499",code="client_closed"}')) === before499 + i + 1);
  }
  assert.equal(await serverErrors(), before5xx);
  const hangUps = server.logs.filter((l) => l.code === 'client_closed');
  assert.ok(hangUps.length >= 3);
  for (const l of hangUps) {
    assert.equal(l.level, 30, 'logged at info');
    assert.equal(l.err, undefined, 'no error object, no stack');
  }
});

test('headers that trickle in get 408 after --header-timeout-ms and the connection closes', async () => {
  const c = rawConnection('POST /api/ocr HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await c.closed;
  assert.match(c.received, /^HTTP\/1\.1 408 /);
});

test('a damaged image is answered in our own words; the library text goes to the log only', async () => {
  const png = readImage(realPublic('page')[0]);
  const cut = png.slice(0, Math.floor(png.byteLength / 2));
  const res = await postImage(server.url, cut);
  const requestId = res.headers.get('x-request-id');
  const e = await errorOf(res);
  assert.deepEqual([e.status, e.code], [400, 'invalid_image']);
  assert.doesNotMatch(e.message, /vips|libpng|libjpeg|glib|premature|read error/i);
  const logged = await server.waitForLog((l) => l.requestId === requestId && l.msg === 'request');
  assert.equal(typeof logged.detail, 'string', 'the decoder\'s own message is in the log line');
});

test('headers: the page has its CSP and frame-ancestors, every answer nosniff, CORS only for the given origin, Host checked', async () => {
  const page = await fetch(`${server.url}/`);
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal((await fetch(`${server.url}/healthz`)).headers.get('x-content-type-options'), 'nosniff');

  const preflight = { method: 'OPTIONS', headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'POST' } };
  assert.equal((await fetch(`${server.url}/api/ocr`, preflight)).headers.get('access-control-allow-origin'), 'https://example.org');
  const other = await fetch(`${server.url}/api/info`, { headers: { Origin: 'https://evil.example' } });
  assert.notEqual(other.headers.get('access-control-allow-origin'), 'https://evil.example');

  const c = rawConnection('GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
  await c.closed;
  assert.match(c.received, /^HTTP\/1\.1 421 /);
  assert.match(c.received, /"code":"host_not_allowed"/);
});
