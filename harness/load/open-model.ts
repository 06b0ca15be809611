import { planArrivals } from '../plan/plan-arrivals.ts';
import { subSeed } from '../plan/random.ts';
import { lateAfterMs } from './request-record.ts';
import { issueRequest, recordDropped, sleep, type LoadContext, type TimedPhase } from './load-context.ts';

interface Arrival {
  t: number;
  phase: TimedPhase;
  late: boolean;
  sampleId: string;
}

/**
 * Open model: requests arrive on a schedule planned before the run, whatever the server does. An
 * arrival that finds every connection busy waits in the harness, and that wait counts in the
 * latency from the scheduled time (coordinated-omission corrected) but not in the service time.
 * Past `maxInFlight` outstanding requests an arrival is dropped and counted.
 */
export async function runOpenLoad(phases: TimedPhase[], ctx: LoadContext, arrivalSeed: number): Promise<void> {
  const schedule = phases.flatMap((phase) =>
    planArrivals({ durationMs: phase.durationMs, rate: phase.rate ?? 0, arrival: phase.arrival ?? 'constant' }, subSeed(arrivalSeed, phase.index)).map((a) => ({
      t: phase.startMs + a,
      phase,
    })),
  );
  const connections = phases[0]?.connections ?? 1;
  const maxInFlight = phases[0]?.maxInFlight ?? Infinity;
  const waiting: Arrival[] = [];
  let active = 0;
  let outstanding = 0;
  const pending = new Set<Promise<void>>();

  const dispatch = (a: Arrival) => {
    active++;
    const p = issueRequest(ctx, a.phase, a.sampleId, a.t, a.late).then(() => {
      active--;
      outstanding--;
      pending.delete(p);
      const next = waiting.shift();
      if (next) dispatch(next);
    });
    pending.add(p);
  };

  for (let i = 0; i < schedule.length && !ctx.stop.aborted; ) {
    const now = ctx.now();
    const { t, phase } = schedule[i];
    if (t > now) {
      await sleep(t - now, ctx.stop);
      continue;
    }
    i++;
    const a: Arrival = { t, phase, late: now - t > lateAfterMs(phase.rate), sampleId: ctx.nextSample() };
    if (outstanding >= maxInFlight) recordDropped(ctx, phase, a.sampleId, t, a.late);
    else {
      outstanding++;
      if (active < connections) dispatch(a);
      else waiting.push(a);
    }
  }
  // Stopped early: arrivals still waiting for a connection were never sent.
  if (ctx.stop.aborted) for (const a of waiting.splice(0)) (outstanding--, recordDropped(ctx, a.phase, a.sampleId, a.t, a.late, 'aborted'));
  while (pending.size) await Promise.all([...pending]);
}
