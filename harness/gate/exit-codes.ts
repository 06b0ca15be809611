/** The gate's names for the shared exit codes (server/exit-codes.ts holds the one table, never renumber). */
import { EXIT as CODES } from '../../server/exit-codes.ts';

export const EXIT = {
  /** Every threshold held, no regression against the baseline, and the run is valid. */
  pass: CODES.OK,
  /** The harness could not do its job: unreadable files, a crash. */
  harnessError: CODES.FAILED,
  /** Bad flags or arguments. */
  usage: CODES.USAGE,
  /** The run is valid and at least one threshold or baseline comparison failed. */
  thresholdsFailed: CODES.THRESHOLDS_FAILED,
  /** The run cannot be trusted (too short, too few samples, harness bottleneck, server crash). */
  invalidRun: CODES.INVALID,
} as const;

export type Verdict = 'PASS' | 'FAIL' | 'INVALID';

export function exitCodeFor(verdict: Verdict): number {
  return verdict === 'PASS' ? EXIT.pass : verdict === 'FAIL' ? EXIT.thresholdsFailed : EXIT.invalidRun;
}
