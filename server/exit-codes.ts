/**
 * The one exit-code table of every `npm run` command (server, bench, report, eval, datasets, ...).
 * Every `--help` prints it (server/cli/convention.ts) and docs/guides/cli.md copies it; a test keeps the
 * three in step. Never renumber: CI scripts branch on these. It lives in server/ because the server is
 * the bottom layer: every other folder may import it, and the server may import nothing above it.
 */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  INVALID: 3,
  DRAIN_TIMEOUT: 4,
  THRESHOLDS_FAILED: 99,
  INTERRUPTED: 130,
} as const;

export type ExitName = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitName];

/** What each code means, in the words every `--help` prints. */
export const EXIT_MEANINGS: Record<ExitName, string> = {
  OK: 'done; for a gated run, every threshold held (PASS)',
  // 1 is also what Node exits with on an uncaught error, so a crash reads as a failure too.
  FAILED: 'could not do the job: runtime error, server did not start, unreadable input, problems found',
  USAGE: 'bad flag, argument, scenario or configuration; nothing was started',
  INVALID: 'the run finished but cannot be trusted (too short, too few samples, harness bottleneck)',
  DRAIN_TIMEOUT: 'server only: on SIGTERM, in-flight requests outlasted the shutdown timeout',
  // k6's "thresholds have failed", so a CI job written for k6 reads ours the same way.
  THRESHOLDS_FAILED: 'a valid run missed a threshold or regressed against its baseline (FAIL)',
  INTERRUPTED: 'stopped by Ctrl-C (SIGINT); partial results were written',
};

/** The table as plain text, identical in every `--help` epilogue. */
export function exitCodeTable(): string {
  const rows = (Object.keys(EXIT) as ExitName[]).map((n) => `  ${String(EXIT[n]).padEnd(4)} ${n.padEnd(18)} ${EXIT_MEANINGS[n]}`);
  return `Exit codes (the same for every npm run command):\n${rows.join('\n')}\n`;
}
