import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import sharp from 'sharp';

/** The real CLI process, as `npm run datasets --` runs it. */
const cli = path.join(import.meta.dirname, 'cli.ts');
async function run(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-cli-'));
  await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).png().toFile(path.join(dir, 'a.png'));
  const item = { id: 'a', file: 'a.png', kind: 'line', category: 'printed', lang: 'en', text: 'Hi', width: 40, height: 20, source: 't', license: 'CC0-1.0' };
  await writeFile(path.join(dir, 'manifest.jsonl'), [JSON.stringify(item), JSON.stringify({ ...item, id: 'b', height: 21 }), 'nope'].join('\n') + '\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('validate prints each problem with its line and exits 1', async () => {
  const { code, out } = await run('validate', dir);
  assert.equal(code, 1);
  assert.match(out, /line 2: \[wrong-size\]/);
  assert.match(out, /line 3: \[bad-json\]/);
});

test('validate of a good set exits 0; hash prints 64 hex digits', async () => {
  assert.equal((await run('validate', 'real-public')).code, 0);
  assert.match((await run('hash', 'real-public')).out, /^[0-9a-f]{64}\n$/);
});

test('stats of a broken set is a listed error, not a crash; usage errors exit 2', async () => {
  const stats = await run('stats', dir);
  assert.equal(stats.code, 1);
  assert.match(stats.out, /2 problem\(s\)/);
  assert.equal((await run('frobnicate')).code, 2);
  assert.equal((await run('generate', 'no-such-set')).code, 2);
  assert.equal((await run('generate', 'lines-500', '--seed', 'x')).code, 2);
  assert.equal((await run('validate', '--bogus')).code, 2);
});
