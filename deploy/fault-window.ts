import type { RunResults } from '../harness/results/schema.ts';

/**
 * Where a run's errors fell relative to a fault at `killedAtMs` (run time): errors in the window from
 * 2 s before to `afterMs` after it, errors outside it, and the verdict the fault scenario wants (every
 * error inside the window). 2 s before covers the approximate kill time (the driver times the kill
 * from the bench's output, not its clock); afterMs covers requests the dead replica held (up to the
 * longest service time) and haproxy's health check taking it out (2 failed checks 500 ms apart).
 */
export function errorsAroundKill(results: RunResults, killedAtMs: number, afterMs = 15_000) {
  let inside = 0;
  let outside = 0;
  const seconds: number[] = [];
  for (const b of results.timeSeries.throughput) {
    if (b.errors === 0 || b.t < 0) continue;
    seconds.push(Math.round(b.t / 1000));
    if (b.t >= killedAtMs - 2000 && b.t <= killedAtMs + afterMs) inside += b.errors;
    else outside += b.errors;
  }
  return { errorsNearKill: inside, errorsElsewhere: outside, errorSeconds: seconds, onlyAroundKill: outside === 0, verdict: results.validity.verdict };
}
