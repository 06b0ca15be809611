import type { CompareResult } from './compare-result.ts';
import { aaSentence, breakdownTables, serverEfficiency, speedTables, toMarkdown, toText } from './render-table.ts';

const loadLine = (r: CompareResult) =>
  `load average before ${r.machine.loadavgBefore.map((x) => x.toFixed(2)).join(', ')} (after ${r.machine.loadavgAfter.map((x) => x.toFixed(2)).join(', ')}) on ${r.machine.cores} cores`;

const skipped = (r: CompareResult) => r.engines.filter((e) => e.status !== 'ok').map((e) => `${e.id} ${e.status}: ${e.reason}`);

/** What the terminal shows at the end of a run. */
export function renderTerminal(r: CompareResult): string {
  const eff = serverEfficiency(r);
  return [
    `compare ${r.id}: ${r.dataset.name} (${r.dataset.lines} lines, ${r.dataset.pages} pages), ${loadLine(r)}`,
    ...r.warnings.map((w) => `WARNING: ${w}`),
    ...skipped(r),
    ...speedTables(r).map(toText),
    ...(eff.length ? [`server efficiency, ours-http / ours images/s: ${eff.map((e) => `${e.mode}s x${e.processes} ${e.text}`).join(', ')}`] : []),
    ...aaSentence(r),
  ].join('\n\n');
}

/** summary.md: the tables for a PR comment or the README. */
export function renderSummaryMd(r: CompareResult): string {
  const eff = serverEfficiency(r);
  return [
    `## ocrbench compare: ${r.dataset.name}`,
    '',
    `\`npm run compare -- ${r.command.join(' ')}\` · ${r.startedAt} · ${r.machine.cpuModel}, ${r.machine.cores} cores · ${loadLine(r)}`,
    ...r.warnings.map((w) => `\n> **Warning:** ${w}`),
    ...skipped(r).map((s) => `\n- ${s}`),
    '',
    ...speedTables(r).flatMap((t) => [toMarkdown(t), '']),
    ...(eff.length ? [`Server efficiency (ours-http / ours images/s): ${eff.map((e) => `${e.mode}s x${e.processes} **${e.text}**`).join(', ')}`, ''] : []),
    ...aaSentence(r, (s) => `**${s}**`).flatMap((s) => [s, '']),
    ...breakdownTables(r).flatMap((t) => [toMarkdown(t), '']),
    `Engines: ${r.engines.map((e) => `${e.id} ${e.version ?? ''}`.trim()).join(', ')}. Method: ${r.settings.warmup}; ${r.settings.order}.`,
    '',
  ].join('\n');
}
