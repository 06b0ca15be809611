import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { freePort, startServer, type StartedServer } from '../harness/bench/start-server.ts';
import { startHaproxy, startRedis, type Service } from './services.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ClusterOptions {
  replicas: number;
  /** Worker threads per replica; default: the cores shared out (at least 1), so N replicas do not oversubscribe. */
  workers?: number;
  /** `redis` (one shared redis-server, the default), `memory` (one cache per replica) or `off`. */
  cache?: 'redis' | 'memory' | 'off';
  /** More server flags for every replica (e.g. --queue 128). */
  serverArgs?: string[];
  /** Nice value of the replicas (as the bench's embedded server: the load generator on the same cores is never starved). */
  nice?: number;
  /** Balancer port; 0 picks a free one. */
  port?: number;
  /** Logs and the rendered haproxy config go here. */
  logDir: string;
  signal?: AbortSignal;
}

export interface Replica {
  /** haproxy's server name, also sent back in the `x-ocrbench-replica` header. */
  name: string;
  url: string;
  metricsUrl: string;
  pid: number;
  alive: boolean;
}

export interface Cluster {
  /** The balancer: the bench's --target is `${url}/api/ocr`. */
  url: string;
  statsUrl: string;
  redisUrl: string | null;
  replicas: Replica[];
  /** Every process started: replicas, redis-server, haproxy. */
  pids: number[];
  /** SIGKILLs a replica (a crash, not a drain): the given one, or the first still alive. */
  killReplica(name?: string): Replica | null;
  /** haproxy's view of each replica (`UP`, `DOWN`, ...) from its stats CSV. */
  backendStatus(): Promise<Record<string, string>>;
  /** Stops the balancer, then the replicas, then Redis. */
  stop(): Promise<void>;
}

export const defaultWorkers = (replicas: number) => Math.max(1, Math.floor(os.availableParallelism() / replicas));

/**
 * N real server processes (each with its worker threads) on free loopback ports, Debian's
 * redis-server as their shared cache and Debian's haproxy in front with health checks on /readyz.
 */
export async function startCluster({ replicas, workers = defaultWorkers(replicas), cache = 'redis', serverArgs = [], nice, port = 0, logDir, signal }: ClusterOptions): Promise<Cluster> {
  const services: Service[] = [];
  const servers: StartedServer[] = [];
  const stopAll = async () => {
    // Balancer first (no new requests reach a stopping replica), then the replicas, then their cache.
    const haproxy = services.find((s) => s.name === 'haproxy');
    await haproxy?.stop();
    await Promise.allSettled(servers.map((s) => s.stop()));
    await Promise.allSettled(services.filter((s) => s !== haproxy).map((s) => s.stop()));
  };
  try {
    let redisUrl: string | null = null;
    if (cache === 'redis') {
      const redisPort = await freePort();
      services.push(await startRedis(redisPort, path.join(logDir, 'redis.log')));
      redisUrl = `redis://127.0.0.1:${redisPort}`;
    }
    const cacheArg = redisUrl ?? cache;
    // One at a time: loading the models of several replicas at once on two cores only makes each slower.
    for (let i = 0; i < replicas; i++) {
      servers.push(await startServer({ cwd: ROOT, logPath: path.join(logDir, `replica-${i + 1}.log`), args: ['--workers', String(workers), '--cache', cacheArg, ...serverArgs], nice, signal }));
    }
    const members: Replica[] = servers.map((s, i) => ({ name: `r${i + 1}`, url: s.url, metricsUrl: `${s.url}/metrics`, pid: s.pid, alive: true }));
    const balancerPort = port || (await freePort());
    const statsPort = await freePort();
    const template = await readFile(path.join(ROOT, 'deploy/haproxy.cfg.template'), 'utf8');
    const config = renderHaproxyConfig(template, { bind: `127.0.0.1:${balancerPort}`, statsBind: `127.0.0.1:${statsPort}`, servers: members.map((m) => ({ name: m.name, address: new URL(m.url).host })) });
    const configPath = path.join(logDir, 'haproxy.cfg');
    await writeFile(configPath, config);
    const url = `http://127.0.0.1:${balancerPort}`;
    services.push(await startHaproxy(configPath, `${url}/readyz`, path.join(logDir, 'haproxy.log')));
    const statsUrl = `http://127.0.0.1:${statsPort}/`;
    return {
      url,
      statsUrl,
      redisUrl,
      replicas: members,
      pids: [...members.map((m) => m.pid), ...services.map((s) => s.pid)],
      killReplica(name) {
        const victim = members.find((m) => m.alive && (name === undefined || m.name === name)) ?? null;
        if (!victim) return null;
        process.kill(victim.pid, 'SIGKILL');
        victim.alive = false;
        return victim;
      },
      async backendStatus() {
        const res = await request(`${statsUrl};csv`, { headersTimeout: 5000, bodyTimeout: 5000 });
        return parseStatsCsv(await res.body.text());
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Fills the haproxy template: the balancer and stats addresses and one `server` line per replica. */
export function renderHaproxyConfig(template: string, o: { bind: string; statsBind: string; servers: { name: string; address: string }[] }): string {
  return template
    .replace('{{BIND}}', o.bind)
    .replace('{{STATS_BIND}}', o.statsBind)
    .replace('{{SERVERS}}', o.servers.map((s) => `    server ${s.name} ${s.address}`).join('\n'));
}

/** Server name → status from haproxy's stats CSV (`# pxname,svname,...,status,...`), the `replicas` backend only. */
export function parseStatsCsv(csv: string): Record<string, string> {
  const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
  const cols = header.split(',');
  const px = cols.indexOf('pxname');
  const sv = cols.indexOf('svname');
  const st = cols.indexOf('status');
  const out: Record<string, string> = {};
  for (const row of rows) {
    const f = row.split(',');
    if (f[px] === 'replicas' && f[sv] !== 'BACKEND' && f[sv] !== 'FRONTEND') out[f[sv]] = f[st];
  }
  return out;
}
