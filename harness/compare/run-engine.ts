import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type StartedServer } from '../bench/start-server.ts';
import type { FromChild, ItemResult, RepeatResult, ToChild } from './engine-process.ts';
import type { ReadMode } from './engines/engine-types.ts';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-process.ts');

export interface PassOptions {
  engine: string;
  mode: ReadMode;
  /** Absolute image paths, in dataset order. */
  files: string[];
  processes: number;
  root: string;
  /** Folder for the server's log (ours-http). */
  scratchDir: string;
  /** The timed pass lasts at least this long: each process goes round its share again until it has passed. */
  minMs?: number;
  /** Longest one run (load, warm-up, timed pass) may take before its processes are killed. */
  timeoutMs?: number;
}

export interface PassResult {
  processes: number;
  /** Per measuring process (or the server's cold start for ours-http). */
  loadMs: number[];
  /** Per image, in the order of `files`: the first reading of each, the one accuracy is scored on. */
  items: ItemResult[];
  /** Readings after the first round (minMs), every process's: they count for speed and latency. */
  repeats: RepeatResult[];
  /** From the common start of the timed pass to the last process done. */
  wallMs: number;
  /** Largest peak RSS of one engine process, and the sum over all of them. */
  peakRssBytes: number | null;
  peakRssTotalBytes: number | null;
}

/** Talks to one measuring process: one request, one answer, in order. */
class Child {
  private waiting: ((m: FromChild) => void) | null = null;
  private exitError: string | null = null;
  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: FromChild) => this.waiting?.(m));
    proc.on('exit', (code, signal) => {
      this.exitError = `measuring process exited (code ${code}, signal ${signal})`;
      this.waiting?.({ type: 'error', message: this.exitError });
    });
  }
  ask<T extends FromChild['type']>(m: ToChild, want: T): Promise<Extract<FromChild, { type: T }>> {
    if (this.exitError) return Promise.reject(new Error(this.exitError));
    return new Promise((resolve, reject) => {
      this.waiting = (r) => {
        this.waiting = null;
        if (r.type === want) resolve(r as Extract<FromChild, { type: T }>);
        else reject(new Error(r.type === 'error' ? r.message : `unexpected ${r.type}`));
      };
      this.proc.send(m);
    });
  }
}

async function vmHwm(pid: number): Promise<number | null> {
  const kb = /VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''))?.[1];
  return kb ? Number(kb) * 1024 : null;
}

/**
 * One measured run of one engine in one mode: `processes` fresh processes load the engine, each reads
 * its share of the images (image i goes to process i mod N, so the order is the same for every
 * engine) once as a warm-up, then all start the timed pass together.
 */
export async function runPass({ engine, mode, files, processes, root, scratchDir, minMs = 0, timeoutMs = 60 * 60_000 }: PassOptions): Promise<PassResult> {
  let server: StartedServer | undefined;
  let url: string | undefined = /^https?:\/\//i.test(engine) ? engine : undefined;
  const children: Child[] = [];
  const timer = setTimeout(() => children.forEach((c) => c.proc.kill('SIGKILL')), timeoutMs);
  try {
    let serverLoadMs: number | null = null;
    if (engine === 'ours-http') {
      // One server worker per measuring process, one intra-op thread each, no cache: the server's cost
      // over the in-process engine is what ours-http against ours shows.
      server = await startServer({
        cwd: root,
        logPath: path.join(scratchDir, `server-${mode}-${processes}.log`),
        args: ['--workers', String(processes), '--threads', '1', '--cache', 'off', '--log-level', 'warn'],
        nice: 0,
      });
      url = `${server.url}/api/ocr`;
      serverLoadMs = server.coldStartMs;
    }
    for (let k = 0; k < processes; k++) {
      children.push(new Child(fork(ENTRY, [], { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
    }
    const share = (k: number) => files.filter((_, i) => i % processes === k);
    const loaded = await Promise.all(children.map((c) => c.ask({ type: 'load', req: { engine, mode, url, root } }, 'loaded')));
    await Promise.all(children.map((c, k) => c.ask({ type: 'run', files: share(k) }, 'ran')));
    const timed = await Promise.all(children.map((c, k) => c.ask({ type: 'run', files: share(k), minMs }, 'ran')));
    const closed = await Promise.all(children.map((c) => c.ask({ type: 'close' }, 'closed')));

    const items: ItemResult[] = new Array(files.length);
    timed.forEach((t, k) => t.items.forEach((it, j) => (items[j * processes + k] = it)));
    let rss = closed.map((c) => c.peakRssBytes + (c.externalPeakRssBytes ?? 0));
    if (server) {
      // The engine is the server; the measuring processes are only its clients.
      const s = await vmHwm(server.pid);
      rss = s === null ? [] : [s];
    } else if (url) rss = [];
    return {
      processes,
      loadMs: serverLoadMs !== null ? [serverLoadMs] : url ? [] : loaded.map((l) => l.loadMs),
      items,
      repeats: timed.flatMap((t) => t.repeats),
      wallMs: Math.max(...timed.map((t) => t.wallMs)),
      peakRssBytes: rss.length ? Math.max(...rss) : null,
      peakRssTotalBytes: rss.length ? rss.reduce((a, b) => a + b, 0) : null,
    };
  } finally {
    clearTimeout(timer);
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await server?.stop();
  }
}
