/**
 * The embedded server's process environment: SERVER_ENV unless the caller's environment sets the same
 * variable (read back from /proc, what the started process really has).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_ENV, startServer } from './start-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const environ = (pid: number) => new Map(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

test('the server starts with SERVER_ENV, and a variable the caller set wins', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-start-'));
  const command = [process.execPath, '--import', 'tsx', 'test/support/fixture-server.ts'];
  const saved = process.env.MALLOC_ARENA_MAX;
  try {
    delete process.env.MALLOC_ARENA_MAX;
    const a = await startServer({ cwd: root, command, logPath: path.join(dir, 'a.log') });
    assert.equal(environ(a.pid).get('MALLOC_ARENA_MAX'), SERVER_ENV.MALLOC_ARENA_MAX);
    await a.stop();
    process.env.MALLOC_ARENA_MAX = '4';
    const b = await startServer({ cwd: root, command, logPath: path.join(dir, 'b.log') });
    assert.equal(environ(b.pid).get('MALLOC_ARENA_MAX'), '4');
    await b.stop();
  } finally {
    if (saved === undefined) delete process.env.MALLOC_ARENA_MAX;
    else process.env.MALLOC_ARENA_MAX = saved;
    await rm(dir, { recursive: true });
  }
});
