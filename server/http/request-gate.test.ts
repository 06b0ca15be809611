import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { requestGate } from './request-gate.ts';
import { errorBody, toHttpError } from '../api-errors.ts';

test('upload slots refuse past their limit before the body is read, and free on answer or error', async () => {
  const gate = requestGate(1);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let reads = 0;
  const app = new Hono();
  app.post('/x', gate, async (c) => {
    await gate.upload(async () => {
      reads++;
      if (c.req.query('fail')) throw new Error('boom');
      await held;
    });
    return c.json({ ok: true });
  });
  app.onError((e, c) => {
    const { error } = toHttpError(e);
    for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
    return c.json(errorBody(error), error.status as 503);
  });

  const first = app.request('/x', { method: 'POST', body: 'a' });
  await new Promise((r) => setImmediate(r));
  assert.equal(gate.inProgress, 1);
  assert.equal(gate.uploading, 1);
  assert.equal(gate.uploadsOpen, false);
  const second = await app.request('/x', { method: 'POST', body: 'b' });
  assert.equal(second.status, 503);
  assert.equal(second.headers.get('retry-after'), '1');
  assert.deepEqual(((await second.json()) as { error: { code: string } }).error.code, 'overloaded');
  assert.equal(reads, 1, 'the refused request never read its body');
  release();
  assert.equal((await first).status, 200);
  assert.equal(gate.inProgress, 0);
  assert.equal(gate.uploading, 0);
  assert.equal((await app.request('/x?fail=1', { method: 'POST', body: 'c' })).status, 500);
  assert.equal(gate.inProgress + gate.uploading, 0, 'freed after an error too');
});
