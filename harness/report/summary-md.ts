import { fmtCpu, fmtMetric, fmtMiB, fmtMs, fmtNum, fmtRate, mdCell } from './format.ts';
import type { ReportData } from './report-data.ts';
import { formatWorst, worstPercentiles } from '../stats/worst-percentiles.ts';

const ICON = { PASS: '✅', FAIL: '❌', INVALID: '⚠️' } as const;

/** A PR-comment-sized summary: verdict, the seed's summary line, phases, failed checks. */
export function renderSummaryMd(d: ReportData): string {
  const r = d.results;
  const s = r.summary;
  const g = d.gate;
  const out: string[] = [];
  out.push(`### ${ICON[g.verdict]} ${g.verdict} · ocrbench \`${r.scenario.name}\` · ${r.runId}`, '');
  if (r.slo) out.push(`**Capacity at SLO** (\`${r.slo.source}\`): ${r.slo.capacity ? `${r.slo.capacity.load}, ${fmtNum(r.slo.capacity.okPerSec)} answered images/s` : 'none'}`, '');
  if (g.reasons.length) out.push('**Invalid run:**', ...g.reasons.map((x) => `- ${x}`), '');
  if (g.failures.length) {
    out.push('| Failed | Measured | Advice |', '|---|---|---|');
    for (const f of g.failures) out.push(`| \`${mdCell(f.threshold)}\` | ${f.actual === null ? 'n/a' : +f.actual.toPrecision(4)} | ${mdCell(f.advice)} |`);
    out.push('');
  }
  const worst = worstPercentiles(r.phases);
  out.push(
    '| Peak QPS | Mean | P95 (worst phase) | P99 (worst phase) | Error rate | Server CPU mean/max | Max RSS | Cold start |',
    '|---|---|---|---|---|---|---|---|',
    `| ${fmtNum(s.peakQps)} | ${fmtMs(s.meanMs)} | ${mdCell(formatWorst(worst.p95, fmtMs))} | ${mdCell(formatWorst(worst.p99, fmtMs))} | ${fmtRate(s.errorRate)} | ${fmtCpu(s.serverCpuMean)} / ${fmtCpu(s.serverCpuMax)} | ${fmtMiB(s.serverRssMax)} | ${fmtMs(s.coldStartMs)} |`,
    '',
    '| Phase | QPS | p50 | p95 | p99 | Errors | Accuracy |',
    '|---|---|---|---|---|---|---|',
  );
  for (const p of r.phases) {
    const l = p.correctedLatency ?? p.latency;
    const acc = p.accuracy ? [p.accuracy.pageF1 !== null ? `F1 ${p.accuracy.pageF1.toFixed(3)}` : '', p.accuracy.cer !== null ? `CER ${p.accuracy.cer.toFixed(3)}` : ''].filter(Boolean).join(', ') : 'n/a';
    const knee = p.name === d.knee.phase ? ' (knee)' : '';
    out.push(`| ${mdCell(p.name)}${knee} | ${fmtNum(p.throughput.okPerSec)} | ${l.p50 === null ? 'insufficient' : fmtMs(l.p50)} | ${l.p95 === null ? 'insufficient' : fmtMs(l.p95)} | ${l.p99 === null ? 'insufficient' : fmtMs(l.p99)} | ${fmtRate(p.errors.rate)} | ${acc || 'n/a'} |`);
  }
  const regressions = g.comparison?.filter((c) => c.regression) ?? [];
  if (g.comparison && d.baseline) {
    out.push('', `Compared with baseline \`${d.baseline.runId}\`: ${regressions.length ? `${regressions.length} regression(s)` : 'no regression'}.`);
    for (const c of regressions) out.push(`- ${c.phase} ${c.metric}: ${fmtMetric(c.metric, c.baseline)} → ${fmtMetric(c.metric, c.current)}${c.ratio !== null ? ` (x${c.ratio.toFixed(2)})` : ''}`);
  }
  out.push('', `<sub>${r.environment.cpuModel}, ${r.environment.cores} cores · node ${r.environment.node} · dataset ${r.dataset.name} \`${r.dataset.hash.slice(0, 20)}\` · open report.html for charts</sub>`, '');
  return out.join('\n');
}
