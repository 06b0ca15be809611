/**
 * The performance-regression gate the project runs on itself in CI:
 *
 *   npx tsx harness/gate/ci-perf-gate.ts            # bench the embedded server, gate against the committed baseline
 *   npx tsx harness/gate/ci-perf-gate.ts --refresh  # bench and make this run the new baseline (commit the folder)
 *
 * It runs the `smoke` scenario (2 users, 30 s, page mode) on the committed mixed-500 pages: light enough that
 * a 2-core CI machine is not overloaded, so latency reflects the server and not a queue. The comparison
 * uses wide ratio tolerances that a shared, noisy machine holds run to run, plus the bootstrap interval
 * from per-request samples, so only a real slowdown (roughly 1.5x and up) fails the build.
 * Exit codes are the gate's (README, "Exit codes").
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as report } from '../report/report-cli.ts';
import { EXIT } from './exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every setting of the CI gate in one place. */
export const CI_GATE = {
  baselineDir: path.join(root, 'reports/fixtures/ci-baseline'),
  benchArgs: ['--scenario', 'smoke', '--dataset', 'mixed-500', '--accuracy-samples', '8'],
  /** Run-to-run drift on a shared 2-core machine reaches ~30% on latency; these leave room above it. */
  tolerances: ['latency=0.5', 'qps=0.3', 'cpu=0.6', 'rss=0.4', 'error_rate=0.02', 'accuracy=0.02'],
};

function bench(out: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'harness/cli/bench.ts'), ...CI_GATE.benchArgs, '--out', out], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? EXIT.harnessError));
    child.on('error', () => resolve(EXIT.harnessError));
  });
}

export async function ciPerfGate(argv: string[]): Promise<number> {
  const refresh = argv.includes('--refresh');
  const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-ci-gate-'));
  try {
    const run = path.join(dir, 'run');
    const code = await bench(run);
    // The bench exits 3 for an invalid run and still writes it; the gate below says INVALID with reasons.
    if (code !== EXIT.pass && code !== EXIT.invalidRun) {
      process.stdout.write(`ci-perf-gate: the bench failed (exit ${code})\n`);
      return EXIT.harnessError;
    }
    if (refresh) {
      await rm(CI_GATE.baselineDir, { recursive: true, force: true });
      await cp(path.join(run, 'results.json'), path.join(CI_GATE.baselineDir, 'results.json'));
      await cp(path.join(run, 'requests.jsonl'), path.join(CI_GATE.baselineDir, 'requests.jsonl'));
      process.stdout.write(`ci-perf-gate: new baseline in ${CI_GATE.baselineDir}; review its report and commit the folder\n`);
      return await report([CI_GATE.baselineDir, '--out', path.join(root, 'reports/ci-perf-gate')]);
    }
    // await here: the finally below removes the run folder.
    return await report([run, '--baseline', CI_GATE.baselineDir, ...CI_GATE.tolerances.flatMap((t) => ['--tolerance', t]), '--out', path.join(root, 'reports/ci-perf-gate')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('ci-perf-gate.ts')) {
  ciPerfGate(process.argv.slice(2)).then((code) => process.exit(code));
}
