import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const models = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'research/quantize/cli.ts', ...args]);
const usageError = (pattern: RegExp) => (e: { code: number; stderr: string }) => {
  assert.equal(e.code, 2);
  assert.match(e.stderr, pattern);
  assert.doesNotMatch(e.stderr, /\n\s+at /, 'a usage error prints its message, not a stack trace');
  return true;
};

describe('npm run models: usage errors exit 2 with a message', () => {
  it('an unknown command', async () => {
    await assert.rejects(models(['nope']), usageError(/unknown command or option 'nope'/));
  });
  it('a bare quantize starts nothing: it would overwrite the committed int8 files', async () => {
    await assert.rejects(models(['quantize']), usageError(/quantize needs --models/));
  });
  it('quantize with a bad --range rule', async () => {
    await assert.rejects(models(['quantize', '--models', 'rec', '--range', 'p2o.Add.95=max']), usageError(/range rule 'max'/));
    await assert.rejects(models(['quantize', '--models', 'rec', '--range', 'no-rule']), usageError(/expected tensor=rule/));
  });
  it('sensitivity with a bad --range rule', async () => {
    await assert.rejects(models(['sensitivity', '--stats', 'x.json', '--range', 'a=p0']), usageError(/range rule 'p0'/));
  });
});
