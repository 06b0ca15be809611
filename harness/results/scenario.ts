/** The scenario as a run applied it, recorded in results.json (schema.ts). */
import { z } from 'zod';
import { scenarioRequestSchema } from './request-config.ts';

const ms = z.number();

const phasePlanSchema = z.object({
  name: z.string(),
  model: z.enum(['closed', 'open']),
  durationMs: ms,
  warmupMs: ms,
  vus: z.number().nullable(),
  rampMs: ms,
  thinkMs: z.object({ min: ms, max: ms }).nullable(),
  rate: z.number().nullable(),
  arrival: z.enum(['constant', 'poisson']).nullable(),
  maxInFlight: z.number().nullable(),
  connections: z.number().nullable(),
});

export const effectiveScenarioSchema = z.object({
  name: z.string(),
  description: z.string(),
  dataset: z.string(),
  mode: z.enum(['page', 'line']),
  cls: z.boolean(),
  cache: z.string(),
  seed: z.number().int(),
  /** Duration multiplier applied (1, or smaller under --quick). */
  scale: z.number(),
  /** Requests draw from this many distinct samples (null = the whole dataset). */
  samplePool: z.number().nullable(),
  requestTimeoutMs: ms,
  thresholds: z.record(z.string(), z.array(z.string())),
  phases: z.array(phasePlanSchema),
  /** The SLO judged per phase (harness/slo), or null. Added in v1, optional. */
  slo: z.string().nullable().optional(),
  request: scenarioRequestSchema.optional(),
});

export type PhasePlan = z.infer<typeof phasePlanSchema>;
export type EffectiveScenario = z.infer<typeof effectiveScenarioSchema>;
