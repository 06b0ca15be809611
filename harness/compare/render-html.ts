import { escapeHtml as h } from '../report/format.ts';
import { chartScripts } from '../report/chart-embed.ts';
import type { VendorScripts } from '../report/vendor.ts';
import { accuracyThroughputSpec } from './charts.ts';
import type { CompareResult } from './compare-result.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { aaSentence, breakdownTables, serverEfficiency, speedTables, type Table } from './render-table.ts';

const CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: #222; }
body { margin: 0 auto; padding: 16px 24px 48px; max-width: 1320px; font-size: 14px; }
h1 { font-size: 22px; margin: 4px 0 8px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 6px 0 16px; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { background: #f5f5f5; } td:first-child, th:first-child { text-align: left; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
.warn { color: #ef6c00; font-weight: 600; } .dim { color: #777; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(640px, 1fr)); gap: 18px; }
figure { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 10px; } figcaption { color: #555; font-size: 12px; margin-top: 4px; }
pre.json { background: #f8f8f8; padding: 8px; overflow: auto; max-height: 420px; font-size: 12px; } .chart-error { color: #c62828; }
`;

function tableHtml(t: Table, id: string): string {
  return `<table id="${h(id)}"><caption>${h(t.title)}</caption><thead><tr>${t.header.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The one self-contained page: tables, the accuracy-vs-throughput chart per mode, the chart libraries inline. */
export function renderCompareHtml(r: CompareResult, vendor: VendorScripts): string {
  const modes = [...new Set(r.rows.map((x) => x.mode))] as ReadMode[];
  const specs = Object.fromEntries(modes.flatMap((m) => {
    const s = accuracyThroughputSpec(r, m);
    return s ? [[m, s]] : [];
  }));
  const charts = modes
    .map((m) => `<figure><h3>${m === 'line' ? 'Lines' : 'Pages'}: accuracy against throughput</h3><div class="chart" id="chart-${m}"></div><figcaption>Up and to the right is better. Green diamonds are the Pareto front (no engine is both faster and more accurate); the dashed line joins them. The horizontal rule is the min–max of throughput over the repeats.</figcaption></figure>`)
    .join('\n');
  const eff = serverEfficiency(r);
  const fact = (k: string, v: string) => `<div><b>${h(k)}</b> ${v}</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ocrbench compare · ${h(r.dataset.name)} · ${h(r.id)}</title><style>${CSS}</style></head>
<body>
<h1>ocrbench compare <span class="dim">${h(r.dataset.name)} · ${h(r.id)}</span></h1>
${r.warnings.map((w) => `<p class="warn" data-warning>${h(w)}</p>`).join('\n')}
<div>
${fact('Dataset', `${h(r.dataset.name)} <code>${h(r.dataset.hash.slice(0, 16))}</code>: ${r.dataset.lines} lines, ${r.dataset.pages} pages${r.dataset.limit ? ` (first ${r.dataset.limit} of each)` : ''}`)}
${fact('Machine', `${h(r.machine.cpuModel)}, ${r.machine.cores} cores, ${h(r.machine.os)}, node ${h(r.machine.node)}; load average before ${r.machine.loadavgBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.machine.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`)}
${fact('Method', `${h(r.settings.warmup)}; ${h(r.settings.order)}; process counts ${r.settings.processCounts.join(' and ')}; ${r.settings.repeat} repeat(s); env ${h(Object.entries(r.settings.env).map(([k, v]) => `${k}=${v}`).join(' '))}; ratios to <b>${h(r.settings.reference)}</b>`)}
${fact('Command', `<code>${h(['npm run compare --', ...r.command].join(' '))}</code>`)}
</div>
<h2>Charts</h2>
<div class="charts">
${charts}
</div>
<h2>Speed and accuracy</h2>
<p class="dim">img/s: each measuring process's readings over its own timed time, summed over the processes (the engines read in turns of a second). Ratios: the median of the per-repeat ratios (min–max). P50/P95: per image, one process. Load: engine creation (the server's cold start for ours-http). Peak RSS: one engine process (the server for ours-http). Accuracy: the eval scorer (NFKC, whitespace removed), line CER or mean page F1.</p>
${speedTables(r).map((t, i) => tableHtml(t, `speed-${i}`)).join('\n')}
${eff.length ? `<p>Server efficiency (ours-http / ours images/s): ${eff.map((e) => `${e.mode}s x${e.processes} ${e.text}`).join(', ')}</p>` : ''}
${aaSentence(r).map((s) => `<p data-aa>${h(s)}</p>`).join('\n')}
<h2>Accuracy by category and language</h2>
${breakdownTables(r).map((t, i) => tableHtml(t, `breakdown-${i}`)).join('\n')}
<h2>Engines</h2>
<table><thead><tr><th>engine</th><th>status</th><th>version</th><th>line mode</th><th>settings</th></tr></thead><tbody>
${r.engines.map((e) => `<tr><td>${h(e.id)}</td><td>${h(e.status)}${e.reason ? ` <span class="dim">${h(e.reason)}</span>` : ''}</td><td>${h(e.version ?? 'n/a')}</td><td style="text-align:left">${h(e.lineMode)}</td><td style="text-align:left;white-space:normal">${h(Object.entries(e.settings).map(([k, v]) => `${k}: ${v}`).join('; '))}</td></tr>`).join('\n')}
</tbody></table>
${chartScripts(vendor, specs)}
</body></html>
`;
}
