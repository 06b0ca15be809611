import { escapeXml as x } from './format.ts';
import type { ReportData } from './report-data.ts';

/**
 * JUnit XML for CI test tabs: one test case per threshold, one per baseline comparison that gates,
 * and one "run validity" case that fails (as an error) when the run is INVALID.
 */
export function renderJunit(d: ReportData): string {
  const g = d.gate;
  const cases: string[] = [];
  cases.push(
    `<testcase classname="ocrbench.validity" name="run is valid">${g.reasons.length ? `<error message="${x(`INVALID: ${g.reasons.length} reason(s)`)}">${x(g.reasons.join('\n'))}</error>` : ''}</testcase>`,
  );
  for (const o of g.outcomes) {
    const body =
      o.pass === false
        ? `<failure message="${x(`${o.threshold.source}: measured ${o.actual}`)}">${x(g.failures.find((f) => f.threshold === o.threshold.source)?.advice ?? '')}</failure>`
        : o.pass === null
          ? `<error message="${x(`cannot check: ${o.unevaluable}`)}"/>`
          : '';
    cases.push(`<testcase classname="ocrbench.thresholds" name="${x(`${o.threshold.source} (${o.scope})`)}">${body}<system-out>${x(`measured ${o.actual ?? 'n/a'}; ${o.detail ?? o.unevaluable ?? ''}`)}</system-out></testcase>`);
  }
  for (const c of g.comparison?.filter((c) => c.basis !== 'missing' && c.basis !== 'insufficient samples') ?? []) {
    const name = `phase ${c.phase} ${c.metric} vs baseline`;
    const body = c.regression ? `<failure message="${x(`${c.baseline} -> ${c.current} (x${c.ratio?.toFixed(3)})`)}">${x(`basis: ${c.basis}${c.ci ? `, 95% CI ${c.ci[0].toFixed(3)}-${c.ci[1].toFixed(3)}` : ''}`)}</failure>` : '';
    cases.push(`<testcase classname="ocrbench.baseline" name="${x(name)}">${body}</testcase>`);
  }
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const errors = cases.filter((c) => c.includes('<error')).length;
  const suite = `ocrbench ${d.results.scenario.name} ${d.results.runId}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ocrbench" tests="${cases.length}" failures="${failures}" errors="${errors}">
<testsuite name="${x(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" timestamp="${x(d.results.startedAt)}">
${cases.join('\n')}
</testsuite>
</testsuites>
`;
}
