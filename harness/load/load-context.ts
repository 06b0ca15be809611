import type { Dispatcher } from 'undici';
import type { PhasePlan } from '../results/schema.ts';
import type { RequestRecord } from './request-record.ts';
import { dispatchRequest, interpretOutcome, type AbortGroup } from './send-request.ts';
import type { PreparedRequest, Target } from './target.ts';

/** A planned phase placed on the run's time axis. */
export interface TimedPhase extends PhasePlan {
  index: number;
  startMs: number;
  endMs: number;
}

/** Places phases back to back from t = 0. */
export function placePhases(phases: PhasePlan[]): TimedPhase[] {
  let start = 0;
  return phases.map((p, index) => {
    const timed = { ...p, index, startMs: start, endMs: start + p.durationMs };
    start = timed.endMs;
    return timed;
  });
}

/** Everything an executor needs; it only executes the plan and reports records. */
export interface LoadContext {
  client: Dispatcher;
  target: Target;
  requests: ReadonlyMap<string, PreparedRequest>;
  nextSample: () => string;
  now: () => number;
  timeoutMs: number;
  /** Set: issue no new requests. */
  stop: AbortSignal;
  /** Fires: cut requests in flight. */
  abort: AbortGroup;
  onRecord: (record: RequestRecord) => void;
  /** Requests in flight now (read by the progress line and the time series). */
  inFlight: { count: number };
  seq: { next: number };
}

/**
 * Sends one sample; its record is reported on the next turn of the event loop (setImmediate), so a
 * user's next request is not held back by parsing and logging this answer. `settleRecords` waits
 * for those. `scheduledAt` is the open model's plan (or the send time).
 */
export async function issueRequest(ctx: LoadContext, phase: TimedPhase, sampleId: string, scheduledAt: number, late: boolean): Promise<void> {
  const seq = ctx.seq.next++;
  const req = ctx.requests.get(sampleId);
  if (!req) throw new Error(`no prepared request for sample ${sampleId}`);
  ctx.inFlight.count++;
  const raw = await dispatchRequest(ctx.client, ctx.target, req, { now: ctx.now, timeoutMs: ctx.timeoutMs, abort: ctx.abort });
  ctx.inFlight.count--;
  setImmediate(() => {
    const out = interpretOutcome(ctx.target, raw);
    const planned = phase.model === 'open' ? scheduledAt : out.sentAt;
    ctx.onRecord({
      seq,
      phase: phase.name,
      warmup: planned - phase.startMs < phase.warmupMs,
      sampleId,
      late,
      scheduledAt: planned,
      sentAt: out.sentAt,
      firstByteAt: out.firstByteAt,
      doneAt: out.doneAt,
      status: out.status,
      errorKind: out.errorKind,
      bytes: out.bytes,
      serverTiming: out.serverTiming,
      text: out.text,
      lines: out.lines,
      cached: out.cached,
    });
  });
}

/** Resolves once every record deferred by issueRequest has been reported (setImmediate runs in order). */
export function settleRecords(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records an open-model arrival that was not sent because too many requests were outstanding. */
export function recordDropped(ctx: LoadContext, phase: TimedPhase, sampleId: string, scheduledAt: number, late: boolean, errorKind: 'dropped' | 'aborted' = 'dropped'): void {
  ctx.onRecord({
    seq: ctx.seq.next++,
    phase: phase.name,
    warmup: scheduledAt - phase.startMs < phase.warmupMs,
    sampleId,
    late,
    scheduledAt,
    sentAt: null,
    firstByteAt: null,
    doneAt: null,
    status: 0,
    errorKind,
    bytes: 0,
    serverTiming: {},
    text: null,
    lines: null,
    cached: null,
  });
}

/** Resolves after ms, or at once when the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
