import { httpError } from '../api-errors.ts';

export interface AdmissionOptions {
  /** Jobs running at once (workers x tasks per worker). */
  concurrency: number;
  /** Jobs allowed to wait beyond those running; past it, `overloaded` at once. */
  queue: number;
}

export interface Admitted<R> {
  value: R;
  /** Milliseconds the job waited for a slot. */
  waitedMs: number;
}

export interface Admission {
  /**
   * Runs `job` once a slot is free. Rejects at once with 503 `overloaded` (+ Retry-After) when the
   * queue is full, with 504 `deadline_exceeded` when `deadlineMs` passes first. When `signal` aborts
   * (the client went away) a job still waiting leaves the queue, and a running one is rejected with
   * 499 `client_closed`. A running job past its deadline or whose client went away sees its `stop`
   * signal abort (reason 'deadline' or 'client_closed'), so its worker stops at the next stage or line,
   * but it keeps its slot until it settles: releasing the slot early would let more work in than the
   * workers hold (unbounded memory).
   */
  run<R>(job: (stop: AbortSignal) => Promise<R>, deadlineMs: number, signal?: AbortSignal): Promise<Admitted<R>>;
  /** Throws run()'s 503 `overloaded` when a request arriving now would be refused (to refuse before reading its body). */
  assertOpen(): void;
  /** True when a request arriving now would be admitted (run or queued) rather than refused. */
  readonly open: boolean;
  readonly running: number;
  readonly queued: number;
  /** Resolves when nothing runs or waits (used by graceful shutdown). */
  idle(): Promise<void>;
}

interface Waiter {
  start: () => void;
}

export function createAdmission({ concurrency, queue }: AdmissionOptions): Admission {
  let running = 0;
  const waiting: Waiter[] = [];
  let idleWaiters: Array<() => void> = [];
  // Smoothed job time, for a Retry-After that means something (RFC 9110 §10.2.3: seconds).
  let avgJobMs = 500;

  function release(): void {
    running--;
    const next = waiting.shift();
    if (next) next.start();
    else if (running === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  }

  function overloaded() {
    const retryAfter = Math.max(1, Math.ceil(((waiting.length / concurrency + 1) * avgJobMs) / 1000));
    return httpError('overloaded', `server busy: ${running} running and ${waiting.length} queued`, { 'Retry-After': String(retryAfter) });
  }

  return {
    assertOpen() {
      if (running >= concurrency && waiting.length >= queue) throw overloaded();
    },
    run<R>(job: (stop: AbortSignal) => Promise<R>, deadlineMs: number, signal?: AbortSignal): Promise<Admitted<R>> {
      if (running >= concurrency && waiting.length >= queue) return Promise.reject(overloaded());
      const admittedAt = performance.now();
      const stop = new AbortController();
      return new Promise<Admitted<R>>((resolve, reject) => {
        let settled = false;
        const waiter: Waiter = {
          start() {
            running++;
            const startedAt = performance.now();
            job(stop.signal).then(
              (value) => {
                avgJobMs = 0.8 * avgJobMs + 0.2 * (performance.now() - startedAt);
                finish(() => resolve({ value, waitedMs: startedAt - admittedAt }));
              },
              (err) => finish(() => reject(err)),
            ).finally(release);
          },
        };
        const finish = (f: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          f();
        };
        const onAbort = () => {
          const i = waiting.indexOf(waiter);
          if (i >= 0) waiting.splice(i, 1);
          else stop.abort('client_closed'); // running: it stops early and frees its slot when it settles
          finish(() => reject(httpError('client_closed', `the client went away while its request was ${i >= 0 ? 'queued' : 'running'}`)));
        };
        const timer = setTimeout(() => {
          const i = waiting.indexOf(waiter);
          if (i >= 0) waiting.splice(i, 1);
          else stop.abort('deadline');
          finish(() => reject(httpError('deadline_exceeded', `no answer within the ${Math.round(deadlineMs)} ms deadline (${i >= 0 ? 'still queued' : 'still running'})`)));
        }, deadlineMs);
        if (running < concurrency) waiter.start();
        else waiting.push(waiter);
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get running() {
      return running;
    },
    get open() {
      return running < concurrency || waiting.length < queue;
    },
    get queued() {
      return waiting.length;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
  };
}
