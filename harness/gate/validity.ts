import type { RunView } from './run-view.ts';
import type { ThresholdOutcome } from './threshold-eval.ts';

export interface ValidityOptions {
  /** A phase measured for less than this is too short to say anything (seconds). */
  minPhaseSeconds?: number;
}

export const DEFAULT_VALIDITY: Required<ValidityOptions> = { minPhaseSeconds: 10 };

/**
 * Why a run cannot be trusted, MLPerf-style: a verdict with reasons rather than an exception. The
 * harness's own self-check (its CPU, event-loop lag against the phase's latency, late sends), a crash
 * and an interruption come in through `run.invalidReasons` (harness/bench/validity.ts owns those
 * rules; repeating them here with other limits would only make the two verdicts disagree). The checks
 * here are the ones that depend on what is gated.
 */
export function checkValidity(run: RunView, outcomes: readonly ThresholdOutcome[], options: ValidityOptions = {}): string[] {
  const o = { ...DEFAULT_VALIDITY, ...options };
  const reasons = [...run.invalidReasons];
  if (run.phases.length === 0) reasons.push('the run has no measured phases');
  for (const p of run.phases) {
    if (p.durationS < o.minPhaseSeconds) reasons.push(`phase ${p.name} was measured for ${p.durationS.toFixed(1)} s, under the ${o.minPhaseSeconds} s minimum`);
    if (p.requests === 0) reasons.push(`phase ${p.name} finished no requests`);
  }
  for (const out of outcomes) {
    if (out.pass === null) reasons.push(`threshold "${out.threshold.source}" cannot be checked: ${out.unevaluable}`);
  }
  return [...new Set(reasons)];
}
