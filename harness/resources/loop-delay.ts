import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How often Node's event-loop delay monitor ticks (ms). */
export const LOOP_RESOLUTION_MS = 10;

/**
 * Node's monitorEventLoopDelay records the whole interval between its timer's ticks, resolution
 * included: an idle process reads about the resolution itself. The delay is what is left after the
 * resolution, as Elastic's APM agent computes it and OpenTelemetry's runtime instrumentation was asked to
 * (open-telemetry/opentelemetry-js-contrib#2794; docs/decisions/harness-measurement.md).
 */
export const lateness = (ns: number, resolutionMs = LOOP_RESOLUTION_MS) => Math.max(0, ns / 1e6 - resolutionMs);

export interface LoopDelay {
  /** p99 and max delay (ms) since the last reset. */
  read(): { p99: number; max: number };
  reset(): void;
  disable(): void;
}

export function watchLoopDelay(resolutionMs = LOOP_RESOLUTION_MS): LoopDelay {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  return {
    read: () => ({ p99: lateness(h.percentile(99), resolutionMs), max: lateness(h.max, resolutionMs) }),
    reset: () => h.reset(),
    disable: () => h.disable(),
  };
}
