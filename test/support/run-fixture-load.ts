import { performance } from 'node:perf_hooks';
import type { TimedPhase } from '../../harness/load/load-context.ts';
import type { RequestRecord } from '../../harness/load/request-record.ts';
import { runLoad } from '../../harness/load/run-load.ts';
import { createMultipartTarget } from '../../harness/load/target.ts';
import type { PhaseStats } from '../../harness/results/schema.ts';
import { normalizeScenario } from '../../harness/scenario/normalize-scenario.ts';
import { computePhaseStats } from '../../harness/stats/phase-stats.ts';

/** Runs a scenario (input form) against a URL with one tiny prepared sample; for the harness's own tests. */
export async function runFixtureLoad(url: string, scenarioInput: unknown, hooks: { atMs?: number; then?: () => void; stop?: AbortSignal } = {}) {
  const r = normalizeScenario(scenarioInput);
  if (!r.ok) throw new Error(r.errors.join('; '));
  const target = createMultipartTarget({ url });
  const requests = new Map([['s1', target.prepare('s1', new Uint8Array(2048), 's1.png')]]);
  const records: RequestRecord[] = [];
  const t0 = performance.now();
  const timer = hooks.then ? setTimeout(hooks.then, hooks.atMs ?? 0) : null;
  const outcome = await runLoad({
    scenario: r.scenario,
    target,
    requests,
    nextSample: () => 's1',
    seeds: { arrivals: 11, think: 12 },
    now: () => performance.now() - t0,
    onRecord: (x) => records.push(x),
    stop: hooks.stop ?? new AbortController().signal,
  });
  if (timer) clearTimeout(timer);
  const stats: PhaseStats[] = outcome.phases.map((p: TimedPhase) => computePhaseStats(p, records, [], outcome.stoppedAt));
  return { records, phases: outcome.phases, stats };
}
