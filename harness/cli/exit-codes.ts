/** Named exit codes of `npm run bench` (k6's habit). */
export const BENCH_EXIT = {
  OK: 0,
  /** The run failed: server did not start, dataset missing, harness error. */
  FAILED: 1,
  /** Bad flags or a bad scenario. */
  USAGE: 2,
  /** The run finished but the self-check says the harness was the bottleneck. */
  INVALID: 3,
  /** Stopped by Ctrl-C; a partial result was written. */
  INTERRUPTED: 130,
} as const;
