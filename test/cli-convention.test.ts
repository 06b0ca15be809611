/**
 * Every npm script follows the one CLI convention (docs/guides/cli.md): `--help` exits 0 and ends with
 * the shared exit-code table, word for word; a bogus flag is ONE line on stderr, exit 2, no stack trace.
 * The scripts are read from package.json, so a new one is checked without editing this file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT, exitCodeTable } from '../server/exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>);

/** Scripts the convention cannot apply to, and why. */
const SKIP: Record<string, string> = {
  test: 'runs tsc and the whole suite (this file included); it takes no flags of ours',
  'test:only': 'passes its arguments to node --test, whose flags are node\'s',
  typecheck: 'is tsc itself; its flags and help are TypeScript\'s',
};

function npmRun(name: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('npm', ['run', '-s', name, '--', ...args], { cwd: root, timeout: 180_000, env: { ...process.env, OCRBENCH_DEBUG: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}

test('every script is either checked or skipped with a reason', () => {
  for (const s of Object.keys(SKIP)) assert.ok(scripts.includes(s), `SKIP names ${s}, which package.json no longer has`);
  assert.ok(scripts.filter((s) => !SKIP[s]).length >= 10);
});

test('docs/guides/cli.md carries the exit-code table word for word', () => {
  const guide = readFileSync(path.join(root, 'docs/guides/cli.md'), 'utf8');
  assert.ok(guide.includes(exitCodeTable()), 'paste the output of exitCodeTable() into docs/guides/cli.md');
});

for (const name of scripts.filter((s) => !SKIP[s])) {
  test(`npm run ${name}: --help exits 0 with the exit-code table; a bogus flag is one line and exit 2`, async () => {
    const help = await npmRun(name, ['--help']);
    assert.equal(help.code, EXIT.OK, `--help: ${help.stderr}`);
    assert.ok(help.stdout.includes(exitCodeTable()), `--help ends with the shared exit-code table:\n${help.stdout}`);
    assert.match(help.stdout, /Examples:\n {2}npm /, '--help gives examples');

    const bad = await npmRun(name, ['--no-such-flag-xyz']);
    assert.equal(bad.code, EXIT.USAGE, `bogus flag: ${bad.stderr}`);
    const lines = bad.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line on stderr, got:\n${bad.stderr}`);
    assert.match(lines[0], /^error: .*no-such-flag-xyz/);
    assert.doesNotMatch(bad.stderr, /^\s+at /m, 'no stack trace');
  });
}
