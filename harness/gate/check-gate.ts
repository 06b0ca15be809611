import type { RunResults } from '../results/schema.ts';
import { adviseRegression, adviseThreshold } from './advice.ts';
import { compareRuns, type CompareOptions, type MetricComparison } from './baseline-diff.ts';
import { exitCodeFor, type Verdict } from './exit-codes.ts';
import type { RequestSample } from './requests.ts';
import type { RunView } from './run-view.ts';
import { evaluateThresholds, type ThresholdOutcome } from './threshold-eval.ts';
import { parseThresholds, type Threshold, type ThresholdInput } from './threshold-parse.ts';
import { checkValidity, type ValidityOptions } from './validity.ts';
import { viewFromResults } from './view-from-results.ts';

export interface GateFailure {
  /** The threshold as written, or "baseline: <phase> <metric>" for a regression. */
  threshold: string;
  actual: number | null;
  advice: string;
  kind: 'threshold' | 'regression';
  abortOnFail?: boolean;
}

export interface GateResult {
  verdict: Verdict;
  exitCode: number;
  failures: GateFailure[];
  /** Why the run is INVALID (empty otherwise). */
  reasons: string[];
  /** Every threshold, passed or not (the junit file has one test case each). */
  outcomes: ThresholdOutcome[];
  /** Present when a baseline was given. */
  comparison?: MetricComparison[];
}

export interface GateOptions extends ValidityOptions, CompareOptions {
  /** requests.jsonl records of the run and of the baseline: their per-request latencies feed pooled percentiles and the bootstrap. */
  requests?: readonly RequestSample[];
  baselineRequests?: readonly RequestSample[];
}

type Thresholds = readonly Threshold[] | readonly ThresholdInput[] | Readonly<Record<string, readonly ThresholdInput[]>>;

/**
 * The CI verdict on a run. INVALID wins over FAIL (a failed threshold on an untrustworthy run says
 * nothing), FAIL over PASS. Thresholds that do not parse are reported as INVALID reasons, not thrown,
 * so one call always yields a verdict.
 */
export function checkGate(results: RunResults, thresholds: Thresholds, baseline?: RunResults, options: GateOptions = {}): GateResult {
  const view = viewFromResults(results, options.requests);
  const parsed = normalize(thresholds);
  const outcomes = evaluateThresholds(parsed.value, view);
  const reasons = [...parsed.errors.map((e) => `threshold does not parse: ${e}`), ...checkValidity(view, outcomes, options)];
  const failures: GateFailure[] = outcomes
    .filter((o) => o.pass === false)
    .map((o) => ({ threshold: o.threshold.source, actual: o.actual, advice: adviseThreshold(o, view), kind: 'threshold', abortOnFail: o.threshold.abortOnFail }));
  // The run's SLO (results.slo, judged per phase when the run was assembled): a phase that misses it fails the run, as a k6 threshold would.
  for (const p of results.slo?.phases ?? []) {
    if (p.status === 'misses') failures.push({ threshold: `slo ${results.slo!.source} at ${p.load}`, actual: p.latencyMs, advice: `${p.why}; capacity at the SLO: ${results.slo!.capacity ? results.slo!.capacity.load : 'none'}`, kind: 'threshold' });
  }
  let comparison: MetricComparison[] | undefined;
  if (baseline) {
    const baseView = viewFromResults(baseline, options.baselineRequests);
    // A comparison against an untrustworthy run says nothing either way.
    for (const r of baseView.invalidReasons) reasons.push(`the baseline run ${baseline.runId} is not valid: ${r}`);
    comparison = compareRuns(view, baseView, options);
    for (const c of comparison.filter((x) => x.regression)) {
      failures.push({ threshold: `baseline: phase ${c.phase} ${c.metric}`, actual: c.current, advice: adviseRegression(c), kind: 'regression' });
    }
  }
  const verdict: Verdict = reasons.length ? 'INVALID' : failures.length ? 'FAIL' : 'PASS';
  return { verdict, exitCode: exitCodeFor(verdict), failures, reasons, outcomes, comparison };
}

/**
 * For the load harness after each phase: the abortOnFail thresholds that already fail on the phases
 * measured so far (k6's abortOnFail). Unevaluable ones (too few samples yet) do not abort.
 */
export function abortingFailures(thresholds: readonly Threshold[], soFar: RunView): ThresholdOutcome[] {
  return evaluateThresholds(thresholds.filter((t) => t.abortOnFail), soFar).filter((o) => o.pass === false);
}

function normalize(t: Thresholds): { value: Threshold[]; errors: string[] } {
  if (Array.isArray(t) && t.every((x) => typeof x === 'object' && x !== null && 'metric' in x)) return { value: t as Threshold[], errors: [] };
  const r = parseThresholds(t as readonly ThresholdInput[]);
  return r.ok ? { value: r.value, errors: [] } : { value: r.partial ?? [], errors: r.errors };
}
