import type { TopLevelSpec } from 'vega-lite';
import { chartScripts } from '../report/chart-embed.ts';
import { SCHEMA } from '../report/chart-kit.ts';
import { escapeHtml as h } from '../report/format.ts';
import type { VendorScripts } from '../report/vendor.ts';
import type { HistoryDb, StoredRun } from './history-db.ts';

type FigureRow = ReturnType<HistoryDb['figures']>[number];

/** One chart per metric (a run kind's metric, e.g. bench p95Ms or gate cpuPerImage); exported for tests. */
export function chartKey(r: { kind: string; metric: string }): string {
  return `${r.kind}-${r.metric}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The trend of one metric over runs: x the run's time, one colour per series (scenario and phase), and a
 * line only between runs of the same machine fingerprint (figures of different machines are not a trend).
 */
export function trendSpec(metric: string, rows: readonly FigureRow[]): TopLevelSpec {
  const values = rows.map((r) => ({ at: r.at, value: r.value, series: `${r.scenario} / ${r.phase}`, fingerprint: r.fingerprint, commit: r.commit?.slice(0, 10) ?? '-', run: r.runId }));
  return {
    $schema: SCHEMA,
    width: 560,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'at', type: 'temporal', title: 'run' },
      y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: 'scenario / phase' },
      detail: { field: 'fingerprint', type: 'nominal' },
      strokeDash: { field: 'fingerprint', type: 'nominal', title: 'machine' },
    },
  } as TopLevelSpec;
}

const CSS = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}.dim{color:#777}h2{margin-top:28px}`;

/** The self-contained trend page: the run list and one chart per metric, vega inlined (works offline). */
export function renderTrendPage(runs: readonly StoredRun[], figures: readonly FigureRow[], vendor: VendorScripts): string {
  const byChart = new Map<string, { kind: string; metric: string; rows: FigureRow[] }>();
  for (const f of figures) {
    const key = chartKey(f);
    const entry = byChart.get(key) ?? { kind: f.kind, metric: f.metric, rows: [] };
    entry.rows.push(f);
    byChart.set(key, entry);
  }
  const specs: Record<string, unknown> = {};
  const sections: string[] = [];
  for (const [key, c] of [...byChart].sort(([a], [b]) => a.localeCompare(b))) {
    specs[key] = trendSpec(c.metric, c.rows);
    sections.push(`<h2>${h(c.kind)}: ${h(c.metric)}</h2><div id="chart-${key}" data-chart="${key}"></div>`);
  }
  const list = runs
    .map((r) => `<tr><td>${r.id}</td><td>${h(r.at)}</td><td>${h(r.kind)}</td><td>${h(r.commit?.slice(0, 10) ?? '-')}${r.dirty ? '+dirty' : ''}</td><td>${h(r.scenario)}</td><td>${h(r.fingerprint)}</td><td>${h(r.verdict ?? '')}</td><td>${h(r.note ?? '')}</td></tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ocrbench run history</title><style>${CSS}</style></head><body>
<h1>Run history</h1>
<p class="dim">${runs.length} runs; one chart per metric; lines join runs of the same machine fingerprint.</p>
${sections.join('\n') || '<p>No figures recorded yet: run a bench, compare or gate.</p>'}
<h2>Runs</h2>
<table><thead><tr><th>id</th><th>at</th><th>kind</th><th>commit</th><th>scenario</th><th>machine</th><th>verdict</th><th>note</th></tr></thead><tbody>
${list}
</tbody></table>
${chartScripts(vendor, specs)}
</body></html>
`;
}
