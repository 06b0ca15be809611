import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import type { EffectiveEngineConfig } from '../ocr/engine-api.ts';
import type { ModelInfo } from '../ocr/types.ts';
import { httpError } from '../api-errors.ts';
import { TASK_SLOTS, type OcrTask, type OcrTaskResult, type WorkerEvent, type WorkerInit } from './worker-protocol.ts';

export interface WorkerPoolOptions {
  workers: number;
  /** Tasks one worker holds at once (piscina concurrentTasksPerWorker). */
  concurrency: number;
  /** A task running this long is hung: piscina terminates its worker and starts another. */
  taskTimeoutMs: number;
  init: WorkerInit;
  logger: Logger;
  onBatch?: (e: Extract<WorkerEvent, { type: 'batch' }>) => void;
  onRestart?: () => void;
  onReadyChange?: (ready: number) => void;
  /** A worker could not load its engine: the server cannot serve. */
  onFatal?: (message: string) => void;
}

export interface OcrPool {
  /** Runs a task; once `signal` aborts, its worker stops at the next stage, line or window and answers work_abandoned. */
  run(task: Omit<OcrTask, 'stop'>, signal?: AbortSignal): Promise<OcrTaskResult>;
  /** Workers whose engine is loaded and warm. */
  readonly readyWorkers: number;
  readonly models: ModelInfo[] | undefined;
  /** The engine's effective config, as a worker reported it. */
  readonly engine: EffectiveEngineConfig | undefined;
  /** Runtime versions a worker reported (onnxruntime, sharp, libvips). */
  readonly versions: Record<string, string>;
  /** Resolves once every configured worker has been warm at least once. */
  whenReady(): Promise<void>;
  /** Stops the workers: after their running tasks, or at once with `force`. */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Defined by the production build (scripts/build.mjs): the bundled worker, relative to this source file. */
declare const OCRBENCH_BUNDLED_WORKER: string | undefined;
// From source (tsx) the worker needs an entry that registers tsx in its thread; the build bundles its own.
const WORKER_FILE = fileURLToPath(
  new URL(typeof OCRBENCH_BUNDLED_WORKER === 'string' ? OCRBENCH_BUNDLED_WORKER : './ocr-worker-entry.mjs', import.meta.url),
);

/**
 * A fixed piscina pool (min = max threads, never idles out). A worker that dies before it was ever
 * ready (bad models, a broken build) is fatal: piscina would otherwise replace it forever.
 */
export function createWorkerPool(o: WorkerPoolOptions): OcrPool {
  const piscina = new Piscina<OcrTask, OcrTaskResult>({
    filename: WORKER_FILE,
    minThreads: o.workers,
    maxThreads: o.workers,
    concurrentTasksPerWorker: o.concurrency,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    // 'sync' parks an idle worker in Atomics.wait, which would stall the async tasks it still holds.
    atomics: 'disabled',
    workerData: o.init,
  });
  const ready = new Set<number>();
  let models: ModelInfo[] | undefined;
  let versions: Record<string, string> = {};
  let engine: EffectiveEngineConfig | undefined;
  let closing = false;
  let resolveReady!: () => void;
  const allReady = new Promise<void>((r) => (resolveReady = r));

  piscina.on('message', (e: WorkerEvent) => {
    if (e.type === 'batch') o.onBatch?.(e);
    else if (e.type === 'ready') {
      ready.add(e.threadId);
      everReady.add(e.threadId);
      models ??= e.models;
      versions = e.versions;
      engine = e.engine;
      o.logger.info({ threadId: e.threadId, loadMs: Math.round(e.loadMs), warmMs: Math.round(e.warmMs) }, 'worker ready');
      o.onReadyChange?.(ready.size);
      if (ready.size >= o.workers) resolveReady();
    } else if (e.type === 'load-failed') {
      // Only noted: the worker then throws, and its death is reported once, below.
      loadFailures.set(e.threadId, e.message);
    }
  });
  // Why a worker that was never ready died. Its 'load-failed' message and its error event reach us on
  // different queues in either order, so neither logs: the death logs one line with whichever came.
  const loadFailures = new Map<number, string>();
  let bootstrapError: Error | null = null;
  // Thread ids of workers piscina started (ids read -1 once a worker is dead, so keep them here).
  const created = new Set<number>();
  const everReady = new Set<number>();
  piscina.on('workerCreate', (w: { id: number }) => created.add(w.id));
  piscina.on('workerDestroy', () => {
    queueMicrotask(() => {
      const live = new Set(piscina.threads.map((t) => t.threadId).filter((id) => id >= 0));
      const dead = [...created].filter((id) => !live.has(id));
      for (const id of dead) {
        created.delete(id);
        ready.delete(id);
        if (closing) continue;
        if (everReady.has(id)) {
          o.logger.error({ threadId: id }, 'worker died; piscina starts a replacement');
          o.onRestart?.();
        } else {
          const cause = loadFailures.get(id) ?? bootstrapError?.message ?? 'the worker exited before it was ready';
          bootstrapError = null;
          o.logger.fatal({ threadId: id, err: cause }, 'worker could not load the engine');
          o.onFatal?.(cause);
        }
      }
      o.onReadyChange?.(ready.size);
    });
  });
  // piscina emits a worker's error right after its workerDestroy, whose handler (a microtask queued
  // first) runs first: when that worker was never ready it takes the error as its cause; otherwise
  // it is logged here.
  piscina.on('error', (err: Error) => {
    bootstrapError = err;
    queueMicrotask(() => {
      if (bootstrapError !== err) return;
      bootstrapError = null;
      o.logger.error({ err }, 'worker pool error');
    });
  });

  return {
    async run(task, signal) {
      // Shared memory, not messages: the worker's thread is busy in the pipeline and reads the stop flag
      // between steps, and it notes its thread id there when it starts (the watchdog's only need), which
      // spares the main thread a message per request (TASK_SLOTS).
      const stop = new SharedArrayBuffer(TASK_SLOTS.bytes);
      const slots = new Int32Array(stop);
      const raise = () => Atomics.store(slots, TASK_SLOTS.stop, 1);
      if (signal?.aborted) raise();
      else signal?.addEventListener('abort', raise, { once: true });
      let hung = false;
      // Our own watchdog rather than piscina's abort signal: piscina runs an abortable task alone on its
      // worker, which would end both concurrent tasks per worker and dynamic batching.
      const watchdog = setTimeout(() => {
        const threadId = Atomics.load(slots, TASK_SLOTS.threadId);
        const worker = threadId === 0 ? undefined : piscina.threads.find((t) => t.threadId === threadId);
        if (!worker) return;
        hung = true;
        o.logger.error({ threadId, taskTimeoutMs: o.taskTimeoutMs }, 'task hung; terminating its worker');
        void worker.terminate();
      }, o.taskTimeoutMs);
      try {
        // The image's buffer moves to the worker instead of being copied.
        return await piscina.run({ ...task, stop }, { transferList: [task.image.buffer as ArrayBuffer] });
      } catch (e) {
        const msg = (e as Error)?.message ?? String(e);
        if (hung) throw httpError('worker_timeout', `the request ran longer than ${o.taskTimeoutMs} ms; its worker was stopped and replaced`);
        if (/worker exited|terminated/i.test(msg)) throw httpError('worker_crashed', 'the worker running this request died; it has been replaced');
        throw e;
      } finally {
        clearTimeout(watchdog);
        signal?.removeEventListener('abort', raise);
      }
    },
    get readyWorkers() {
      return ready.size;
    },
    get models() {
      return models;
    },
    get engine() {
      return engine;
    },
    get versions() {
      return versions;
    },
    whenReady: () => allReady,
    async close({ force = false } = {}) {
      closing = true;
      // piscina.close() waits for running tasks (up to its own 30 s closeTimeout); past the shutdown
      // deadline the work is abandoned anyway, and a hung or still-loading worker must not hold the exit.
      await (force ? piscina.destroy() : piscina.close());
    },
  };
}
