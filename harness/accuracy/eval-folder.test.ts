/**
 * `npm run eval -- --dataset DIR` on a plain folder of images with sidecar labels (no manifest): the
 * one dataset loader reads it, the engine reads every image, CER/F1 are printed. A folder it cannot use
 * is one line on stderr and exit 2.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const evalCli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'harness/accuracy/eval-cli.ts', ...args]);

test('eval scores a folder with sidecar labels; an empty folder is exit 2 on one line', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-evalfolder-'));
  try {
    const scans = path.join(dir, 'scans');
    await mkdir(path.join(scans, 'nested'), { recursive: true });
    const manifest = (await readFile('datasets/lines-500/manifest.jsonl', 'utf8')).trim().split('\n').slice(0, 3);
    for (const [i, line] of manifest.entries()) {
      const item = JSON.parse(line) as { file: string; text: string };
      const to = path.join(scans, i ? 'nested' : '', `l${i}${path.extname(item.file)}`);
      await copyFile(path.resolve('datasets/lines-500', item.file), to);
      await writeFile(to.replace(/\.[^.]+$/, '.txt'), `${item.text}\n`);
    }
    const ok = await evalCli(['--dataset', scans, '--out', path.join(dir, 'eval.json')]);
    assert.match(ok.stdout, /dataset scans \(3 items/);
    assert.match(ok.stdout, /ALL .* n=\s+3 .*page F1 \d\.\d{4}.*matched-line CER \d/);

    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await assert.rejects(evalCli(['--dataset', empty]), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.equal(e.stderr.trim().split('\n').length, 1, e.stderr);
      assert.match(e.stderr, /^error: --dataset .*empty: no images/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true });
  }
});
