/** A gate's verdict and its exit code (server/exit-codes.ts holds the one table of codes). */
import { EXIT } from '../../server/exit-codes.ts';

export type Verdict = 'PASS' | 'FAIL' | 'INVALID';

export function exitCodeFor(verdict: Verdict): number {
  return verdict === 'PASS' ? EXIT.OK : verdict === 'FAIL' ? EXIT.THRESHOLDS_FAILED : EXIT.INVALID;
}
