/** The bench's names for the shared exit codes (server/exit-codes.ts holds the one table). */
import { EXIT } from '../../server/exit-codes.ts';

export const BENCH_EXIT = {
  OK: EXIT.OK,
  FAILED: EXIT.FAILED,
  USAGE: EXIT.USAGE,
  INVALID: EXIT.INVALID,
  THRESHOLDS_FAILED: EXIT.THRESHOLDS_FAILED,
  INTERRUPTED: EXIT.INTERRUPTED,
} as const;
