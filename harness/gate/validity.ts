import type { RunView } from './run-view.ts';
import type { ThresholdOutcome } from './threshold-eval.ts';

export interface ValidityOptions {
  /** A phase measured for less than this is too short to say anything (seconds). */
  minPhaseSeconds?: number;
  /** Harness event-loop delay p99 above this adds its own lag to every latency (ms). */
  maxLoopDelayMs?: number;
  /** Open model: share of sends that left late because the harness lagged. */
  maxLateShare?: number;
}

export const DEFAULT_VALIDITY: Required<ValidityOptions> = { minPhaseSeconds: 10, maxLoopDelayMs: 100, maxLateShare: 0.01 };

/**
 * Why a run cannot be trusted, MLPerf-style: a verdict with reasons rather than an exception. The
 * harness's own verdict (bottleneck, crash, interruption) comes in through `run.invalidReasons`; the
 * checks here are the ones that depend on what is gated, plus a backstop for the harness self-check.
 */
export function checkValidity(run: RunView, outcomes: readonly ThresholdOutcome[], options: ValidityOptions = {}): string[] {
  const o = { ...DEFAULT_VALIDITY, ...options };
  const reasons = [...run.invalidReasons];
  if (run.phases.length === 0) reasons.push('the run has no measured phases');
  for (const p of run.phases) {
    if (p.durationS < o.minPhaseSeconds) reasons.push(`phase ${p.name} was measured for ${p.durationS.toFixed(1)} s, under the ${o.minPhaseSeconds} s minimum`);
    if (p.requests === 0) reasons.push(`phase ${p.name} finished no requests`);
    const lag = p.harness?.loopDelayP99MaxMs;
    if (lag !== undefined && lag > o.maxLoopDelayMs) {
      reasons.push(`harness bottleneck in phase ${p.name}: its event-loop delay p99 reached ${Math.round(lag)} ms (limit ${o.maxLoopDelayMs} ms)`);
    }
    const { scheduled, late } = p.harness ?? {};
    if (scheduled && late !== undefined && late / scheduled > o.maxLateShare) {
      reasons.push(`harness bottleneck in phase ${p.name}: ${late} of ${scheduled} sends left late (limit ${(o.maxLateShare * 100).toFixed(1)}%)`);
    }
  }
  for (const out of outcomes) {
    if (out.pass === null) reasons.push(`threshold "${out.threshold.source}" cannot be checked: ${out.unevaluable}`);
  }
  return [...new Set(reasons)];
}
