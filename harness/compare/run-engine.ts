import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type StartedServer } from '../bench/start-server.ts';
import type { FromChild, ItemResult, RepeatResult, ToChild } from './engine-process.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { isUrl } from './engines/registry.ts';

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
  /** This pass is an engine's A/A twin (--aa): its server, if any, logs to a file of its own. */
  twin?: boolean;
  /** Longest one step (load, warm-up, a slice, close) may take before the processes are killed as hung. */
  timeoutMs?: number;
}

export interface PassResult {
  processes: number;
  /** Per measuring process (or the server's cold start for ours-http). */
  loadMs: number[];
  /** Per image, in the order of `files`: the first reading of each, the one accuracy is scored on. */
  items: ItemResult[];
  /** Readings after the first of their image, every process's: they count for speed and latency. */
  repeats: RepeatResult[];
  /** Per measuring process: readings, and the sum of its own slice times (start to its last image done). */
  perProcess: { readings: number; wallMs: number }[];
  /** Slices the timed pass was cut into. */
  slices: number;
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
 * One engine's timed pass in one mode, cut into slices so that several engines' passes can take turns
 * on the machine (run-compare.ts). `open` starts `processes` fresh processes that load the engine and
 * read their share once untimed (image i goes to process i mod N, so the order is the same for every
 * engine); each `slice` has every process go on reading its share, all starting together, for about
 * `ms`; `close` stops them and gives the figures.
 */
export class EnginePass {
  private server: StartedServer | undefined;
  private children: Child[] = [];
  private loadMs: number[] = [];
  private firsts = new Map<number, ItemResult>();
  private repeats: RepeatResult[] = [];
  private perProcess: { readings: number; wallMs: number }[] = [];
  /** The slices' wall times added up: how long this pass has been timed (done). */
  private wallMs = 0;
  private slices = 0;
  private covered = false;
  /** The OCR endpoint the measuring processes post to (ours-http's server, or a URL engine). */
  private url: string | undefined;

  private constructor(private readonly o: PassOptions) {}

  /** Runs one step under the hang watchdog: the pass waits between its turns, so the clock is per step. */
  private async step<T>(work: () => Promise<T>): Promise<T> {
    const timer = setTimeout(() => this.children.forEach((c) => c.proc.kill('SIGKILL')), this.o.timeoutMs ?? 60 * 60_000);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
    }
  }

  static async open(o: PassOptions): Promise<EnginePass> {
    const pass = new EnginePass(o);
    try {
      await pass.step(() => pass.start());
      return pass;
    } catch (e) {
      await pass.stop();
      throw e;
    }
  }

  private async start(): Promise<void> {
    const { engine, mode, files, processes, root, scratchDir } = this.o;
    this.url = isUrl(engine) ? engine : undefined;
    if (engine === 'ours-http') {
      // One server worker per measuring process, one intra-op thread each, no cache: the server's cost
      // over the in-process engine is what ours-http against ours shows.
      this.server = await startServer({
        cwd: root,
        logPath: path.join(scratchDir, `server-${mode}-${processes}${this.o.twin ? '-aa' : ''}.log`),
        args: ['--workers', String(processes), '--threads', '1', '--cache', 'off', '--log-level', 'warn'],
        nice: 0,
      });
      this.url = `${this.server.url}/api/ocr`;
    }
    for (let k = 0; k < processes; k++) {
      this.children.push(new Child(fork(ENTRY, [], { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
    }
    const loaded = await Promise.all(this.children.map((c) => c.ask({ type: 'load', req: { engine, mode, url: this.url, root } }, 'loaded')));
    this.loadMs = this.server ? [this.server.coldStartMs] : this.url ? [] : loaded.map((l) => l.loadMs);
    await Promise.all(this.children.map((c, k) => c.ask({ type: 'warm', files: files.filter((_, i) => i % processes === k) }, 'warmed')));
    this.perProcess = this.children.map(() => ({ readings: 0, wallMs: 0 }));
  }

  /** Every image has had its first reading and the timed slices add up to at least `minMs`. */
  done(minMs: number): boolean {
    return this.covered && this.wallMs >= minMs;
  }

  async slice(ms: number): Promise<void> {
    const start = performance.now();
    const results = await this.step(() => Promise.all(this.children.map((c) => c.ask({ type: 'slice', ms }, 'sliced'))));
    this.wallMs += performance.now() - start;
    this.slices++;
    const n = this.o.processes;
    results.forEach((r, k) => {
      for (const { index, item } of r.firsts) this.firsts.set(index * n + k, item);
      this.repeats.push(...r.repeats);
      this.perProcess[k].readings += r.firsts.length + r.repeats.length;
      this.perProcess[k].wallMs += r.wallMs;
    });
    this.covered = results.every((r) => r.covered);
  }

  async close(): Promise<PassResult> {
    try {
      const closed = await this.step(() => Promise.all(this.children.map((c) => c.ask({ type: 'close' }, 'closed'))));
      let rss = closed.map((c) => c.peakRssBytes + (c.externalPeakRssBytes ?? 0));
      if (this.server) {
        // The engine is the server; the measuring processes are only its clients.
        const s = await vmHwm(this.server.pid);
        rss = s === null ? [] : [s];
      } else if (this.url) rss = [];
      return {
        processes: this.o.processes,
        loadMs: this.loadMs,
        items: this.o.files.map((_, i) => this.firsts.get(i)!),
        repeats: this.repeats,
        perProcess: this.perProcess,
        slices: this.slices,
        peakRssBytes: rss.length ? Math.max(...rss) : null,
        peakRssTotalBytes: rss.length ? rss.reduce((a, b) => a + b, 0) : null,
      };
    } finally {
      await this.stop();
    }
  }

  private stopped: Promise<void> | undefined;

  /** Kills what is left (after a failure, or after close); a second call waits for the first. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const c of this.children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
      await this.server?.stop();
    })();
    return this.stopped;
  }
}
