/**
 * Dynamic batching (as in Triton's dynamic batcher): items submitted by concurrent callers are merged
 * into one `run` of up to `maxBatch` items, flushed when the batch is full or when the oldest waiting
 * item has waited `maxWaitMs`, whichever comes first. One run at a time: onnxruntime-node runs a
 * session synchronously on the calling thread, so a second run could only queue behind the first, and
 * items that arrive meanwhile make the next batch fuller instead.
 */

export interface BatchInfo {
  size: number;
  /** How long the oldest item in the batch waited before the run started. */
  waitedMs: number;
  runMs: number;
  /** Distinct submit() calls the batch served. */
  callers: number;
}

export interface BatcherOptions<I, O> {
  /** Pending items that trigger a run at once (and, by default, the most one run takes). */
  maxBatch: number;
  /**
   * Most items one run takes (default maxBatch). A `run` that splits and sorts by itself can take
   * everything pending (Infinity) and gain more to choose from.
   */
  maxTake?: number;
  maxWaitMs: number;
  run: (items: I[]) => Promise<O[]>;
  onBatch?: (info: BatchInfo) => void;
}

export interface Batcher<I, O> {
  /** Resolves with one output per item, in order; rejects if any run holding its items fails. */
  submit(items: I[]): Promise<O[]>;
  readonly pending: number;
}

interface Job<O> {
  out: O[];
  remaining: number;
  failed: boolean;
  resolve: (o: O[]) => void;
  reject: (e: unknown) => void;
}

interface Entry<I, O> {
  job: Job<O>;
  index: number;
  item: I;
  at: number;
}

export function createBatcher<I, O>({ maxBatch, maxTake = maxBatch, maxWaitMs, run, onBatch }: BatcherOptions<I, O>): Batcher<I, O> {
  if (!(maxBatch >= 1)) throw new RangeError('maxBatch must be >= 1');
  const queue: Entry<I, O>[] = [];
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (running || queue.length === 0) return;
    const waited = performance.now() - queue[0].at;
    if (queue.length >= maxBatch || waited >= maxWaitMs) return void flush();
    if (timer === undefined) timer = setTimeout(flush, Math.max(0, maxWaitMs - waited));
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (running || queue.length === 0) return;
    const batch = queue.splice(0, maxTake);
    running = true;
    const started = performance.now();
    void runBatch(batch, started);
  }

  async function runBatch(batch: Entry<I, O>[], started: number): Promise<void> {
    let outs: O[] | undefined;
    let error: unknown;
    try {
      outs = await run(batch.map((e) => e.item));
      if (outs.length !== batch.length) throw new Error(`batch run returned ${outs.length} results for ${batch.length} items`);
    } catch (e) {
      error = e ?? new Error('batch run failed');
    }
    running = false;
    // Reported before callers resume, so whoever awaits a result sees its batch counted.
    onBatch?.({ size: batch.length, waitedMs: started - batch[0].at, runMs: performance.now() - started, callers: new Set(batch.map((e) => e.job)).size });
    batch.forEach((e, i) => {
      if (e.job.failed) return;
      if (error !== undefined) {
        e.job.failed = true;
        e.job.reject(error);
      } else {
        e.job.out[e.index] = outs![i];
        if (--e.job.remaining === 0) e.job.resolve(e.job.out);
      }
    });
    // Items of a failed job still waiting would only be wasted work.
    if (error !== undefined) for (let i = queue.length - 1; i >= 0; i--) if (queue[i].job.failed) queue.splice(i, 1);
    schedule();
  }

  return {
    submit(items) {
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<O[]>((resolve, reject) => {
        const job: Job<O> = { out: new Array(items.length), remaining: items.length, failed: false, resolve, reject };
        const at = performance.now();
        items.forEach((item, index) => queue.push({ job, index, item, at }));
        schedule();
      });
    },
    get pending() {
      return queue.length;
    },
  };
}
