import type { LatencyStats } from '../results/schema.ts';

export interface WorstFigure {
  ms: number | null;
  /** The phase the figure comes from. */
  phase: string | null;
  /**
   * True when the figure is only a lower bound: the phase with the worst p95 had too few samples
   * for a p99, whose p99 is at least that p95, so the worst p99 of the run is at least `ms`.
   */
  atLeast: boolean;
}

/**
 * The run's worst p95 and p99 and the phases they come from. A p99 exists only in phases with
 * enough samples (662), so the largest measured p99 can sit below the largest p95 (a long stepped
 * run showed "P95 27361 ms, P99 21561 ms"). Then the honest worst p99 is "at least that p95", from
 * the phase whose p95 it is: never a p99 below the p95 beside it.
 */
export function worstPercentiles(phases: readonly { name: string; latency: Pick<LatencyStats, 'p95' | 'p99'> }[]): { p95: WorstFigure; p99: WorstFigure } {
  const worst = (k: 'p95' | 'p99'): WorstFigure => {
    let best: WorstFigure = { ms: null, phase: null, atLeast: false };
    for (const p of phases) {
      const v = p.latency[k];
      if (v !== null && (best.ms === null || v > best.ms)) best = { ms: v, phase: p.name, atLeast: false };
    }
    return best;
  };
  const p95 = worst('p95');
  const p99 = worst('p99');
  if (p95.ms !== null && (p99.ms === null || p99.ms < p95.ms)) return { p95, p99: { ms: p95.ms, phase: p95.phase, atLeast: true } };
  return { p95, p99 };
}

/** "27361 ms (60 users)", "≥ 27361 ms (60 users: too few samples for p99)", or why there is none. */
export function formatWorst(w: WorstFigure, fmt: (ms: number) => string): string {
  if (w.ms === null) return 'insufficient samples';
  return w.atLeast ? `≥ ${fmt(w.ms)} (${w.phase}: too few samples for p99)` : `${fmt(w.ms)} (${w.phase})`;
}
