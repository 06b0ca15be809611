import type { ReportData } from './report-data.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

/** The machine-readable verdict and headline figures, for dashboards and scripts. */
export function renderSummaryJson(d: ReportData): string {
  const r = d.results;
  const g = d.gate;
  return JSON.stringify(
    {
      summarySchemaVersion: SUMMARY_SCHEMA_VERSION,
      runId: r.runId,
      scenario: r.scenario.name,
      verdict: g.verdict,
      exitCode: g.exitCode,
      reasons: g.reasons,
      failures: g.failures,
      thresholds: g.outcomes.map((o) => ({ threshold: o.threshold.source, scope: o.scope, actual: o.actual, pass: o.pass, detail: o.detail ?? o.unevaluable ?? null })),
      summary: r.summary,
      knee: d.knee,
      phases: r.phases.map((p) => {
        const l = p.correctedLatency ?? p.latency;
        return {
          name: p.name, vus: p.vus, rate: p.rate, measuredMs: p.measuredMs, requests: p.requests.completed, errors: p.requests.errors,
          qps: p.throughput.okPerSec, latencyKind: p.correctedLatency ? 'corrected' : 'service',
          p50: l.p50, p95: l.p95, p99: l.p99, errorRate: p.errors.rate, errorsByKind: p.errors.byKind,
          cer: p.accuracy?.cer ?? null, pageF1: p.accuracy?.pageF1 ?? null,
          serverCpuMean: p.resources.serverCpuMean, serverRssMax: p.resources.serverRssMax,
        };
      }),
      baseline: d.baseline ? { runId: d.baseline.runId, comparison: g.comparison ?? [] } : null,
      environment: r.environment,
      dataset: r.dataset,
      models: r.models,
    },
    null,
    2,
  ) + '\n';
}
