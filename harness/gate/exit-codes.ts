/**
 * Process exit codes of the gate (`npm run report`, and the bench when it gates), documented in the
 * README ("Exit codes"). Never renumber: CI scripts branch on them. 1 is what Node itself exits with on
 * an uncaught error, so a crash reads as a harness error too; 3 matches the bench's INVALID; 99 is k6's
 * "thresholds have failed", so a CI job written for k6 reads ours the same way.
 */
export const EXIT = {
  /** Every threshold held, no regression against the baseline, and the run is valid. */
  pass: 0,
  /** The harness could not do its job: bad arguments, unreadable files, a crash. */
  harnessError: 1,
  /** The run is valid and at least one threshold or baseline comparison failed. */
  thresholdsFailed: 99,
  /** The run cannot be trusted (too short, too few samples, harness bottleneck, server crash). */
  invalidRun: 3,
} as const;

export type Verdict = 'PASS' | 'FAIL' | 'INVALID';

export function exitCodeFor(verdict: Verdict): number {
  return verdict === 'PASS' ? EXIT.pass : verdict === 'FAIL' ? EXIT.thresholdsFailed : EXIT.invalidRun;
}
