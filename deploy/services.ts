import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'undici';

/** A helper process the cluster started (redis-server, haproxy), stoppable once. */
export interface Service {
  name: string;
  pid: number;
  /** Resolves with the exit code (or signal) once it ended. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Spawns a program in its own process group with its output to `logPath`, and stops it with SIGTERM
 * (SIGKILL after 5 s). Own group: a terminal's Ctrl-C reaches the cluster script alone, which then
 * stops the balancer first and the replicas and Redis after it.
 */
export async function spawnService(name: string, command: string[], logPath: string): Promise<Service> {
  const log = createWriteStream(logPath);
  await new Promise((r) => log.once('open', r));
  const child: ChildProcess = spawn(command[0], command.slice(1), { stdio: ['ignore', log, log], detached: true });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    child.once('error', (err) => resolve(`failed to start: ${err.message}`));
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => (process.off('exit', killOnExit), log.end()));
  if (child.pid === undefined) throw new Error(`${name}: ${await exited}`);
  return {
    name,
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `probe` every 100 ms until it says yes; fails when the service ended or time is up. */
export async function waitUntil(service: Service, what: string, probe: () => Promise<boolean>, timeoutMs: number, logPath: string): Promise<void> {
  let ended: string | null = null;
  void service.exited.then((c) => (ended = c));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== null) throw new Error(`${service.name} exited (${ended}) before ${what}; ${logPath}:\n${await tail(logPath)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${service.name}: no ${what} after ${timeoutMs} ms; see ${logPath}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Debian's redis-server on a loopback port, in memory only (no RDB, no AOF): a shared cache, not a store. */
export async function startRedis(port: number, logPath: string): Promise<Service> {
  const redis = await spawnService('redis-server', ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru'], logPath);
  await waitUntil(redis, 'readiness', async () => (await readFile(logPath, 'utf8')).includes('Ready to accept connections'), 15_000, logPath);
  return redis;
}

/** Debian's haproxy in the foreground (-db) with a rendered config; ready when `readyUrl` answers 200. */
export async function startHaproxy(configPath: string, readyUrl: string, logPath: string, timeoutMs = 30_000): Promise<Service> {
  const haproxy = await spawnService('haproxy', ['haproxy', '-db', '-f', configPath], logPath);
  await waitUntil(haproxy, `200 from ${readyUrl}`, async () => {
    const res = await request(readyUrl, { headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    return res.statusCode === 200;
  }, timeoutMs, logPath);
  return haproxy;
}

async function tail(file: string, lines = 8): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((l) => `  | ${l}`).join('\n');
}
