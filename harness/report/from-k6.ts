import { MIN_SAMPLES, RESULTS_SCHEMA_VERSION, validateResults, type LatencyStats, type PhaseStats, type RunResults } from '../results/schema.ts';

/**
 * Turns a k6 end-of-test summary into a results object the report renders "where the data allows":
 * per-phase latency, throughput and error rate when the summary has per-phase submetrics (the script
 * from `exportK6` tags every request with its phase and adds a no-op threshold per phase so k6 keeps
 * them), else one phase for the whole test. No time series, resources or accuracy: k6 has none.
 *
 * Both k6 formats are read: `handleSummary` data (`metrics.X.values`, what exportK6's script writes)
 * and the legacy `--summary-export` (`metrics.X` flat).
 */

/** Phase plan the exported script adds to its summary under `ocrbench`. */
export interface K6PlanPhase { name: string; durationMs: number; vus: number | null; rate: number | null; thinkMs: number | null }

type Values = Record<string, number>;
const rec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function metricValues(m: unknown): Values | undefined {
  if (!rec(m)) return undefined;
  const src = rec(m.values) ? m.values : m;
  const out: Values = {};
  for (const [k, v] of Object.entries(src)) if (typeof v === 'number') out[k] = v;
  return out;
}

function latencyFrom(v: Values | undefined, count: number): LatencyStats {
  const q = (key: string, min: number) => (v?.[key] === undefined ? null : count >= min ? v[key] : null);
  const stats: LatencyStats = {
    count,
    min: v?.min ?? null,
    mean: v?.avg ?? null,
    p50: v?.med ?? v?.['p(50)'] ?? null,
    p90: v?.['p(90)'] ?? null,
    p95: q('p(95)', MIN_SAMPLES.p95),
    p99: q('p(99)', MIN_SAMPLES.p99),
    p999: q('p(99.9)', MIN_SAMPLES.p999),
    max: v?.max ?? null,
    insufficient: [],
  };
  for (const [k, key, min] of [['p95', 'p(95)', MIN_SAMPLES.p95], ['p99', 'p(99)', MIN_SAMPLES.p99], ['p999', 'p(99.9)', MIN_SAMPLES.p999]] as const) {
    if (count < min || v?.[key] === undefined) stats.insufficient.push(k);
  }
  return stats;
}

export type FromK6Result = { ok: true; results: RunResults; notes: string[] } | { ok: false; errors: string[] };

export function fromK6Summary(data: unknown, source = 'k6 summary'): FromK6Result {
  if (!rec(data) || !rec(data.metrics)) return { ok: false, errors: ['no "metrics" object'] };
  const metrics = data.metrics;
  const duration = metricValues(metrics.http_req_duration);
  const reqs = metricValues(metrics.http_reqs);
  if (!duration || !reqs) return { ok: false, errors: ['no http_req_duration or http_reqs metric: was it an HTTP test?'] };
  const notes = ['converted from a k6 summary: no time series, server resources, stage timings or accuracy'];
  const plan: K6PlanPhase[] = rec(data.ocrbench) && Array.isArray(data.ocrbench.phases) ? (data.ocrbench.phases as K6PlanPhase[]) : [];
  const state = rec(data.state) ? data.state : {};
  const totalMs = typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : reqs.rate ? (reqs.count / reqs.rate) * 1000 : 0;

  // Phases: the exported script's plan, each with its tagged submetrics when k6 kept them.
  const tagged = (name: string, metric: string) => metricValues(metrics[`${metric}{phase:${name}}`]);
  const hasPhases = plan.length > 0 && plan.every((p) => tagged(p.name, 'http_req_duration'));
  if (plan.length && !hasPhases) notes.push('the summary lacks per-phase submetrics: shown as one phase');
  const phases = hasPhases ? plan : [{ name: 'whole test', durationMs: totalMs, vus: metricValues(metrics.vus_max)?.max ?? metricValues(metrics.vus_max)?.value ?? null, rate: null, thinkMs: null }];

  let t = 0;
  const stats: PhaseStats[] = phases.map((p, index) => {
    const d = hasPhases ? tagged(p.name, 'http_req_duration') : duration;
    const r = hasPhases ? tagged(p.name, 'http_reqs') : reqs;
    const f = hasPhases ? tagged(p.name, 'http_req_failed') : metricValues(metrics.http_req_failed);
    const completed = r?.count ?? 0;
    // k6's Rate: "passes" counts true values, and http_req_failed is true for a failed request.
    const errors = f?.passes ?? Math.round((f?.rate ?? f?.value ?? 0) * completed);
    const startMs = t;
    t += p.durationMs;
    // k6's http_req_duration covers every response, failed ones included.
    const latency = latencyFrom(d, completed);
    return {
      name: p.name, index, model: p.rate !== null ? 'open' : 'closed', startMs, endMs: t, warmupMs: 0, measuredMs: p.durationMs,
      vus: p.vus, rate: p.rate,
      requests: { scheduled: completed, sent: completed, completed, ok: completed - errors, errors, late: 0, dropped: 0, aborted: 0, warmup: 0 },
      throughput: { completedPerSec: p.durationMs ? completed / (p.durationMs / 1000) : 0, okPerSec: p.durationMs ? (completed - errors) / (p.durationMs / 1000) : 0 },
      errors: { rate: completed ? errors / completed : 0, byKind: (errors ? { http_req_failed: errors } : {}) as Record<string, number> },
      latency, correctedLatency: null, ttfb: latencyFrom(undefined, 0),
      breakdown: { stages: {}, serverTotal: null, client: latency.mean, rest: null, samples: 0 },
      resources: { samples: 0, serverCpuMean: null, serverCpuMax: null, serverCpuMachineMean: null, serverRssMax: null, machineCpuMean: null, machineMemUsedMax: null, harnessCpuMean: null, harnessCpuMax: null, harnessLoopDelayP99Max: null },
      accuracy: null, accuracyChange: null,
    };
  });

  // The k6 thresholds become the scenario's, in k6's own key form, which the gate reads as written.
  const thresholds: Record<string, string[]> = {};
  for (const [key, m] of Object.entries(metrics)) {
    if (rec(m) && rec(m.thresholds) && /^(http_req_duration|http_req_failed|http_reqs)(\{phase:[^}]+\})?$/.test(key)) {
      // The exported script's no-op per-phase thresholds only keep the submetrics; they gate nothing.
      const exprs = Object.keys(m.thresholds).filter((e) => !['max>=0', 'count>=0', 'rate>=0'].includes(e));
      if (exprs.length) thresholds[key] = exprs;
    }
  }
  const total = stats.reduce((s, p) => s + p.requests.completed, 0);
  const totalErrors = stats.reduce((s, p) => s + p.requests.errors, 0);
  const worst = (k: 'p95' | 'p99') => stats.map((p) => p.latency[k]).filter((v): v is number => v !== null).reduce<number | null>((a, b) => (a === null || b > a ? b : a), null);
  const peak = stats.reduce<PhaseStats | null>((a, p) => (!a || p.throughput.completedPerSec > a.throughput.completedPerSec ? p : a), null);
  const meta = rec(data.ocrbench) ? data.ocrbench : {};
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: str(meta.runId, `k6-${source}`),
    status: 'complete', statusReason: null,
    startedAt: str(meta.startedAt, ''), finishedAt: '',
    command: ['k6 run', source],
    scenario: {
      name: str(meta.scenario, 'k6'), description: `k6 end-of-test summary (${source})`, dataset: str(meta.dataset, 'unknown'), mode: meta.mode === 'line' ? 'line' : 'page',
      cls: false, cache: 'unknown', seed: 0, scale: 1, samplePool: null, requestTimeoutMs: 0, thresholds,
      phases: phases.map((p) => ({ name: p.name, model: p.rate !== null ? 'open' : 'closed', durationMs: p.durationMs, warmupMs: 0, vus: p.vus, rampMs: 0, thinkMs: p.thinkMs === null ? null : { min: p.thinkMs, max: p.thinkMs }, rate: p.rate, arrival: null, maxInFlight: null, connections: null })),
    },
    seeds: { samples: 0, arrivals: 0, think: 0 },
    target: { kind: 'url', url: str(meta.url, 'unknown'), field: 'image', textPath: 'text', linesPath: null },
    environment: { cpuModel: 'unknown (k6 load generator)', cores: 0, memoryBytes: 0, os: 'unknown', node: 'n/a', onnxruntime: null, sharp: null, harnessCommit: null, hostname: 'unknown' },
    dataset: { name: str(meta.dataset, 'unknown'), hash: str(meta.datasetHash, 'unknown'), items: 0, used: 0 },
    models: [],
    server: { config: null, info: null, args: [], coldStartMs: null, pid: null },
    phases: stats,
    baseline: null,
    summary: {
      peakQps: peak?.throughput.completedPerSec ?? null, peakQpsPhase: peak?.name ?? null, meanMs: duration.avg ?? null,
      p95Ms: worst('p95'), p99Ms: worst('p99'), errorRate: total ? totalErrors / total : null,
      serverCpuMean: null, serverCpuMax: null, serverRssMax: null, coldStartMs: null, requests: total,
    },
    validity: { verdict: 'VALID', reasons: [], advice: [], warnings: notes.slice() },
    timeSeries: { resourceIntervalMs: 0, resources: [], throughput: [] },
    files: { requests: '', serverLog: null },
  };
  const v = validateResults(results);
  return v.ok ? { ok: true, results: v.results, notes } : { ok: false, errors: v.problems };
}
