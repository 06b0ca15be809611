import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

export interface StartServerOptions {
  /** Program and leading arguments; default: this Node running the built server (built first when stale). */
  command?: string[];
  /** Extra flags after --host/--port (e.g. --cache off, --workers 2). */
  args?: string[];
  cwd: string;
  /** The server's stdout and stderr go here. */
  logPath: string;
  readyTimeoutMs?: number;
  /** Ctrl-C while the models load: stop waiting and stop the server. */
  signal?: AbortSignal;
  /**
   * Nice value for the server (Linux `nice`; 0 = as the harness). On one machine the server saturates
   * every core and the harness, which needs ~6% of one, was starved: its event loop lagged 170–490 ms
   * and its timestamps with it (a full stepped run measured INVALID). Niced, the server still gets all
   * the CPU the harness does not use, and the harness runs when its timers are due.
   */
  nice?: number;
}

export interface StartedServer {
  url: string;
  port: number;
  pid: number;
  /** Spawn to the first 200 from /readyz: process start, model load, worker warm-up. */
  coldStartMs: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
}

/** A free loopback port, from the kernel (listen on 0), released just before the server takes it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const DEFAULT_SERVER_NICE = 10;

/**
 * Environment the server starts with unless the caller's environment says otherwise (package.json's
 * `start` sets the same). glibc gives each thread that mallocs (two workers, libvips' threads) its own
 * arena, and freed pages scattered over many arenas stay resident: with 2 arenas the server's peak RSS
 * under load fell at the same throughput (docs/decisions/malloc-arenas.md).
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Builds the server to dist/ when it is missing or its sources changed (`npm run build`; a content hash,
 * so a fresh clone or an edit rebuilds), before the clock of the cold start starts.
 */
export async function buildServerIfStale(cwd: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd });
  } catch (e) {
    throw new ServerStartError(`cannot build the server (node scripts/build.mjs): ${(e as { stderr?: string }).stderr || (e as Error).message}`);
  }
}

/** Starts the server as a child process on a free loopback port and waits until /readyz says 200. */
export async function startServer({ command, args = [], cwd, logPath, readyTimeoutMs = 180_000, signal, nice = DEFAULT_SERVER_NICE }: StartServerOptions): Promise<StartedServer> {
  if (!command) {
    // Plain Node on the bundle: tsx compiled every module at each start, in the main thread and in each worker.
    await buildServerIfStale(cwd);
    command = [process.execPath, 'dist/server/main.js'];
  }
  // `nice` execs the program, so the pid (and the process tree the sampler watches) stays the server's.
  if (nice !== 0 && process.platform === 'linux') command = ['nice', '-n', String(nice), ...command];
  const port = await freePort();
  const log = createWriteStream(logPath);
  await new Promise((r) => log.once('open', r));
  const started = performance.now();
  // Own process group: a terminal's Ctrl-C reaches the harness only, which then stops the load
  // first and the server last, instead of the server dying under requests still in flight.
  const child = spawn(command[0], [...command.slice(1), '--host', '127.0.0.1', '--port', String(port), ...args], { cwd, env: { ...SERVER_ENV, ...process.env }, stdio: ['ignore', log, log], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child, exited).finally(() => (process.off('exit', killOnExit), log.end()));

  for (;;) {
    if (exitCode !== undefined) {
      await new Promise((r) => log.end(r));
      throw new ServerStartError(`server exited with code ${exitCode} before it was ready; the end of ${logPath}:\n${await tail(logPath)}`);
    }
    if (signal?.aborted) {
      await stop();
      throw new ServerStartError('interrupted while the server was starting');
    }
    if (performance.now() - started > readyTimeoutMs) {
      await stop();
      throw new ServerStartError(`server not ready after ${readyTimeoutMs} ms; see ${logPath}`);
    }
    try {
      const res = await request(`${url}/readyz`, { headersTimeout: 2000, bodyTimeout: 2000 });
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, pid: child.pid!, coldStartMs: Math.round(performance.now() - started), stop };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The last lines of the server's log, to show why it did not start. */
async function tail(file: string, lines = 8): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((l) => `  | ${l}`).join('\n');
}
