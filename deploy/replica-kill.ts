/**
 * `npm run fault:replica-kill [-- --replicas 2 --at 0.5 --scale X]`: starts a cluster (deploy/
 * start-cluster.ts), runs `npm run bench -- --scenario replica-kill` against its balancer with
 * `--metrics` on every replica, SIGKILLs one replica when the given share of the load has run, stops
 * the cluster, and prints where in time the errors fell relative to the kill (also `fault.json` in
 * the run folder). Exit code: the bench's, or 1 when errors fell outside the window around the kill.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunResults } from '../harness/results/schema.ts';
import { cliProgram, exitOnError, UsageError } from '../server/cli/convention.ts';
import { errorsAroundKill } from './fault-window.ts';
import { ROOT, startCluster } from './start-cluster.ts';

const program = cliProgram('fault:replica-kill', 'Start a cluster, load it, SIGKILL one replica mid-run, and show where the errors fell.', [
  'npm run fault:replica-kill',
  'npm run fault:replica-kill -- --replicas 3 --at 0.3 --scale 0.5',
])
  .option('--replicas <n>', 'server processes (at least 2)', '2')
  .option('--at <share>', 'share of the load (0..1) after which one replica is killed', '0.5')
  .option('--scale <x>', 'multiply the load duration (60 s at 1)')
  .option('--out <dir>', 'run folder (default reports/<time>-replica-kill)');
try {
  program.parse();
} catch (e) {
  exitOnError('fault:replica-kill', e);
}
const values = program.opts<{ replicas: string; at: string; scale?: string; out?: string }>();
const replicas = Number(values.replicas);
const at = Number(values.at);
if (!(Number.isInteger(replicas) && replicas >= 2 && at > 0 && at < 1)) exitOnError('fault:replica-kill', new UsageError('--replicas takes an integer >= 2 and --at a share between 0 and 1'));
if (values.scale !== undefined && !(Number(values.scale) > 0)) exitOnError('fault:replica-kill', new UsageError(`--scale takes a number > 0, got "${values.scale}"`));
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const outDir = path.resolve(values.out ?? path.join(ROOT, 'reports', `${stamp}-replica-kill`));
const logDir = path.join(outDir, 'cluster');
await mkdir(logDir, { recursive: true });

process.stdout.write(`starting a ${replicas}-replica cluster (logs in ${logDir}) ...\n`);
const cluster = await startCluster({ replicas, logDir });
// Ctrl-C: the bench (same process group) writes what it measured and exits; the cluster stops below.
// A second signal stops the cluster at once.
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void (++signals > 1 && cluster.stop().finally(() => process.exit(130))));
let code = 1;
let killedAt: number | null = null;
let victim: string | null = null;
try {
  const scale = values.scale ? Number(values.scale) : 1;
  const loadMs = 60_000 * scale;
  const args = ['--import', 'tsx', 'harness/cli/bench.ts', '--scenario', 'replica-kill', '--target', `${cluster.url}/api/ocr`, ...cluster.replicas.flatMap((r) => ['--metrics', r.metricsUrl]), '--accuracy-samples', '0', '--out', outDir, ...(values.scale ? ['--scale', values.scale] : [])];
  const bench = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let loadStart: number | null = null;
  bench.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    process.stdout.write(chunk);
    // The bench prints this as its load starts (run time ~0); the kill is timed from here.
    if (loadStart === null && chunk.includes('server metrics from')) {
      loadStart = performance.now();
      setTimeout(() => {
        const v = cluster.killReplica();
        killedAt = performance.now() - loadStart!;
        victim = v?.name ?? null;
        process.stdout.write(`\n>>> killed replica ${victim} at ~${(killedAt / 1000).toFixed(1)} s into the load\n`);
      }, loadMs * at);
    }
  });
  code = await new Promise<number>((r) => bench.once('exit', (c) => r(c ?? 1)));
} finally {
  await cluster.stop();
}
const results = JSON.parse(await readFile(path.join(outDir, 'results.json'), 'utf8')) as RunResults;
const fault = { replica: victim, killedAtMs: killedAt, ...(killedAt !== null ? errorsAroundKill(results, killedAt) : {}) };
await writeFile(path.join(outDir, 'fault.json'), `${JSON.stringify(fault, null, 2)}\n`);
process.stdout.write(`\nfault: ${JSON.stringify(fault)}\nreport: ${path.join(outDir, 'report.html')}\n`);
process.exit(code === 0 && !('onlyAroundKill' in fault && fault.onlyAroundKill) ? 1 : code);
