/**
 * SIGTERM while a worker is stuck: the server waits --shutdown-timeout-ms for in-flight work, then
 * stops the workers at once and exits 4 (DRAIN_TIMEOUT). Before, the pool's close waited for the hung
 * task through piscina's own 30 s closeTimeout, so the process outlived its deadline by half a minute
 * and the helper's 20 s SIGKILL (exit null) ended it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricValue, postImage, readImage, realPublic, startServer, until } from '../support/server-process.ts';
import { EXIT } from '../../server/exit-codes.ts';

test('SIGTERM with a hung request: exits 4 (DRAIN_TIMEOUT) once --shutdown-timeout-ms has passed, not after the hung task', async () => {
  const server = await startServer(['--workers', '1', '--worker-concurrency', '1', '--task-timeout-ms', '600000', '--deadline-ms', '600000', '--shutdown-timeout-ms', '500', '--debug-faults', 'true', '--cache', 'off']);
  try {
    const hung = postImage(server.url, readImage(realPublic('page')[0]), '', { 'x-ocr-debug-fault': 'hang' }).catch(() => null);
    await until('the hung request to reach the worker', async () => (await metricValue(server.url, 'ocr_in_flight')) === 1);
    assert.equal(await server.stop('SIGTERM'), EXIT.DRAIN_TIMEOUT);
    await hung;
  } finally {
    await server.stop('SIGKILL');
  }
});
