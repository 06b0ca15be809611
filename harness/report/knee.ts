import type { RunView } from '../gate/run-view.ts';
import { evaluateThreshold } from '../gate/threshold-eval.ts';
import { metricName, type Threshold } from '../gate/threshold-parse.ts';

export interface Knee {
  /** The phase at the knee, or null when no phase met the thresholds. */
  phase: string | null;
  /** How it was chosen, for the chart's caption. */
  rule: string;
}

const LATENCY_OR_ACCURACY = new Set(['percentile', 'avg', 'med', 'min', 'max', 'cer', 'f1']);

/**
 * The knee of the throughput/latency curve: the highest-load phase that meets every latency and
 * accuracy threshold, each applied to that phase alone (a global "p(95)<1200" asks it of every phase).
 * Without such thresholds there is no budget to meet, so the knee falls back to the peak-throughput phase.
 */
export function findKnee(view: RunView, thresholds: readonly Threshold[]): Knee {
  const budget = thresholds.filter((t) => LATENCY_OR_ACCURACY.has(t.metric.kind));
  if (budget.length === 0) {
    const peak = view.phases.reduce<RunView['phases'][number] | undefined>((a, p) => (!a || p.qps > a.qps ? p : a), undefined);
    return { phase: peak?.name ?? null, rule: 'no latency or accuracy thresholds set: marked at peak throughput' };
  }
  let knee: string | null = null;
  for (const p of view.phases) {
    const meets = budget.every((t) => evaluateThreshold({ ...t, phase: p.name }, { ...view, phases: [p] }).pass === true);
    if (meets) knee = p.name;
  }
  const rule = `highest-load phase meeting ${budget.map((t) => `${metricName(t.metric)}${t.op}${t.value}`).join(', ')}`;
  return { phase: knee, rule: knee ? rule : `no phase meets ${budget.map((t) => t.source).join(', ')}` };
}
