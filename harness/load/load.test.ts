/**
 * The executors against the scriptable fixture server (in this process). Every verdict here holds
 * however busy the machine is: counts, the planned schedule, invariants such as "never
 * more than maxInFlight outstanding" and "never sent before its time"; no rate or lag band that an
 * idle machine meets and a busy one misses.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { planArrivals } from '../plan/plan-arrivals.ts';
import { subSeed } from '../plan/random.ts';
import { freePort } from '../bench/start-server.ts';
import { startFixtureServer, type FixtureServer } from '../../test/support/fixture-server.ts';
import { runFixtureLoad } from '../../test/support/run-fixture-load.ts';

let fx: FixtureServer;
before(async () => (fx = await startFixtureServer()));
after(() => fx.close());

test('open model keeps its rate: every planned arrival is sent, on time', async () => {
  fx.setScript({ delayMs: 5 });
  const { stats, records } = await runFixtureLoad(`${fx.url}/api/ocr`, { name: 'open', rate: 100, duration: '3s', warmup: '0.5s', arrival: 'constant' });
  const [s] = stats;
  assert.equal(records.length, 300);
  assert.equal(s.requests.scheduled, 250);
  assert.equal(s.requests.sent, 250);
  assert.equal(s.requests.dropped, 0);
  // The rate is the plan's: one arrival every 10 ms, each sent at or after its time, never before.
  // How late is the machine's business (a shared 2-core machine holds timers back by tens of ms);
  // the self-check counts it, and every send it counts late did leave more than 10 ms late.
  assert.deepEqual(records.map((r) => r.scheduledAt).sort((a, b) => a - b), planArrivals({ durationMs: 3000, rate: 100, arrival: 'constant' }, subSeed(11, 0)));
  assert.ok(records.every((r) => r.sentAt! >= r.scheduledAt));
  assert.ok(s.requests.late <= records.filter((r) => !r.warmup && r.sentAt! - r.scheduledAt > 10).length);
});

test('open model with Poisson arrivals sends exactly the planned schedule', async () => {
  fx.setScript({ delayMs: 1 });
  const phase = { name: 'poisson', rate: 80, duration: '2s', warmup: 0, arrival: 'poisson' as const };
  const { records } = await runFixtureLoad(`${fx.url}/api/ocr`, phase);
  const plan = planArrivals({ durationMs: 2000, rate: 80, arrival: 'poisson' }, subSeed(11, 0));
  assert.deepEqual(records.map((r) => r.scheduledAt).sort((a, b) => a - b), plan);
});

test('a 1 s server stall shows in the corrected p99, not in the service time', async () => {
  fx.setScript({ delayMs: 1 });
  const stall = await runFixtureLoad(
    `${fx.url}/api/ocr`,
    { name: 'stall', rate: 200, duration: '4.5s', warmup: '0.5s', arrival: 'constant', connections: 4, maxInFlight: 2000 },
    { atMs: 2000, then: () => fx.stall(1000) },
  );
  const [s] = stall.stats;
  assert.ok(s.latency.count >= 662, `samples ${s.latency.count}`);
  assert.equal(s.requests.dropped, 0);
  assert.ok(s.correctedLatency!.p99! >= 800, `corrected p99 ${s.correctedLatency!.p99}`);
  // Only the 4 requests on the 4 connections when the stall began waited it out in service; the
  // arrivals behind them waited in the harness, which the corrected latency shows and the service
  // time does not (4 more allowed for the machine's own hiccups).
  const records = stall.records.filter((r) => !r.warmup && r.errorKind === null);
  const service = records.filter((r) => r.doneAt! - r.sentAt! >= 900).length;
  const corrected = records.filter((r) => r.doneAt! - r.scheduledAt >= 900).length;
  assert.ok(service >= 1 && service <= 8, `service >= 900 ms: ${service}`);
  assert.ok(corrected >= 20, `corrected >= 900 ms: ${corrected}`);
  assert.ok(s.latency.max! >= 900, `service max ${s.latency.max}`);
});

test('open model drops and counts arrivals beyond maxInFlight', async () => {
  fx.setScript({ delayMs: 300 });
  const { stats, records } = await runFixtureLoad(`${fx.url}/api/ocr`, { name: 'cap', rate: 100, duration: '1s', warmup: 0, arrival: 'constant', maxInFlight: 10, connections: 10 });
  const [s] = stats;
  assert.equal(s.requests.scheduled, 100);
  // 10 in flight for 300 ms at a time (about 40 sent, 60 dropped on an idle machine): never an
  // 11th outstanding, whatever the machine's speed.
  const sent = records.filter((r) => r.sentAt !== null);
  for (const r of sent) assert.ok(sent.filter((x) => x.sentAt! <= r.sentAt! && r.sentAt! < x.doneAt!).length <= 10, `outstanding at ${r.sentAt}`);
  assert.ok(s.requests.sent >= 10 && s.requests.dropped > 0, `sent ${s.requests.sent}, dropped ${s.requests.dropped}`);
  assert.equal(s.requests.sent + s.requests.dropped, 100);
  assert.equal(s.errors.byKind.dropped, s.requests.dropped);
});

test('errors are counted by kind: server codes, bare statuses, bad bodies', async () => {
  fx.setScript({
    delayMs: 2,
    responses: [
      { status: 200, body: { text: 'ok', lines: [{ text: 'ok' }] } },
      { status: 503, body: { error: { code: 'overloaded', message: 'busy' } } },
      { status: 413, body: { error: { code: 'image_too_large', message: 'big' } } },
      { status: 500, body: 'oops' },
      { status: 200, body: { nothing: true } },
    ],
  });
  const { stats, records } = await runFixtureLoad(`${fx.url}/api/ocr`, { name: 'errs', vus: 1, duration: '2s', warmup: 0 });
  fx.setScript({ responses: [{ status: 200, body: { text: 'hello' } }] });
  const [s] = stats;
  const n = records.length;
  // One user, 2 ms answers: hundreds on an idle machine; one round of the five is all this needs.
  assert.ok(n >= 5, `requests ${n}`);
  assert.deepEqual(Object.keys(s.errors.byKind).sort(), ['bad_response', 'http_500', 'image_too_large', 'overloaded']);
  for (const count of Object.values(s.errors.byKind)) assert.ok(Math.abs(count - n / 5) <= 1, JSON.stringify(s.errors.byKind));
  assert.equal(s.requests.ok + s.requests.errors, n);
  assert.equal(records.find((r) => r.errorKind === 'overloaded')?.status, 503);
});

test('transport failures: refused connections and timeouts', async () => {
  const port = await freePort();
  const refused = await runFixtureLoad(`http://127.0.0.1:${port}/api/ocr`, { name: 'refused', vus: 1, duration: '300ms', warmup: 0, thinkTime: '50ms' });
  assert.ok(refused.records.length >= 1);
  assert.deepEqual(refused.stats[0].errors.byKind, { connection_refused: refused.records.length });
  // undici's timers are coarse (about 1 s), so the server is much slower than the deadline.
  fx.setScript({ delayMs: 2500 });
  const slow = await runFixtureLoad(`${fx.url}/api/ocr`, { name: 'slow', vus: 2, duration: '300ms', warmup: 0, requestTimeout: '200ms' });
  assert.deepEqual(slow.stats[0].errors.byKind, { timeout: slow.records.length });
});
