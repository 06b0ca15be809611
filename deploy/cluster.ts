/**
 * `npm run cluster -- --replicas N`: N OCR server replicas, Redis as their shared cache and haproxy in
 * front, all on loopback; prints the bench command for it and runs until Ctrl-C or SIGTERM, which
 * stop all of it. Fault hooks: `--kill-after S` SIGKILLs one replica S seconds after the cluster is
 * ready, and `kill -USR2 <pid of this script>` SIGKILLs the next live replica whenever you like.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { helpEpilogue, runCli, UsageError } from '../server/cli/convention.ts';
import { defaultWorkers, ROOT, startCluster, type Cluster } from './start-cluster.ts';

const USAGE = `usage: npm run cluster -- --replicas N [options]
  --replicas N        server processes (default 2)
  --workers N         worker threads per replica (default: cores / replicas, at least 1)
  --cache KIND        redis (one shared redis-server, default) | memory (per replica) | off
  --port N            balancer port on 127.0.0.1 (default: a free one)
  --server-arg ARG    extra flag for every replica, repeatable (--server-arg=--queue=128)
  --server-nice N     nice value of the replicas (default 10, as the bench's embedded server; 0 off)
  --kill-after S      SIGKILL one replica S seconds after the cluster is ready (a crash, not a drain)
  --log-dir DIR       logs, haproxy.cfg and cluster.json (default reports/cluster-<time>)
While it runs: kill -USR2 <this pid> SIGKILLs the next live replica; Ctrl-C or SIGTERM stops everything.`;

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { replicas: { type: 'string' }, workers: { type: 'string' }, cache: { type: 'string' }, port: { type: 'string' }, 'server-arg': { type: 'string', multiple: true }, 'server-nice': { type: 'string' }, 'kill-after': { type: 'string' }, 'log-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return process.stdout.write(`${USAGE}\n${helpEpilogue(['npm run cluster -- --replicas 2', 'npm run cluster -- --replicas 3 --cache memory --kill-after 30'])}`), EXIT.ok;
  const errors: string[] = [];
  const int = (k: string, min: number, max: number, dflt: number | undefined) => {
    const raw = values[k] as string | undefined;
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors.push(`--${k}: an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const replicas = int('replicas', 1, 32, 2)!;
  const workers = int('workers', 1, 64, undefined);
  const port = int('port', 0, 65535, 0);
  const nice = int('server-nice', 0, 19, undefined);
  const killAfter = values['kill-after'] === undefined ? null : Number(values['kill-after']);
  if (killAfter !== null && !(killAfter >= 0 && Number.isFinite(killAfter))) errors.push(`--kill-after: seconds (>= 0), got "${values['kill-after']}"`);
  const cache = (values.cache as string | undefined) ?? 'redis';
  if (!['redis', 'memory', 'off'].includes(cache)) errors.push(`--cache: redis, memory or off, got "${cache}"`);
  if (errors.length) throw new UsageError(errors.join('; '));

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const logDir = path.resolve((values['log-dir'] as string | undefined) ?? path.join(ROOT, 'reports', `cluster-${stamp}`));
  await mkdir(logDir, { recursive: true });
  const stop = new AbortController();
  let cluster: Cluster | null = null;
  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stop.abort();
    stopping ??= (async () => {
      process.stdout.write('\nstopping the cluster (haproxy, replicas, redis) ...\n');
      await cluster?.stop();
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  process.stdout.write(`starting ${replicas} replicas (${workers ?? defaultWorkers(replicas)} workers each, cache ${cache}); logs in ${logDir}\n`);
  try {
    cluster = await startCluster({ replicas, workers, cache: cache as 'redis', serverArgs: (values['server-arg'] as string[] | undefined) ?? [], nice, port, logDir, signal: stop.signal });
  } catch (err) {
    if (stop.signal.aborted) return EXIT.ok;
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return EXIT.failed;
  }
  if (stop.signal.aborted) return await cluster.stop(), EXIT.ok;
  const c = cluster;
  const state = { pid: process.pid, url: c.url, target: `${c.url}/api/ocr`, stats: c.statsUrl, redis: c.redisUrl, replicas: c.replicas };
  await writeFile(path.join(logDir, 'cluster.json'), `${JSON.stringify(state, null, 2)}\n`);
  const kill = (why: string) => {
    const victim = c.killReplica();
    process.stdout.write(victim ? `${new Date().toISOString()} killed replica ${victim.name} (pid ${victim.pid}, ${why})\n` : `no live replica left to kill (${why})\n`);
  };
  process.on('SIGUSR2', () => kill('SIGUSR2'));
  if (killAfter !== null) setTimeout(() => kill(`--kill-after ${killAfter}`), killAfter * 1000);
  process.stdout.write(
    [
      `cluster ready: haproxy on ${c.url} (stats ${c.statsUrl}), redis ${c.redisUrl ?? 'none'}, this script pid ${process.pid}`,
      ...c.replicas.map((r) => `  ${r.name} ${r.url} (pid ${r.pid})`),
      'bench it:',
      `  npm run bench -- --target ${c.url}/api/ocr ${c.replicas.map((r) => `--metrics ${r.metricsUrl}`).join(' ')}`,
      `kill a replica: kill -USR2 ${process.pid}; stop: Ctrl-C. State: ${path.join(logDir, 'cluster.json')}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  await stopping;
  return EXIT.ok;
}

runCli('cluster', () => main(process.argv.slice(2)));
