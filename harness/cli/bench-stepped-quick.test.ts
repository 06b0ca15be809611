/**
 * The acceptance run, for CI: `npm run bench -- --phases stepped --quick` on the real embedded OCR
 * server, end to end (about 100 s idle; several minutes on a busy machine, hence the generous
 * timeout). Falls back to real-public only while mixed-500 is not committed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestRecord } from '../load/request-record.ts';
import { validateResults } from '../results/schema.ts';
import { EXIT } from '../../server/exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('npm run bench -- --phases stepped --quick runs end to end on the real server', { timeout: 900_000 }, async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-stepped-'));
  const args = ['run', 'bench', '--', '--phases', 'stepped', '--quick', '--out', out];
  if (!existsSync(path.join(root, 'datasets/mixed-500/manifest.jsonl'))) args.push('--dataset', 'real-public');
  const child = spawn('npm', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Every run is gated: PASS, FAIL (the seed's SLO missed at a step, or errors when 60 users overload
  // 2 cores) and INVALID (only a starved harness on a busy machine) are all complete runs; a harness
  // failure is not. --quick keeps every phase over the gate's 10 s minimum, so that is never the reason.
  assert.ok([EXIT.OK, EXIT.INVALID, 99].includes(code as number), `exit ${code}\n${output.slice(-3000)}`);
  assert.doesNotMatch(output, /under the 10 s minimum/);
  // The summary leads with the capacity at the seed's SLO, and a missed SLO is never a bare PASS.
  assert.match(output, /^capacity at SLO \(p95<1200,errors<1%\): (none|\d+ users \()/m);
  if (/SLO: missed/.test(output)) assert.notEqual(code, EXIT.OK);
  for (const f of ['report.html', 'junit.xml', 'summary.md']) assert.ok(existsSync(path.join(out, f)), `${f} written`);

  const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
  const check = validateResults(results);
  assert.ok(check.ok, check.ok ? '' : check.problems.join('\n'));
  assert.equal(results.status, 'complete');
  assert.deepEqual(results.phases.map((p: { vus: number }) => p.vus), [10, 20, 40, 60]);
  for (const p of results.phases) assert.ok(p.measuredMs >= 10_000, `${p.name}: measured ${p.measuredMs} ms`);
  assert.equal(results.slo.phases.length, 4);
  // The server may answer 504 past its deadline at any step when the machine is busy (a CPU hog
  // leaves the niced server a tenth of the cores): the server's behaviour to report, not a harness
  // failure. Harness-side kinds would be. How long the run took is the machine's business too.
  const [first] = results.phases;
  assert.ok(first.requests.ok > 0, `10 users: ${JSON.stringify(first.requests)} ${JSON.stringify(first.errors)}`);
  for (const p of results.phases) {
    assert.ok(p.requests.sent > 0, `${p.name}: nothing sent`);
    for (const kind of Object.keys(p.errors.byKind)) assert.ok(!['bad_response', 'network', 'connection_refused', 'connection_reset'].includes(kind), `${p.name}: ${kind}`);
    if (p.requests.ok > 0) {
      assert.ok(p.accuracy && p.accuracy.scored > 0, `${p.name}: not scored`);
      assert.ok(p.breakdown.samples > 0 && p.breakdown.stages.detect !== undefined, `${p.name}: no Server-Timing stages`);
    }
    assert.ok(p.resources.samples > 0 && p.resources.serverRssMax > 0);
  }
  // The embedded server answered as the OCR engine: real models, with their hashes.
  assert.deepEqual(results.models.map((m: { role: string }) => m.role).sort(), ['cls', 'det', 'rec']);
  assert.ok(results.server.coldStartMs > 0);
  assert.ok(results.baseline.accuracy.scored > 0);
  const records = (await readFile(path.join(out, 'requests.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RequestRecord);
  assert.ok(records.some((r) => r.errorKind === null && (r.text ?? '').length > 0));
  assert.match(output, /peak QPS/);
  // The server was stopped.
  assert.throws(() => process.kill(results.server.pid, 0));
  await rm(out, { recursive: true });
});
