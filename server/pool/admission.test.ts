import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmission } from './admission.ts';
import { OcrHttpError } from '../api-errors.ts';

const work = (ms: number, value: string) => () => sleep(ms).then(() => value);
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: OcrHttpError) => e.code);

test('runs up to concurrency at once, queues up to queue, rejects the rest at once with Retry-After', async () => {
  const a = createAdmission({ concurrency: 2, queue: 1 });
  const jobs = [1, 2, 3].map((i) => a.run(work(40, `j${i}`), 5000));
  assert.equal(a.running, 2);
  assert.equal(a.queued, 1);
  await assert.rejects(a.run(work(1, 'x'), 5000), (e: unknown) => {
    assert.ok(e instanceof OcrHttpError);
    assert.equal(e.status, 503);
    assert.equal(e.code, 'overloaded');
    assert.match(e.headers['Retry-After'], /^[1-9]\d*$/);
    return true;
  });
  // Immediate: refused while both slots and the queue are still taken (a job takes 40 ms, and no
  // timer runs before this line), not after waiting for one to free up. No clock: a busy machine
  // can delay any line by more than a bound would allow.
  assert.deepEqual([a.running, a.queued], [2, 1], 'the 503 is immediate');
  const done = await Promise.all(jobs);
  assert.deepEqual(done.map((d) => d.value), ['j1', 'j2', 'j3']);
  assert.ok(done[2].waitedMs >= 30, `third job waited ${done[2].waitedMs} ms for a slot`);
  assert.equal(a.running, 0);
});

test('a queued job past its deadline gets 504 and leaves the queue', async () => {
  const a = createAdmission({ concurrency: 1, queue: 5 });
  const first = a.run(work(80, 'long'), 5000);
  const queued = a.run(work(1, 'never'), 20);
  assert.equal(await codeOf(queued), 'deadline_exceeded');
  assert.equal(a.queued, 0);
  assert.equal((await first).value, 'long');
});

test('a running job past its deadline gets 504 but keeps its slot until it ends', async () => {
  const a = createAdmission({ concurrency: 1, queue: 0 });
  let finished = false;
  const slow = a.run(() => sleep(60).then(() => (finished = true)), 10);
  assert.equal(await codeOf(slow), 'deadline_exceeded');
  assert.equal(a.running, 1);
  assert.equal(await codeOf(a.run(work(1, 'x'), 1000)), 'overloaded');
  await a.idle();
  assert.equal(finished, true);
  assert.equal(await codeOf(a.run(work(1, 'x'), 1000)), 'ok');
});

test('a failing job passes its error through and frees its slot', async () => {
  const a = createAdmission({ concurrency: 1, queue: 0 });
  await assert.rejects(a.run(() => Promise.reject(new Error('boom')), 1000), /boom/);
  assert.equal(a.running, 0);
  assert.equal(await codeOf(a.run(work(1, 'x'), 1000)), 'ok');
});

test('idle() waits for running and queued work', async () => {
  const a = createAdmission({ concurrency: 1, queue: 2 });
  const order: string[] = [];
  void a.run(() => sleep(20).then(() => order.push('a')), 1000);
  void a.run(() => sleep(20).then(() => order.push('b')), 1000);
  await a.idle();
  order.push('idle');
  assert.deepEqual(order, ['a', 'b', 'idle']);
});

test('a queued job whose client went away leaves the queue; a running one is told to stop and keeps its slot until it does', async () => {
  const a = createAdmission({ concurrency: 1, queue: 5 });
  const running = new AbortController();
  let stopReason: unknown;
  let endRunning!: () => void;
  const first = a.run((stop) => {
    stop.addEventListener('abort', () => (stopReason = stop.reason));
    return new Promise<string>((r) => (endRunning = () => r('stopped')));
  }, 5000, running.signal);
  const gone = new AbortController();
  const queued = a.run(work(1, 'never'), 5000, gone.signal);
  assert.equal(a.queued, 1);
  gone.abort();
  assert.equal(await codeOf(queued), 'client_closed');
  assert.equal(a.queued, 0);
  running.abort();
  assert.equal(await codeOf(first), 'client_closed');
  assert.equal(stopReason, 'client_closed');
  assert.equal(a.running, 1, 'the slot is held until the job settles');
  assert.equal(a.open, true, 'the queue still has room');
  endRunning();
  await a.idle();
  assert.equal(a.running, 0);
});

test('a running job past its deadline is told to stop (reason deadline)', async () => {
  const a = createAdmission({ concurrency: 1, queue: 0 });
  let stopReason: unknown;
  const p = a.run((stop) => new Promise<string>((r) => stop.addEventListener('abort', () => { stopReason = stop.reason; r('stopped'); })), 20);
  assert.equal(a.open, false, 'no slot and no queue: a new request would be refused');
  assert.throws(() => a.assertOpen(), (e: unknown) => e instanceof OcrHttpError && e.code === 'overloaded' && /^[1-9]\d*$/.test(e.headers['Retry-After']));
  assert.equal(await codeOf(p), 'deadline_exceeded');
  await a.idle();
  assert.equal(stopReason, 'deadline');
});
