import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { HistoryDb } from '../history/history-db.ts';
import { ciPerfGate } from './ci-perf-gate.ts';

/**
 * The gate end to end with tiny blocks: real servers (base HEAD, head the working tree), real requests.
 * Timing verdicts are not asserted (a busy machine decides those); one block makes one pair, which is too
 * few for an interval by construction, so the verdict is INVALID (exit 3) whatever the timing.
 */
let dir: string;
const saved = process.env.OCRBENCH_HISTORY_DB;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-gate-'));
  process.env.OCRBENCH_HISTORY_DB = path.join(dir, 'history.db');
});
after(async () => {
  if (saved === undefined) delete process.env.OCRBENCH_HISTORY_DB;
  else process.env.OCRBENCH_HISTORY_DB = saved;
  await rm(dir, { recursive: true, force: true });
});

async function gate(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const err: string[] = [];
  let out = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await ciPerfGate(args, (s) => void (out += s));
    return { code, out, err };
  } finally {
    process.stderr.write = write;
  }
}

test('bad arguments: exit 2 (usage) and one line on stderr', async () => {
  for (const args of [['--blocks', '0'], ['--burns', '2,x'], ['--nope']]) {
    const r = await gate(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.length, 1, r.err.join(''));
    assert.match(r.err[0], /^error: .*\(see npm run gate -- --help\)\n$/);
  }
});

test('an unknown base revision is a harness error in one line', { timeout: 300_000 }, async () => {
  const r = await gate(['--base', 'no-such-rev-26', '--out', path.join(dir, 'bad')]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.err, ['gate: --base no-such-rev-26: no such commit\n']);
});

test('a one-block gate runs base and head side by side, says INVALID (one pair) and records the run', { timeout: 900_000 }, async () => {
  const out = path.join(dir, 'run');
  const r = await gate(['--base', 'HEAD', '--blocks', '1', '--light-images', '2', '--saturate-s', '2', '--out', out]);
  assert.equal(r.code, 3, r.out + r.err.join(''));
  assert.match(r.out, /block 1\/1 base .*\nblock 1\/1 head /);
  const report = JSON.parse(await readFile(path.join(out, 'gate.json'), 'utf8'));
  assert.equal(report.verdict, 'INVALID');
  assert.equal(report.pairs, 1);
  assert.deepEqual(report.blocks.map((b: { side: string }) => b.side), ['base', 'head']);
  for (const b of report.blocks) {
    assert.equal(b.images, 2);
    assert.equal(b.errors, 0);
    assert.ok(b.figures.cpuPerImage > 0 && b.figures.serviceMean > 0 && b.figures.peakRss > 0 && b.figures.capacity > 0);
    // Linux with taskset and two cores or more: the light pass ran with the servers on one core.
    if (process.platform === 'linux' && availableParallelism() > 1) assert.equal(b.pinned, true);
  }
  assert.match(await readFile(path.join(out, 'summary.md'), 'utf8'), /^# CI gate: INVALID/);
  const db = new HistoryDb(process.env.OCRBENCH_HISTORY_DB!);
  const runs = db.runs();
  db.close();
  assert.equal(runs.length, 1);
  assert.equal(runs[0].kind, 'gate');
  assert.equal(runs[0].verdict, 'INVALID');
});

test('a one-trial calibration runs every arm in each block and tallies every condition', { timeout: 900_000 }, async () => {
  const out = path.join(dir, 'cal');
  const r = await gate(['--calibrate', '--trials', '1', '--burns', '10', '--blocks', '2', '--light-images', '2', '--saturate-s', '2', '--prime-s', '0', '--out', out]);
  assert.equal(r.code, 0, r.out + r.err.join(''));
  // Base, A/A and +10% alive in each block; the +10% arm runs the light pass only (no capacity).
  assert.match(r.out, /block 1\/2 base .*\nblock 1\/2 A\/A .*\nblock 1\/2 \+10% .*\nblock 2\/2 base /);
  assert.doesNotMatch(r.out.split('\n').filter((l) => l.startsWith('block') && l.includes('+10%')).join('\n'), /img\/s/);
  const cal = JSON.parse(await readFile(path.join(out, 'calibration.json'), 'utf8'));
  assert.deepEqual(cal.rows.map((row: { condition: string; trials: number }) => [row.condition, row.trials]), [['A/A (no change)', 1], ['+10% CPU injected', 1]]);
  for (const trial of Object.values(cal.trials) as { blocks: { side: string }[] }[][]) assert.deepEqual(trial[0].blocks.map((b) => b.side), ['base', 'head', 'base', 'head']);
  assert.match(await readFile(path.join(out, 'calibration.md'), 'utf8'), /\| \+10% CPU injected \| 1 \|/);
});
