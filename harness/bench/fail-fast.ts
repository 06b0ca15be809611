import type { RequestRecord } from '../load/request-record.ts';

/** Kinds that are not answers from the target: the harness dropped or cut them. */
const NOT_ANSWERS = new Set(['dropped', 'aborted']);

/**
 * Watches the first `n` answers of a run (the baseline pass's first): when every one of them is an
 * error, the target is broken or wrong, and the rest of the run would only measure that. Returns
 * the reason once, on the answer that settles it; null otherwise.
 */
export function createFailFast(n = 10): (r: Pick<RequestRecord, 'errorKind'>) => string | null {
  const kinds = new Map<string, number>();
  let seen = 0;
  let decided = false;
  return (r) => {
    if (decided || (r.errorKind !== null && NOT_ANSWERS.has(r.errorKind))) return null;
    if (r.errorKind === null) {
      decided = true;
      return null;
    }
    kinds.set(r.errorKind, (kinds.get(r.errorKind) ?? 0) + 1);
    if (++seen < n) return null;
    decided = true;
    const counts = [...kinds].map(([k, c]) => `${k} x${c}`).join(', ');
    return `the first ${n} answers were all errors (${counts}); stopped early: check the target and the server's log`;
  };
}
