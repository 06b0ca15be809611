import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const evalCli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'harness/accuracy/eval-cli.ts', ...args]);

describe('npm run eval: engine knobs', () => {
  for (const bad of ['0', '-1', 'abc']) {
    it(`--space-weight ${bad} is a usage error (exit 2), not a silent default`, async () => {
      await assert.rejects(evalCli(['--dataset', 'datasets/real-public', '--space-weight', bad]), (e: { code: number; stderr: string }) => {
        assert.equal(e.code, 2);
        assert.match(e.stderr, /--space-weight/);
        return true;
      });
    });
  }

  for (const flag of ['--letter-digit-min-p', '--times-sign-min-p', '--reread-below']) {
    for (const bad of ['-0.1', '1.5', 'abc', '']) {
      it(`${flag} "${bad}" is a usage error (exit 2)`, async () => {
        await assert.rejects(evalCli(['--dataset', 'datasets/real-public', `${flag}=${bad}`]), (e: { code: number; stderr: string }) => {
          assert.equal(e.code, 2);
          assert.match(e.stderr, new RegExp(flag));
          return true;
        });
      });
    }
  }

  it('--reread-pages takes off, han or all: anything else is a usage error (exit 2)', async () => {
    await assert.rejects(evalCli(['--dataset', 'datasets/real-public', '--reread-pages', 'true']), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr, /--reread-pages: want one of off, han, all/);
      return true;
    });
  });

  it('an unknown flag is a usage error (exit 2), not a stack trace', async () => {
    await assert.rejects(evalCli(['--dataset', 'datasets/real-public', '--no-such-flag']), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.doesNotMatch(e.stderr, /at .*parse_args/);
      return true;
    });
  });

  it('--space-weight, --letter-digit-min-p, --times-sign-min-p and --reread-below reach the engine and the report says which ran', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'eval-cli-'));
    try {
      const out = path.join(dir, 'r.json');
      await evalCli(['--dataset', 'datasets/real-public', '--limit', '1', '--space-weight', '1.5', '--letter-digit-min-p', '0', '--times-sign-min-p', '0.5', '--reread-below', '0.5', '--reread-pages', 'all', '--out', out]);
      const r = JSON.parse(await readFile(out, 'utf8'));
      assert.equal(r.engine.recSpaceWeight, 1.5);
      assert.equal(r.engine.recLetterDigitMinP, 0);
      assert.equal(r.engine.recTimesSignMinP, 0.5);
      assert.equal(r.engine.recRereadBelow, 0.5);
      assert.equal(r.engine.recRereadPages, 'all');
      assert.equal(r.overall.n, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
