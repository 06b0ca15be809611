import { lateAfterMs } from '../load/request-record.ts';
import type { PhaseStats, Validity } from '../results/schema.ts';

/** Thresholds of the harness self-check (MLPerf-style verdict: reasons and advice, not an exception). */
export const SELF_CHECK = {
  /** Node runs the load loop on one thread: near a full core it can no longer keep up. */
  harnessCpuMax: 85,
  /**
   * Event-loop delay p99 above which send and receive times are no longer trustworthy: this many ms,
   * or this share of the phase's median latency if larger (a 300 ms lag is noise on 10 s answers
   * but ruins 5 ms ones). On a machine the server saturates, the harness is starved even when idle.
   */
  loopDelayFloorMs: 50,
  loopDelayShareOfP50: 0.1,
  /** Share of open-model sends whose timer fired late. */
  lateShareMax: 0.01,
  /** ...and at least this many: one late send in thirty is noise, not a harness that cannot keep up. */
  lateCountMin: 5,
  machineCpuBusy: 90,
};

export type SelfCheckLimits = typeof SELF_CHECK;

/**
 * VALID or INVALID with reasons: was the harness, not the server, the bottleneck? `limits` overrides
 * the self-check's (--loop-delay-limit); a changed limit is noted in the warnings.
 */
export function checkValidity(phases: readonly PhaseStats[], interrupted: boolean, limits: Partial<SelfCheckLimits> = {}): Validity {
  const check = { ...SELF_CHECK, ...limits };
  const reasons: string[] = [];
  const advice = new Set<string>();
  const warnings: string[] = [];
  for (const p of phases) {
    const r = p.resources;
    if (r.harnessCpuMean !== null && r.harnessCpuMean > check.harnessCpuMax) {
      reasons.push(`phase "${p.name}": the harness used ${r.harnessCpuMean.toFixed(0)}% of a core on average (limit ${check.harnessCpuMax}%)`);
      advice.add('the load generator was saturated: use fewer users or run the harness on another machine (--target)');
    }
    const loopLimit = Math.max(check.loopDelayFloorMs, check.loopDelayShareOfP50 * (p.latency.p50 ?? 0));
    // The phase's own p99. The worst 500 ms window's p99 is about its max (50 ticks), and an idle Node
    // process beside a busy server on this machine kind sees single stalls of 30-70 ms: judged by it,
    // spike and arrival-rate were INVALID for the machine, not the harness. Results written before the
    // phase p99 existed are judged by the worst window, as they were.
    const loopP99 = r.harnessLoopDelayP99 ?? r.harnessLoopDelayP99Max;
    if (loopP99 !== null && loopP99 > loopLimit) {
      reasons.push(`phase "${p.name}": harness event-loop delay p99 reached ${loopP99.toFixed(0)} ms (limit ${loopLimit.toFixed(0)} ms)`);
      const starved = (r.harnessCpuMean ?? 0) < 50 && (r.machineCpuMean ?? 0) > check.machineCpuBusy;
      advice.add(
        starved
          ? 'the harness was starved, not busy: the machine was saturated (by the server or other processes); run the harness on another machine (--target) or leave it a free core'
          : 'timestamps were taken late: lower the load per harness process or give the harness its own core',
      );
    } else if (loopP99 !== null && loopP99 > check.loopDelayFloorMs) {
      warnings.push(`phase "${p.name}": harness event-loop delay p99 reached ${loopP99.toFixed(0)} ms, under 10% of the median latency`);
    } else if (r.harnessLoopDelayP99Max !== null && r.harnessLoopDelayP99Max > loopLimit) {
      warnings.push(`phase "${p.name}": the harness's event loop stalled ${r.harnessLoopDelayP99Max.toFixed(0)} ms in its worst 500 ms (phase p99 ${loopP99?.toFixed(0)} ms)`);
    }
    const attempts = p.requests.scheduled;
    if (p.model === 'open' && p.requests.late >= check.lateCountMin && p.requests.late / attempts > check.lateShareMax) {
      reasons.push(`phase "${p.name}": ${p.requests.late} of ${attempts} sends left more than ${lateAfterMs(p.rate).toFixed(0)} ms after their scheduled time`);
      advice.add('the open-model schedule was not kept: lower the arrival rate or give the harness its own core');
    }
    if (p.requests.ok === 0 && p.requests.aborted === 0) reasons.push(`phase "${p.name}": no successful request`);
    if (r.machineCpuMean !== null && r.machineCpuMean > check.machineCpuBusy) {
      warnings.push(`phase "${p.name}": machine CPU ${r.machineCpuMean.toFixed(0)}%: the harness shares the machine with the server (harness ${r.harnessCpuMean?.toFixed(0) ?? '?'}% of a core)`);
    }
    if (p.latency.insufficient.includes('p99')) warnings.push(`phase "${p.name}": ${p.latency.count} samples, too few for p99 (needs 662)`);
  }
  if (check.loopDelayFloorMs !== SELF_CHECK.loopDelayFloorMs) {
    warnings.push(`the self-check's event-loop delay limit was set to ${check.loopDelayFloorMs} ms (default ${SELF_CHECK.loopDelayFloorMs} ms)`);
  }
  if (interrupted) warnings.push('the run was interrupted; phases after the stop are missing or short');
  return { verdict: reasons.length ? 'INVALID' : 'VALID', reasons, advice: [...advice], warnings };
}
