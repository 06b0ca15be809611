/** Latency figures of results.json (schema.ts) and the sample counts a percentile needs. */
import { z } from 'zod';

/**
 * A percentile needs enough samples beyond it to mean anything; below these counts it is reported
 * as `null` and listed in `insufficient` ("insufficient samples"), never as a number. p95 and p99
 * follow the issue; p99.9 extends the same rule (about 6.6 samples in the tail).
 */
export const MIN_SAMPLES = { p95: 130, p99: 662, p999: 6620 } as const;

const ms = z.number();
const percentile = z.number().nullable();

export const latencyStatsSchema = z.object({
  /** Samples behind these figures. */
  count: z.number().int().nonnegative(),
  min: ms.nullable(),
  mean: ms.nullable(),
  p50: percentile,
  p90: percentile,
  p95: percentile,
  p99: percentile,
  p999: percentile,
  max: ms.nullable(),
  /** Percentiles reported as "insufficient samples" (their value above is null). */
  insufficient: z.array(z.enum(['p50', 'p90', 'p95', 'p99', 'p999'])),
});

export type LatencyStats = z.infer<typeof latencyStatsSchema>;
