import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBatcher, type BatchInfo } from './batcher.ts';

/** A real batch function: doubles numbers, records each batch, tracks concurrency, fails on 13. */
function doubler(delayMs = 0) {
  const batches: number[][] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (items: number[]) => {
    active++;
    maxActive = Math.max(maxActive, active);
    batches.push([...items]);
    if (delayMs) await sleep(delayMs);
    active--;
    if (items.includes(13)) throw new Error('unlucky');
    return items.map((x) => x * 2);
  };
  return { run, batches, maxActive: () => maxActive };
}

test('flushes as soon as maxBatch items wait, the rest after maxWaitMs', async () => {
  const d = doubler();
  const infos: BatchInfo[] = [];
  const b = createBatcher({ maxBatch: 4, maxWaitMs: 30, run: d.run, onBatch: (i) => infos.push(i) });
  const [a, c, e] = await Promise.all([b.submit([1, 2]), b.submit([3]), b.submit([4, 5, 6])]);
  assert.deepEqual(a, [2, 4]);
  assert.deepEqual(c, [6]);
  assert.deepEqual(e, [8, 10, 12]);
  assert.deepEqual(d.batches, [[1, 2, 3, 4], [5, 6]]);
  assert.deepEqual(infos.map((i) => [i.size, i.callers]), [[4, 3], [2, 1]]);
  assert.ok(infos[1].waitedMs >= 25, `second batch waited ${infos[1].waitedMs} ms`);
});

test('merges items that arrive within maxWaitMs of the first', async () => {
  const d = doubler();
  const b = createBatcher({ maxBatch: 100, maxWaitMs: 40, run: d.run });
  const first = b.submit([1]);
  await sleep(5);
  const second = b.submit([2, 3]);
  assert.deepEqual(await Promise.all([first, second]), [[2], [4, 6]]);
  assert.deepEqual(d.batches, [[1, 2, 3]]);
});

test('runs one batch at a time; items arriving during a run form the next batch', async () => {
  const d = doubler(30);
  const b = createBatcher({ maxBatch: 8, maxWaitMs: 0, run: d.run });
  const p1 = b.submit([1]);
  await sleep(5);
  const p2 = b.submit([2]);
  const p3 = b.submit([3]);
  assert.equal(b.pending, 2);
  assert.deepEqual(await Promise.all([p1, p2, p3]), [[2], [4], [6]]);
  assert.deepEqual(d.batches, [[1], [2, 3]]);
  assert.equal(d.maxActive(), 1);
  assert.equal(b.pending, 0);
});

test('a failed run rejects only the callers in it, and the batcher keeps working', async () => {
  const d = doubler();
  const b = createBatcher({ maxBatch: 2, maxWaitMs: 0, run: d.run });
  const bad = b.submit([13, 1, 2]); // spans two batches: [13, 1] fails, so [2] is dropped
  const good = b.submit([7]);
  await assert.rejects(bad, /unlucky/);
  assert.deepEqual(await good, [14]);
  assert.deepEqual(await b.submit([5]), [10]);
  assert.ok(!d.batches.some((batch) => batch.includes(2)), `dropped item ran: ${JSON.stringify(d.batches)}`);
});

test('empty submit resolves at once; a run returning the wrong count rejects', async () => {
  const b = createBatcher<number, number>({ maxBatch: 4, maxWaitMs: 0, run: async (items) => items.slice(1) });
  assert.deepEqual(await b.submit([]), []);
  await assert.rejects(b.submit([1, 2]), /returned 1 results for 2 items/);
});

test('rejects a maxBatch below 1', () => {
  assert.throws(() => createBatcher({ maxBatch: 0, maxWaitMs: 0, run: async (x: number[]) => x }), RangeError);
});

test('maxTake lets one run take everything pending while maxBatch still triggers the flush', async () => {
  const d = doubler(20);
  const b = createBatcher({ maxBatch: 2, maxTake: Infinity, maxWaitMs: 1000, run: d.run });
  const first = b.submit([1, 2]); // full at once: runs [1, 2]
  const rest = [b.submit([3]), b.submit([4]), b.submit([5, 6, 7])]; // wait for the run, then all go together
  assert.deepEqual(await Promise.all([first, ...rest]), [[2, 4], [6], [8], [10, 12, 14]]);
  assert.deepEqual(d.batches, [[1, 2], [3, 4, 5, 6, 7]]);
});
