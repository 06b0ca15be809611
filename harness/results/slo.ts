import { z } from 'zod';

/**
 * The run's service-level objective, judged per phase (results.json `slo`): a latency percentile
 * bound and an error-rate bound, and the capacity at the SLO, the highest load whose phase meets it.
 */
export const sloPhaseSchema = z.object({
  phase: z.string(),
  /** "10 users" or "5/s". */
  load: z.string(),
  /** meets: enough samples and every bound holds; misses: a bound fails (see judge-slo.ts); unproven: too few samples to tell. */
  status: z.enum(['meets', 'misses', 'unproven']),
  /** The phase's latency at the SLO's percentile (null: no answer). */
  latencyMs: z.number().nullable(),
  samples: z.number().int().nonnegative(),
  errorRate: z.number(),
  okPerSec: z.number(),
  why: z.string(),
});

export const sloSchema = z.object({
  /** Canonical spelling, re-parseable: "p95<1200,errors<1%". */
  source: z.string(),
  percentile: z.number(),
  latencyMs: z.number(),
  errorRate: z.number(),
  phases: z.array(sloPhaseSchema),
  /** The highest load whose phase meets the SLO, or null ("none"). */
  capacity: z.object({ phase: z.string(), load: z.string(), okPerSec: z.number() }).nullable(),
  /** pass: every phase meets it; fail: a phase misses it; unproven: none misses, some lack samples. */
  verdict: z.enum(['pass', 'fail', 'unproven']),
});

export type SloPhase = z.infer<typeof sloPhaseSchema>;
export type SloResult = z.infer<typeof sloSchema>;
