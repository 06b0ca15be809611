import { performance } from 'node:perf_hooks';
import type { TimedPhase } from '../load/load-context.ts';
import type { RequestRecord, TimingRecord } from '../load/request-record.ts';
import { runLoad } from '../load/run-load.ts';
import { createSampleStream, pickSamples } from '../plan/pick-samples.ts';
import { startServerMetrics, type ServerMetrics } from '../resources/prometheus-run.ts';
import { startResourceSampler, type ResourceSampler } from '../resources/resource-sampler.ts';
import { runBaseline, shiftRecord } from './baseline-pass.ts';
import type { BenchOptions } from './bench-options.ts';
import { createFailFast } from './fail-fast.ts';
import type { JsonlWriter } from './jsonl-writer.ts';
import { createProgress } from './progress.ts';
import type { PreparedRun } from './prepare-run.ts';
import type { StartedTarget } from './start-target.ts';

/** What the load step measured; filled as it goes, so a failure or Ctrl-C keeps what was measured. */
export interface Measured {
  timing: TimingRecord[];
  baselineRecords: RequestRecord[];
  phases: TimedPhase[];
  stoppedAt: number | null;
  sampler: ResourceSampler | null;
  serverMetrics: ServerMetrics | null;
  /** Set when the target's first answers were all errors. */
  failed: string | null;
}

export const emptyMeasured = (): Measured => ({ timing: [], baselineRecords: [], phases: [], stoppedAt: null, sampler: null, serverMetrics: null, failed: null });

/**
 * Step 3 of a run: the single-user accuracy pass, then the scenario's phases, every record to
 * requests.jsonl as it arrives. A target whose first answers are all errors stops the run (failed).
 */
export async function loadStep(o: BenchOptions, prepared: PreparedRun, started: StartedTarget, serverPid: number | null, jsonl: JsonlWriter, m: Measured): Promise<void> {
  const { scenario } = o;
  const { target, requests } = started;
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  const inFlight = { count: 0 };
  const failFast = new AbortController();
  const watchErrors = createFailFast();
  const stopLoad = AbortSignal.any([o.stop, failFast.signal]);
  const observe = (r: RequestRecord) => {
    const reason = watchErrors(r);
    if (reason && !o.stop.aborted) failFast.abort(new Error(reason));
  };
  if (o.baselineSamples > 0 && !o.stop.aborted) {
    const ids = pickSamples(prepared.used, Math.min(o.baselineSamples, prepared.used.length), o.seeds.samples ^ 0x5eed);
    o.write(`single-user accuracy pass over ${ids.length} samples ...\n`);
    m.baselineRecords.push(...(await runBaseline(target, requests, ids, now, scenario.requestTimeoutMs, o.stop)));
    m.baselineRecords.forEach(observe);
    // Fewer samples than the watch needs, all failed: as broken as ten.
    if (m.baselineRecords.length && m.baselineRecords.every((r) => r.errorKind !== null) && !failFast.signal.aborted) {
      failFast.abort(new Error(`every answer of the single-user pass was an error (${[...new Set(m.baselineRecords.map((r) => r.errorKind))].join(', ')}): check the target and the server's log`));
    }
  }
  if (!stopLoad.aborted) {
    // t0: load starts now; the baseline moves to negative times on the same axis.
    const shift = performance.now() - t0;
    t0 += shift;
    for (const r of m.baselineRecords) shiftRecord(r, -shift);
    for (const r of m.baselineRecords) jsonl.write(r);
    let currentPhase: TimedPhase | null = null;
    m.sampler = startResourceSampler({ pid: serverPid, now, phaseAt: () => currentPhase?.name ?? null });
    m.serverMetrics = await startServerMetrics({ urls: o.metrics ?? [], origin: target.origin, now, phaseAt: () => currentPhase?.name ?? null });
    if (m.serverMetrics.urls.length) o.write(`server metrics from ${m.serverMetrics.urls.join(', ')}\n`);
    const progress = createProgress(scenario.phases.length, now, o.write, o.isTTY ?? false, () => m.sampler?.samples.at(-1)?.server?.cpu ?? m.serverMetrics?.latestCpu() ?? null, inFlight);
    const outcome = await runLoad({
      scenario,
      target,
      requests,
      nextSample: createSampleStream(prepared.used, o.seeds.samples),
      seeds: o.seeds,
      now,
      stop: stopLoad,
      inFlight,
      onPhase: (p) => ((currentPhase = p), progress.onPhase(p)),
      onRecord: (r) => {
        jsonl.write(r);
        observe(r);
        const { text: _t, lines: _l, ...rest } = r;
        m.timing.push(rest);
        progress.onRecord(r);
      },
    });
    progress.stop();
    m.phases = outcome.phases;
    m.stoppedAt = outcome.stoppedAt;
  }
  if (failFast.signal.aborted && !o.stop.aborted) m.failed = (failFast.signal.reason as Error).message;
}
