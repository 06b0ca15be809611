import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import type { EffectiveScenario } from '../results/schema.ts';
import { runClosedLoad } from './closed-model.ts';
import { placePhases, settleRecords, type LoadContext, type TimedPhase } from './load-context.ts';
import { runOpenLoad } from './open-model.ts';
import type { RequestRecord } from './request-record.ts';
import { AbortGroup } from './send-request.ts';
import type { PreparedRequest, Target } from './target.ts';

export interface RunLoadOptions {
  scenario: EffectiveScenario;
  target: Target;
  requests: ReadonlyMap<string, PreparedRequest>;
  nextSample: () => string;
  seeds: { arrivals: number; think: number };
  /** The run's clock: ms since t0. Load starts at now() = 0 by the caller's choice of t0. */
  now: () => number;
  onRecord: (record: RequestRecord) => void;
  onPhase?: (phase: TimedPhase) => void;
  /** Fired by Ctrl-C: stop issuing, give in-flight requests `graceMs`, then cut them. */
  stop: AbortSignal;
  graceMs?: number;
  inFlight?: { count: number };
}

export interface LoadOutcome {
  phases: TimedPhase[];
  /** Run-axis time the load stopped early, or null when it ran its course. */
  stoppedAt: number | null;
}

/** Executes a scenario's phases against a target (the plan is fixed before the first request). */
export async function runLoad(o: RunLoadOptions): Promise<LoadOutcome> {
  const phases = placePhases(o.scenario.phases);
  const open = phases[0]?.model === 'open';
  const connections = open ? (phases[0].connections ?? 1) : Math.max(1, ...phases.map((p) => p.vus ?? 0));
  const client = new Pool(o.target.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: o.scenario.requestTimeoutMs,
    bodyTimeout: o.scenario.requestTimeoutMs,
  });
  const abort = new AbortController();
  // Every sleeping user listens on the stop signal; hundreds at once are expected, not a leak.
  setMaxListeners(0, o.stop);
  let stoppedAt: number | null = null;
  const onStop = () => {
    stoppedAt = o.now();
    setTimeout(() => abort.abort(), o.graceMs ?? 1000).unref();
  };
  if (o.stop.aborted) onStop();
  else o.stop.addEventListener('abort', onStop, { once: true });

  // Phase-change notices for the progress line.
  const timers = phases.map((p) => setTimeout(() => !o.stop.aborted && o.onPhase?.(p), Math.max(0, p.startMs - o.now())));
  const ctx: LoadContext = {
    client,
    target: o.target,
    requests: o.requests,
    nextSample: o.nextSample,
    now: o.now,
    timeoutMs: o.scenario.requestTimeoutMs,
    stop: o.stop,
    abort: new AbortGroup(abort.signal),
    onRecord: o.onRecord,
    inFlight: o.inFlight ?? { count: 0 },
    seq: { next: 0 },
  };
  try {
    if (open) await runOpenLoad(phases, ctx, o.seeds.arrivals);
    else await runClosedLoad(phases, ctx, o.seeds.think);
    await settleRecords();
  } finally {
    timers.forEach(clearTimeout);
    o.stop.removeEventListener('abort', onStop);
    await client.destroy().catch(() => undefined);
  }
  return { phases, stoppedAt };
}
