import type { EffectiveScenario } from '../results/schema.ts';

/**
 * The query our server gets: only the options the scenario sets (mode, cls), so the embedded run and
 * --target against our server send the same request, and both get the server's defaults otherwise.
 */
export function scenarioQuery(scenario: Pick<EffectiveScenario, 'request'>): Record<string, string> {
  const r = scenario.request ?? {};
  return { ...(r.mode !== undefined ? { mode: r.mode } : {}), ...(r.cls !== undefined ? { cls: String(r.cls) } : {}) };
}
