import type { MetricComparison } from './baseline-diff.ts';
import type { PhaseView, RunView } from './run-view.ts';
import { findPhase, type ThresholdOutcome } from './threshold-eval.ts';

/** One line on what to look at next when a threshold fails, from what the run itself measured. */
export function adviseThreshold(out: ThresholdOutcome, run: RunView): string {
  const t = out.threshold;
  const phase = t.phase !== undefined ? findPhase(run, t.phase) : undefined;
  const phases = phase ? [phase] : run.phases;
  switch (t.metric.kind) {
    case 'percentile':
    case 'avg':
    case 'med':
    case 'min':
    case 'max': {
      const knee = lastPhaseUnder(run, t.value, out);
      const where = knee ? `latency held up to phase ${knee.name} (${knee.qps.toFixed(1)} req/s); ` : '';
      return `${where}see the stage breakdown: a large queue or "rest" share means too few workers for the load, a large detect share means big pages (lower --max-pixels or the detector's side limit)`;
    }
    case 'error_rate': {
      const kinds = new Map<string, number>();
      for (const p of phases) for (const [k, n] of Object.entries(p.errorsByKind)) kinds.set(k, (kinds.get(k) ?? 0) + n);
      const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${k} x${n}`).join(', ');
      return `errors by kind: ${top || 'none recorded'}; overloaded/503 means the queue filled (raise --queue or add workers), timeouts mean the deadline is too short for this load`;
    }
    case 'qps': {
      const cap = closedModelCap(phases);
      return cap !== undefined
        ? `a closed-model phase cannot exceed users / (think + latency) = ${cap.toFixed(1)} req/s here; raise the users or lower the think time before blaming the server`
        : 'throughput is below target: compare server CPU with the core count; a server under ~90% of its cores is waiting on something other than compute';
    }
    case 'cer':
    case 'f1':
      return 'accuracy under load differs from the single-user pass: check for empty or truncated answers (timeouts, errors) and for a changed model hash';
    case 'cpu':
      return 'server CPU is above budget: check the worker and thread counts against the cores (workers x threads should not exceed them)';
    case 'rss_mb':
      return 'server memory is above budget: check the cache size, the number of workers (each loads the models) and --max-pixels';
  }
}

/** The last phase, in order, whose latency met the threshold: where the knee is. */
function lastPhaseUnder(run: RunView, limit: number, out: ThresholdOutcome): PhaseView | undefined {
  if (out.threshold.metric.kind !== 'percentile') return undefined;
  const key = String(out.threshold.metric.q);
  let last: PhaseView | undefined;
  for (const p of run.phases) {
    const v = p.latencyStats.percentiles[key];
    if (typeof v === 'number' && v < limit) last = p;
    else break;
  }
  return last;
}

function closedModelCap(phases: PhaseView[]): number | undefined {
  const caps = phases.map((p) => {
    const mean = p.latencyStats.mean;
    return p.users !== undefined && p.thinkS !== undefined && mean !== undefined ? p.users / (p.thinkS + mean / 1000) : undefined;
  });
  return caps.every((c) => c !== undefined) && caps.length ? Math.max(...(caps as number[])) : undefined;
}

/** One line for a regression against the baseline. */
export function adviseRegression(c: MetricComparison): string {
  const ci = c.ci ? ` (95% CI of the ratio ${c.ci[0].toFixed(2)}-${c.ci[1].toFixed(2)})` : '';
  const base = `phase ${c.phase} ${c.metric} ${fmt(c.baseline)} -> ${fmt(c.current)}${c.ratio !== null ? ` (x${c.ratio.toFixed(2)})` : ''}${ci}`;
  switch (c.metric) {
    case 'p50':
    case 'p95':
    case 'p99':
      return `${base}: compare the stage breakdowns side by side to find the stage that slowed`;
    case 'qps':
      return `${base}: throughput fell; check latency and errors of the same phase`;
    case 'error_rate':
      return `${base}: more failures than the baseline; see errors by kind`;
    case 'cer':
    case 'f1':
      return `${base}: accuracy changed; check the model hashes and the preprocessing options`;
    case 'cpu':
    case 'rss_mb':
      return `${base}: the server uses more resources for the same load`;
  }
}

const fmt = (v: number | null) => (v === null ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(3));
