import { metricName } from '../gate/threshold-parse.ts';
import type { LatencyStats, PhaseStats, RunResults } from '../results/schema.ts';
import { escapeHtml as h, fmtCpu, fmtMetric, fmtMiB, fmtMs, fmtNum, fmtPercentile, fmtRate } from './format.ts';
import type { ReportData } from './report-data.ts';
import { formatWorst, worstPercentiles } from '../stats/worst-percentiles.ts';

/** The report's tables as HTML fragments; every cell escaped. */

const table = (head: string[], rows: string[][], cls = '') =>
  `<div class="scroll"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;

/** The seed's summary line: peak QPS, mean, P95, P99, error rate, CPU, memory, cold start. */
export function summaryTable(r: RunResults): string {
  const s = r.summary;
  const worst = worstPercentiles(r.phases);
  return table(
    ['Peak QPS', 'Mean', 'P95 (worst phase)', 'P99 (worst phase)', 'Error rate', 'Server CPU mean / max', 'Server memory (max RSS)', 'Cold start', 'Requests'],
    [[
      `${fmtNum(s.peakQps)}${s.peakQpsPhase ? ` <span class="dim">(${h(s.peakQpsPhase)})</span>` : ''}`,
      fmtMs(s.meanMs),
      h(formatWorst(worst.p95, fmtMs)),
      h(formatWorst(worst.p99, fmtMs)),
      fmtRate(s.errorRate),
      `${fmtCpu(s.serverCpuMean)} / ${fmtCpu(s.serverCpuMax)} <span class="dim">of one core</span>`,
      fmtMiB(s.serverRssMax),
      fmtMs(s.coldStartMs),
      String(s.requests),
    ]],
    'summary',
  );
}

const pct = (s: LatencyStats, k: 'p50' | 'p90' | 'p95' | 'p99' | 'p999') => fmtPercentile(s[k], s.insufficient.includes(k));

function accuracyCell(p: PhaseStats): string {
  const a = p.accuracy;
  if (!a) return 'n/a';
  const parts: string[] = [];
  if (a.pageF1 !== null) parts.push(`F1 ${a.pageF1.toFixed(3)}${delta(p.accuracyChange?.pageF1Delta)}`);
  if (a.cer !== null) parts.push(`CER ${a.cer.toFixed(3)}${delta(p.accuracyChange?.cerDelta)}`);
  return parts.join('<br>') || 'n/a';
}
const delta = (d: number | null | undefined) => (d === null || d === undefined ? '' : ` <span class="dim">(${d >= 0 ? '+' : ''}${d.toFixed(3)} vs 1 user)</span>`);

export function phaseTable(r: RunResults): string {
  const open = r.phases.some((p) => p.correctedLatency);
  const head = ['Phase', 'Load', 'Measured', 'Finished / ok / errors', 'QPS (ok)', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max',
    ...(open ? ['corrected p95', 'corrected p99'] : []), 'Error rate', 'Accuracy', 'Server CPU mean / max', 'Server RSS max', 'Harness CPU / loop delay p99 (worst 500 ms)'];
  const rows = r.phases.map((p) => [
    h(p.name),
    p.vus !== null ? `${p.vus} users` : `${fmtNum(p.rate)} /s`,
    `${fmtNum(p.measuredMs / 1000)} s <span class="dim">(+${fmtNum(p.warmupMs / 1000)} s warm-up)</span>`,
    `${p.requests.completed} / ${p.requests.ok} / ${p.requests.errors}${p.requests.dropped ? ` <span class="bad">(${p.requests.dropped} dropped)</span>` : ''}`,
    fmtNum(p.throughput.okPerSec),
    fmtMs(p.latency.min), fmtMs(p.latency.mean), pct(p.latency, 'p50'), pct(p.latency, 'p90'), pct(p.latency, 'p95'), pct(p.latency, 'p99'), pct(p.latency, 'p999'), fmtMs(p.latency.max),
    ...(open ? [p.correctedLatency ? pct(p.correctedLatency, 'p95') : 'n/a', p.correctedLatency ? pct(p.correctedLatency, 'p99') : 'n/a'] : []),
    fmtRate(p.errors.rate),
    accuracyCell(p),
    `${fmtCpu(p.resources.serverCpuMean)} / ${fmtCpu(p.resources.serverCpuMax)}`,
    fmtMiB(p.resources.serverRssMax),
    `${fmtCpu(p.resources.harnessCpuMean)} / ${p.resources.harnessLoopDelayP99 != null ? `${fmtMs(p.resources.harnessLoopDelayP99)} ` : ''}<span class="dim">(${fmtMs(p.resources.harnessLoopDelayP99Max)})</span>`,
  ]);
  if (r.baseline) {
    const b = r.baseline;
    rows.unshift([
      '<i>single user (accuracy pass)</i>', '1 user', '', `${b.samples} / ${b.samples - b.errors} / ${b.errors}`, '',
      fmtMs(b.latency.min), fmtMs(b.latency.mean), pct(b.latency, 'p50'), pct(b.latency, 'p90'), pct(b.latency, 'p95'), pct(b.latency, 'p99'), pct(b.latency, 'p999'), fmtMs(b.latency.max),
      ...(open ? ['', ''] : []), fmtRate(b.samples ? b.errors / b.samples : null),
      [b.accuracy.pageF1 !== null ? `F1 ${b.accuracy.pageF1.toFixed(3)}` : '', b.accuracy.cer !== null ? `CER ${b.accuracy.cer.toFixed(3)}` : ''].filter(Boolean).join('<br>') || 'n/a',
      '', '', '',
    ]);
  }
  return table(head, rows, 'phases');
}

export function thresholdTable(d: ReportData): string {
  if (d.gate.outcomes.length === 0) return '<p class="dim">No thresholds were set for this run.</p>';
  return table(
    ['Threshold', 'Scope', 'Measured', 'Result', 'How'],
    d.gate.outcomes.map((o) => [
      `<code>${h(o.threshold.source)}</code>`,
      h(o.scope),
      fmtMetric(metricName(o.threshold.metric), o.actual),
      o.pass === true ? '<span class="ok">pass</span>' : o.pass === false ? '<span class="bad">FAIL</span>' : '<span class="warn">cannot check</span>',
      h(o.unevaluable ?? o.detail ?? ''),
    ]),
  );
}

export function comparisonTable(d: ReportData): string {
  if (!d.gate.comparison || !d.baseline) return '';
  const rows = d.gate.comparison.filter((c) => c.basis !== 'missing');
  const hidden = d.gate.comparison.length - rows.length;
  return `<h2>Against the baseline run <code>${h(d.baseline.runId)}</code></h2>
<p class="dim">A change counts as a regression only when it is beyond the tolerance and the 95% bootstrap interval of the ratio excludes 1 (where there are samples to resample).${hidden ? ` ${hidden} comparison(s) without data in either run are not listed.` : ''}</p>` +
    table(
      ['Phase', 'Metric', 'Baseline', 'This run', 'Change', 'Ratio (95% CI)', 'Basis', 'Verdict'],
      rows.map((c) => [
        h(c.phase), h(c.metric), fmtMetric(c.metric, c.baseline), fmtMetric(c.metric, c.current),
        c.delta === null ? 'n/a' : `${c.delta >= 0 ? '+' : ''}${fmtMetric(c.metric, c.delta)}`,
        c.ratio === null ? 'n/a' : `x${c.ratio.toFixed(3)}${c.ci ? ` <span class="dim">(${c.ci[0].toFixed(3)}-${c.ci[1].toFixed(3)})</span>` : ''}`,
        h(c.basis),
        c.regression ? '<span class="bad">regression</span>' : c.improvement ? '<span class="ok">improved</span>' : 'same',
      ]),
      'comparison',
    );
}

export function worstTables(d: ReportData): string {
  const slow = d.slowest === null
    ? '<p class="dim">No per-request records (requests.jsonl) beside this results.json.</p>'
    : table(['Phase', 'Sample', 'Latency', 'Status', 'Error', 'Server stages (ms)'], d.slowest.map((s) => [
        h(s.phase), `<code>${h(s.sampleId)}</code>`, fmtMs(s.latencyMs), String(s.status), h(s.errorKind ?? ''),
        h(Object.entries(s.stages).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')),
      ]));
  const wrong = d.wrong === null
    ? '<p class="dim">Not available: needs the per-request records and the dataset labels.</p>'
    : d.wrong.length === 0
      ? '<p class="ok">Every scored answer matched its label.</p>'
      : table(['Phase', 'Sample', 'Badness', 'Expected', 'Got'], d.wrong.map((w) => [
          h(w.phase), `<code>${h(w.sampleId)}</code>`, w.badness.toFixed(3), `<pre>${h(w.expected)}</pre>`, `<pre>${h(w.got)}</pre>`,
        ]), 'wrong');
  return `<h2>Slowest requests</h2>${slow}<h2>Worst answers <span class="dim">(badness: CER for lines, 1 - F1 for pages)</span></h2>${wrong}`;
}
