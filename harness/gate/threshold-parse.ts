/**
 * The one threshold parser. Thresholds read like k6's (https://grafana.com/docs/k6/latest/using-k6/thresholds/)
 * so a k6 user reads them at once, with our metric names in place of k6's metric + aggregation pair.
 *
 * Grammar (whitespace between tokens is free, except that a scope and a flag are separate words):
 *
 *   threshold  := [ scope ] check [ "abortOnFail" ]
 *   scope      := "phase:" NAME                   -- one phase; NAME matches a phase's name, its user count
 *                                                    or its arrival rate (so "phase:40" is the 40-user step)
 *   check      := metric op NUMBER
 *   metric     := "p(" NUMBER ")"                 -- latency percentile in ms, 0 < N < 100 (p(99.9) is fine)
 *               | "avg" | "med" | "min" | "max"   -- latency in ms
 *               | "error_rate"                    -- failed / all requests, 0..1
 *               | "qps"                           -- completed requests per second
 *               | "cer"                           -- character error rate, 0..1 (lower is better)
 *               | "f1"                            -- page bag-of-characters F1, 0..1
 *               | "cpu"                           -- server process-tree CPU, mean % of one core
 *               | "rss_mb"                        -- server process-tree RSS, peak MB
 *   op         := "<" | "<=" | ">" | ">=" | "==" | "!="
 *   NUMBER     := digits [ "." digits ]
 *
 * Without a scope a threshold is global: it is checked against the whole measured run (see
 * threshold-eval.ts for what "whole run" means for each metric). The object form
 * `{ threshold, phase?, abortOnFail? }` is k6's object form plus an explicit scope.
 */

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Metric =
  | { kind: 'percentile'; q: number }
  | { kind: 'avg' | 'med' | 'min' | 'max' | 'error_rate' | 'qps' | 'cer' | 'f1' | 'cpu' | 'rss_mb' };

export interface Threshold {
  /** The expression as written, for reports and junit test names. */
  source: string;
  /** Phase name (or user count / rate) this threshold is scoped to; undefined = global. */
  phase?: string;
  metric: Metric;
  op: Op;
  value: number;
  abortOnFail: boolean;
}

/** k6's object form with an explicit scope. */
export interface ThresholdObject {
  threshold: string;
  phase?: string | number;
  abortOnFail?: boolean;
}

export type ThresholdInput = string | ThresholdObject;

/** On failure, `partial` holds what did parse, so a caller can still check the good ones. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[]; partial?: T };

const SIMPLE_METRICS = ['avg', 'med', 'min', 'max', 'error_rate', 'qps', 'cer', 'f1', 'cpu', 'rss_mb'] as const;
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const EXPR = new RegExp(
  String.raw`^(?:phase:(?<phase>[A-Za-z0-9_.\-]+)\s+)?` +
    String.raw`(?<metric>p\(\s*(?<q>${NUMBER})\s*\)|[a-z_0-9]+)\s*` +
    String.raw`(?<op><=|>=|==|!=|<|>)\s*(?<value>${NUMBER})` +
    String.raw`(?:\s+(?<flag>\S+))?$`,
);

/** Parses one threshold; every problem with it is reported, not just the first. */
export function parseThreshold(input: ThresholdInput): ParseResult<Threshold> {
  const errors: string[] = [];
  const text = (typeof input === 'string' ? input : input?.threshold)?.trim?.();
  if (typeof text !== 'string' || text === '') {
    return { ok: false, errors: [`threshold ${JSON.stringify(input)}: expected a non-empty string like "p(95)<1200"`] };
  }
  const m = EXPR.exec(text);
  if (!m?.groups) {
    return { ok: false, errors: [`threshold "${text}": not of the form [phase:NAME] metric op number [abortOnFail], e.g. "phase:40 p(95)<1200"`] };
  }
  const g = m.groups;
  let metric: Metric | undefined;
  if (g.q !== undefined) {
    const q = Number(g.q);
    if (!(q > 0 && q < 100)) errors.push(`threshold "${text}": percentile ${g.q} must be between 0 and 100 (exclusive)`);
    metric = { kind: 'percentile', q };
  } else if ((SIMPLE_METRICS as readonly string[]).includes(g.metric)) {
    metric = { kind: g.metric as (typeof SIMPLE_METRICS)[number] };
  } else {
    errors.push(`threshold "${text}": unknown metric "${g.metric}" (known: p(N), ${SIMPLE_METRICS.join(', ')})`);
  }
  let abortOnFail = typeof input === 'object' && input.abortOnFail === true;
  if (g.flag !== undefined) {
    if (g.flag === 'abortOnFail') abortOnFail = true;
    else errors.push(`threshold "${text}": unknown flag "${g.flag}" (known: abortOnFail)`);
  }
  let phase = g.phase;
  if (typeof input === 'object' && input.phase !== undefined) {
    const objPhase = String(input.phase);
    if (phase !== undefined && phase !== objPhase) errors.push(`threshold "${text}": scoped to phase ${phase} in the text but ${objPhase} in "phase"`);
    phase = objPhase;
  }
  if (errors.length || !metric) return { ok: false, errors };
  const value = Number(g.value);
  // The canonical spelling, so a threshold reads the same in every report whichever form it came in.
  const source = `${phase !== undefined ? `phase:${phase} ` : ''}${metricName(metric)}${g.op}${g.value}${abortOnFail ? ' abortOnFail' : ''}`;
  return { ok: true, value: { source, phase, metric, op: g.op as Op, value, abortOnFail } };
}

/**
 * k6's own metric keys, so a k6 thresholds block works as written: the key names the metric and the
 * expression its aggregation. `rate` means the error rate on http_req_failed and throughput on http_reqs.
 */
const K6_METRICS: Record<string, (aggregation: string) => string | undefined> = {
  http_req_duration: (a) => (/^(p\(|avg$|med$|min$|max$)/.test(a) ? a : undefined),
  http_req_failed: (a) => (a === 'rate' ? 'error_rate' : undefined),
  http_reqs: (a) => (a === 'rate' ? 'qps' : undefined),
};

/**
 * Parses a list of thresholds, or a map keyed by scope: ours (`global`, `phase:40`) or k6's metric keys
 * with an optional tag filter (`http_req_duration{phase:40}`, `http_req_failed`, `http_reqs`).
 * Reports every error of every threshold at once.
 */
export function parseThresholds(input: readonly ThresholdInput[] | Readonly<Record<string, readonly ThresholdInput[]>> | undefined): ParseResult<Threshold[]> {
  if (input === undefined) return { ok: true, value: [] };
  const items: ThresholdInput[] = [];
  const errors: string[] = [];
  if (Array.isArray(input)) items.push(...input);
  else if (typeof input === 'object' && input !== null) {
    for (const [key, list] of Object.entries(input as Record<string, readonly ThresholdInput[]>)) {
      // In a k6 tag filter the braces delimit the name, so phase names with spaces ("40 users") work there.
      const k = /^(?:phase:(?<ours>[^{}\s]+)|(?<metric>[a-z_]+)(?:\{phase:(?<tag>[^{}]+)\})?)$/.exec(key)?.groups;
      const phase = k?.ours ?? k?.tag;
      const k6 = k?.metric !== undefined && k.metric !== 'global' ? K6_METRICS[k.metric] : undefined;
      if (!k || (k.metric !== undefined && k.metric !== 'global' && !k6) || (k.metric === 'global' && k.tag)) {
        errors.push(`thresholds key "${key}": expected "global", "phase:NAME" or a k6 metric (${Object.keys(K6_METRICS).join(', ')}) with an optional {phase:NAME}`);
        continue;
      }
      if (!Array.isArray(list)) {
        errors.push(`thresholds key "${key}": expected a list of thresholds`);
        continue;
      }
      for (const t of list) {
        const obj: ThresholdObject = typeof t === 'string' ? { threshold: t } : { ...t };
        if (k6 && typeof obj.threshold === 'string') {
          const aggregation = /^\s*(p\([^)]*\)|[a-z_]+)/.exec(obj.threshold)?.[1] ?? '';
          const ours = k6(aggregation);
          if (ours === undefined) {
            errors.push(`thresholds key "${key}": "${obj.threshold}" uses an aggregation we do not measure for ${k.metric}`);
            continue;
          }
          obj.threshold = obj.threshold.replace(aggregation, ours);
        }
        items.push(phase === undefined ? obj : { ...obj, phase });
      }
    }
  } else errors.push(`thresholds: expected a list or a map, got ${JSON.stringify(input)}`);
  const value: Threshold[] = [];
  for (const item of items) {
    const r = parseThreshold(item);
    if (r.ok) value.push(r.value);
    else errors.push(...r.errors);
  }
  return errors.length ? { ok: false, errors, partial: value } : { ok: true, value };
}

/** Whether a measured value meets the threshold's condition. */
export function compare(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '>': return actual > value;
    case '>=': return actual >= value;
    case '==': return actual === value;
    case '!=': return actual !== value;
  }
}

/** A metric's name as written, e.g. "p(95)" or "error_rate". */
export function metricName(metric: Metric): string {
  return metric.kind === 'percentile' ? `p(${metric.q})` : metric.kind;
}
