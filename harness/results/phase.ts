/** One load phase's statistics in results.json (schema.ts): requests, throughput, latency, server stages, resources, accuracy. */
import { z } from 'zod';
import { accuracyChangeSchema, accuracyStatsSchema } from './accuracy.ts';
import { latencyStatsSchema } from './latency.ts';

const ms = z.number();

export const stageBreakdownSchema = z.object({
  /** Mean ms per server stage from Server-Timing (queue, decode, preprocess, detect, classify, recognize, ...). */
  stages: z.record(z.string(), ms),
  /** Mean of the server's own `total` stage (null when the target sends no Server-Timing). */
  serverTotal: ms.nullable(),
  /** Mean client latency (send to last byte). */
  client: ms.nullable(),
  /**
   * Mean of client latency minus the time the server accounts for (its total, or the sum of its
   * stages when larger, e.g. a queue reported beside the total): network, serialisation, parsing.
   */
  rest: ms.nullable(),
  /** Requests that carried a Server-Timing header. */
  samples: z.number().int().nonnegative(),
});

export const phaseResourcesSchema = z.object({
  samples: z.number().int().nonnegative(),
  /** Server process tree CPU, % of one core (200 = both cores of a 2-core machine). */
  serverCpuMean: z.number().nullable(),
  serverCpuMax: z.number().nullable(),
  /** Server process tree CPU as % of the whole machine. */
  serverCpuMachineMean: z.number().nullable(),
  serverRssMax: z.number().nullable(),
  machineCpuMean: z.number().nullable(),
  machineMemUsedMax: z.number().nullable(),
  /** The harness's own CPU (% of one core) and event-loop delay p99 (ms). */
  harnessCpuMean: z.number().nullable(),
  harnessCpuMax: z.number().nullable(),
  harnessLoopDelayP99Max: z.number().nullable(),
  /**
   * p99 of the harness's event-loop delay over the whole phase, warm-up included (ms; the max above is of
   * 500 ms windows). Loop delays exclude the monitor's 10 ms resolution. Added in v1, optional.
   */
  harnessLoopDelayP99: z.number().nullable().optional(),
});

export const phaseStatsSchema = z.object({
  name: z.string(),
  index: z.number().int().nonnegative(),
  model: z.enum(['closed', 'open']),
  startMs: ms,
  endMs: ms,
  /** Warm-up slice at the phase start, excluded from every statistic below. */
  warmupMs: ms,
  /** Window the statistics cover (endMs - startMs - warmupMs, shorter if the run was interrupted). */
  measuredMs: ms,
  vus: z.number().nullable(),
  /** Target arrivals per second (open model). */
  rate: z.number().nullable(),
  requests: z.object({
    /** Open model: arrivals planned in the measured window. Closed model: equal to sent. */
    scheduled: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    completed: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    /** Open model: sends whose timer fired more than lateAfterMs(rate) after schedule (harness lag): 10 ms, or a tenth of the mean arrival gap if longer. */
    late: z.number().int().nonnegative(),
    /** Open model: arrivals not sent because maxInFlight requests were outstanding. */
    dropped: z.number().int().nonnegative(),
    /** Requests cut by Ctrl-C; not errors. */
    aborted: z.number().int().nonnegative(),
    /** Requests in the warm-up slice (not counted above). */
    warmup: z.number().int().nonnegative(),
  }),
  throughput: z.object({ completedPerSec: z.number(), okPerSec: z.number() }),
  errors: z.object({ rate: z.number(), byKind: z.record(z.string(), z.number().int()) }),
  /** Client latency, send to last byte, ok responses: the service time. */
  latency: latencyStatsSchema,
  /** Open model only: from scheduled time to last byte (coordinated-omission corrected). */
  correctedLatency: latencyStatsSchema.nullable(),
  /** Send to first byte (response headers). */
  ttfb: latencyStatsSchema,
  breakdown: stageBreakdownSchema,
  resources: phaseResourcesSchema,
  accuracy: accuracyStatsSchema.nullable(),
  accuracyChange: accuracyChangeSchema.nullable(),
  /** Share of ok answers flagged `cached: true` (null when the target sends no such flag). Added in v1, optional. */
  cacheHitRate: z.number().nullable().optional(),
});

export type StageBreakdown = z.infer<typeof stageBreakdownSchema>;
export type PhaseResources = z.infer<typeof phaseResourcesSchema>;
export type PhaseStats = z.infer<typeof phaseStatsSchema>;
