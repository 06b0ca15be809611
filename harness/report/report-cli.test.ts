import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../server/exit-codes.ts';
import type { RunResults } from '../results/schema.ts';
import { main } from './report-cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'reports/fixtures/stepped-quick');
let dir: string;
let valid: string;

/** Runs `npm run report -- ...` as CI does (tsx in a child process) and returns its exit code and output. */
function report(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(root, 'harness/report/report-cli.ts'), ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, out: stdout + stderr }),
    );
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-report-cli-'));
  await cp(fixture, path.join(dir, 'invalid'), { recursive: true });
  // The same run as the harness would have judged it without its event-loop lag: a valid run.
  valid = path.join(dir, 'valid');
  await cp(fixture, valid, { recursive: true });
  const r = JSON.parse(await readFile(path.join(valid, 'results.json'), 'utf8')) as RunResults;
  r.validity = { verdict: 'VALID', reasons: [], advice: [], warnings: [] };
  await writeFile(path.join(valid, 'results.json'), JSON.stringify(r));
});
after(() => rm(dir, { recursive: true, force: true }));

test('exit codes of the real process: pass 0, thresholds failed 99, invalid run 3, harness error 1', async () => {
  const pass = await report(valid, '--no-scenario-thresholds', '--threshold', 'phase:10 p(50)<10000', '--threshold', 'phase:20 error_rate<0.01');
  assert.equal(pass.code, EXIT.OK, pass.out);
  assert.match(pass.out, /verdict: PASS \(exit 0\)/);

  const failed = await report(valid, '--threshold', 'qps>1000');
  assert.equal(failed.code, EXIT.THRESHOLDS_FAILED, failed.out);
  assert.match(failed.out, /\| `qps>1000` \| 2\.3\d* \|/);
  assert.match(failed.out, /\| `error_rate<0.01` \| 0\.2574 \|/, 'the scenario threshold is checked too');

  const invalid = await report(path.join(dir, 'invalid'));
  assert.equal(invalid.code, EXIT.INVALID, invalid.out);
  assert.match(invalid.out, /harness event-loop delay p99 reached 120 ms/);

  const missing = await report(path.join(dir, 'no-such-run'));
  assert.equal(missing.code, EXIT.FAILED, missing.out);
  assert.doesNotMatch(missing.out, /\n\s+at /, 'one line, no stack trace');
  assert.match(missing.out, /cannot read .*no-such-run/);
});

test('the report files are written into the run folder, or --out; a baseline of the same run passes', async () => {
  const lines: string[] = [];
  const code = await main([valid, '--no-scenario-thresholds', '--baseline', valid, '--tolerance', 'latency=0.3', '--out', path.join(dir, 'out')], (s) => lines.push(s));
  assert.equal(code, EXIT.OK, lines.join(''));
  for (const f of ['report.html', 'summary.md', 'junit.xml', 'summary.json']) assert.ok((await readFile(path.join(dir, 'out', f), 'utf8')).length > 100, f);
  const summary = JSON.parse(await readFile(path.join(dir, 'out', 'summary.json'), 'utf8'));
  assert.equal(summary.verdict, 'PASS');
  assert.ok(summary.baseline.comparison.length > 0);
});

test('bad input: one line on stderr, exit 2 for bad flags and 1 for unreadable runs, never a crash', async () => {
  const U = EXIT.USAGE;
  const F = EXIT.FAILED;
  const cases: { args: string[]; want: RegExp; code: number }[] = [
    { args: [], want: /give one run folder/, code: U },
    { args: [valid, 'extra'], want: /give one run folder/, code: U },
    { args: [valid, '--threshold', 'p95<1'], want: /bad --threshold: threshold "p95<1": unknown metric/, code: U },
    { args: [valid, '--min-phase-seconds', 'soon'], want: /--min-phase-seconds must be a number/, code: U },
    { args: [valid, '--colour'], want: /Unknown option '--colour'/, code: U },
    { args: [path.join(valid, 'requests.jsonl')], want: /is not a valid results.json|cannot read/, code: F },
    { args: ['--from-k6', path.join(valid, 'results.json')], want: /is not a k6 summary/, code: F },
    { args: [valid, '--baseline', path.join(dir, 'nope')], want: /cannot read .*nope/, code: F },
    { args: [valid, '--tolerance', 'latency'], want: /--tolerance latency: expected latency=<number >= 0>/, code: U },
    { args: [valid, '--tolerance', 'speed=2', '--tolerance', 'qps=-1'], want: /unknown key "speed".*; --tolerance qps=-1: expected/, code: U },
  ];
  for (const c of cases) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(c.args, (s) => stdout.push(s), (s) => stderr.push(s));
    assert.equal(code, c.code, `${c.args.join(' ')}: ${stderr.join('')}`);
    assert.match(stderr.join(''), c.want, c.args.join(' '));
    assert.equal(stderr.join('').trimEnd().split('\n').length, 1, `one line: ${stderr.join('')}`);
    assert.equal(stdout.join(''), '', 'errors go to stderr');
  }
});

test('--from-k6 renders a k6 summary and gates its thresholds', async () => {
  const out = path.join(dir, 'k6');
  const lines: string[] = [];
  const code = await main(['--from-k6', path.join(root, 'reports/fixtures/k6-summary.json'), '--out', out], (s) => lines.push(s));
  assert.equal(code, EXIT.INVALID, lines.join(''));
  assert.match(lines.join(''), /note: converted from a k6 summary/);
  assert.ok((await readFile(path.join(out, 'report.html'), 'utf8')).includes('k6 end-of-test summary'));
});
