import { escapeHtml as h, fmtMiB, fmtMs } from './format.ts';
import { comparisonTable, phaseTable, summaryTable, thresholdTable, worstTables } from './html-tables.ts';
import type { ReportData } from './report-data.ts';
import type { RunResults } from '../results/schema.ts';
import { chartScripts } from './chart-embed.ts';
import type { VendorScripts } from './vendor.ts';

const CSS = `
:root { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: #222; }
body { margin: 0 auto; padding: 16px 24px 48px; max-width: 1320px; font-size: 14px; }
h1 { font-size: 22px; margin: 4px 0 8px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.verdict { display: inline-block; padding: 3px 12px; border-radius: 4px; color: #fff; font-weight: 700; letter-spacing: .05em; margin-right: 8px; }
.PASS { background: #2e7d32; } .FAIL { background: #c62828; } .INVALID { background: #ef6c00; }
.ok { color: #2e7d32; font-weight: 600; } .bad { color: #c62828; font-weight: 600; } .warn { color: #ef6c00; font-weight: 600; }
.dim { color: #777; font-weight: normal; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 4px 24px; margin: 8px 0; }
.facts div { overflow-wrap: anywhere; } .facts b { display: inline-block; min-width: 92px; color: #555; font-weight: 600; }
table { border-collapse: collapse; margin: 6px 0; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } table.summary td { font-size: 15px; font-weight: 600; } table.phases td, table.comparison td { white-space: nowrap; }
table.wrong pre { margin: 0; white-space: pre-wrap; max-width: 520px; max-height: 10em; overflow: auto; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 18px; }
figure { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 10px; overflow-x: auto; } figcaption { color: #555; font-size: 12px; margin-top: 4px; }
figure h3 { margin: 0 0 6px; font-size: 14px; } .missing { color: #777; font-style: italic; padding: 30px 0; }
.chart-error { color: #c62828; white-space: pre-wrap; }
.scroll { overflow-x: auto; max-width: 100%; } ul.reasons { margin: 6px 0; } details { margin: 8px 0; } pre.json { background: #f8f8f8; padding: 8px; overflow: auto; max-height: 420px; font-size: 12px; }
`;

/** The one self-contained page: data, chart specs and the chart libraries inline; nothing is fetched. */
export function renderHtml(d: ReportData, vendor: VendorScripts): string {
  const r = d.results;
  const g = d.gate;
  const charts = d.charts.map((c) =>
    `<figure><h3>${h(c.title)}</h3>${c.spec ? `<div class="chart" id="chart-${h(c.id)}" data-chart="${h(c.id)}"></div>` : `<div class="missing" data-missing="${h(c.id)}">Not in this run: ${h(c.missing ?? '')}</div>`}<figcaption>${h(c.caption)}</figcaption></figure>`,
  ).join('\n');
  const specs = Object.fromEntries(d.charts.filter((c) => c.spec).map((c) => [c.id, c.spec]));
  const failures = g.failures.length
    ? `<table><thead><tr><th>Failed</th><th>Measured</th><th>Advice</th></tr></thead><tbody>${g.failures.map((f) => `<tr><td><code>${h(f.threshold)}</code>${f.abortOnFail ? ' <span class="dim">abortOnFail</span>' : ''}</td><td>${f.actual === null ? 'n/a' : h(String(+f.actual.toPrecision(4)))}</td><td>${h(f.advice)}</td></tr>`).join('')}</tbody></table>`
    : '';
  const reasons = g.reasons.length ? `<p><b>Why the run is INVALID:</b></p><ul class="reasons">${g.reasons.map((x) => `<li>${h(x)}</li>`).join('')}</ul>` : '';
  const warnings = r.validity.warnings.length
    ? `<details class="dim"><summary>${r.validity.warnings.length} warning(s) from the harness (noted, not disqualifying)</summary><ul>${r.validity.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></details>`
    : '';
  const advice = r.validity.advice.length ? `<p class="dim">Advice: ${r.validity.advice.map(h).join('; ')}</p>` : '';
  const env = r.environment;
  const fact = (k: string, v: string) => `<div><b>${h(k)}</b> ${v}</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`${g.verdict} · ${r.scenario.name} · ${r.runId}`)}</title><style>${CSS}</style></head>
<body>
<header>
<h1><span class="verdict ${g.verdict}" id="verdict">${g.verdict}</span>ocrbench · ${h(r.scenario.name)} <span class="dim">${h(r.runId)}</span></h1>
<div class="dim">${h(r.scenario.description)} · ${h(r.startedAt)} → ${h(r.finishedAt)} · status ${h(r.status)}${r.statusReason ? ` (${h(r.statusReason)})` : ''}</div>
${reasons}${failures}${warnings}${advice}
<div class="facts">
${fact('Scenario', `${h(r.scenario.name)}: ${r.scenario.phases.length} phases, dataset ${h(r.scenario.dataset)}, mode ${h(r.scenario.mode)}, cls ${r.scenario.cls}, cache ${h(r.scenario.cache)}, seed ${r.scenario.seed}${r.scenario.scale !== 1 ? `, durations x${+r.scenario.scale.toPrecision(3)}` : ''}`)}
${fact('Target', `${h(r.target.kind)} <code>${h(r.target.url)}</code>${requestNote(r)}`)}
${r.slo ? fact('SLO', `${h(r.slo.source)}: capacity ${r.slo.capacity ? `${h(r.slo.capacity.load)}, ${r.slo.capacity.okPerSec.toFixed(1)} answered images/s` : 'none'}; ${r.slo.phases.map((p) => `${h(p.load)} ${p.status}`).join(', ')}`) : ''}
${fact('Dataset', `${h(r.dataset.name)} <code>${h(r.dataset.hash)}</code>, ${r.dataset.used} of ${r.dataset.items} items used`)}
${fact('Models', r.models.map((m) => `${h(m.role)} <code>${h(m.id)}</code>${m.precision ? ` ${h(m.precision)}` : ''} <span class="dim">${h(m.sha256.slice(0, 16))}</span>`).join('<br>') || 'n/a')}
${fact('Machine', `${h(env.cpuModel)}, ${env.cores} cores, ${fmtMiB(env.memoryBytes)}, ${h(env.os)} (${h(env.hostname)})`)}
${fact('Versions', `node ${h(env.node)}, onnxruntime ${h(env.onnxruntime ?? 'n/a')}, sharp ${h(env.sharp ?? 'n/a')}, harness ${h(env.harnessCommit ?? 'n/a')}`)}
${fact('Cold start', `${fmtMs(r.server.coldStartMs)} to /readyz`)}
${fact('Command', `<code>${h(['npm run bench --', ...r.command].join(' '))}</code>`)}
</div>
</header>
<h2>Summary</h2>
${summaryTable(r)}
<h2>Charts</h2>
<div class="charts">
${charts}
</div>
<h2>Per-phase statistics</h2>
<p class="dim">Latency is the client's (send to last byte), over the measured window after each phase's warm-up; a percentile with too few samples reads "insufficient samples".</p>
${phaseTable(r)}
<h2>Thresholds</h2>
${thresholdTable(d)}
${comparisonTable(d)}
${worstTables(d)}
<h2>Configuration</h2>
<details><summary>Effective scenario</summary><pre class="json">${h(JSON.stringify(r.scenario, null, 2))}</pre></details>
<details><summary>Server configuration and args</summary><pre class="json">${h(JSON.stringify({ config: r.server.config, args: r.server.args }, null, 2))}</pre></details>
${chartScripts(vendor, specs)}
</body></html>
`;
}

/** How each request went: body, header names (values are never written) and which options were the server's defaults. */
function requestNote(r: RunResults): string {
  const t = r.target;
  const req = r.scenario.request;
  const set = req ? Object.keys(req) : [];
  const defaults = ['mode', 'cls'].filter((k) => !set.includes(k));
  return [
    t.body ? ` · ${h(t.body)} body` : '',
    t.headers?.length ? ` · headers ${t.headers.map(h).join(', ')}` : '',
    req ? ` · ${defaults.length ? `${defaults.join(' and ')}: the server's default${set.length ? `; ${set.join(' and ')} from the scenario` : ''}` : 'mode and cls from the scenario'}` : '',
  ].join('');
}
