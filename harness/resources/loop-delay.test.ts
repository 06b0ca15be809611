import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateness, watchLoopDelay } from './loop-delay.ts';

test('lateness: the tick interval minus the resolution, never below 0', () => {
  assert.equal(lateness(10e6), 0);
  assert.equal(lateness(9.1e6), 0);
  assert.equal(lateness(35e6), 25);
  assert.equal(lateness(35e6, 20), 15);
});

test('watchLoopDelay sees a blocked loop, minus the resolution', async () => {
  const d = watchLoopDelay();
  await new Promise((r) => setTimeout(r, 50));
  d.reset();
  await new Promise((r) => setTimeout(r, 30));
  const end = performance.now() + 120;
  while (performance.now() < end); // block the loop for 120 ms
  await new Promise((r) => setTimeout(r, 30));
  const { max } = d.read();
  d.disable();
  // The block is at least 120 ms whatever else the machine does; a busy machine only adds to it.
  assert.ok(max >= 100, `max ${max}`);
});
