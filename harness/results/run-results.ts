/**
 * The `results.json` contract of a bench run: TypeScript types and a zod validator.
 *
 * Versioned: `schemaVersion` is 1. Changes are additive only (new optional fields); a field is never
 * renamed, retyped or removed within a version, so the report and gate code built against it keeps
 * working. Times are milliseconds; `t`, `startMs`, `endMs` are on the run's time axis (ms since the
 * run's t0, the moment load generation started, so the accuracy baseline pass has negative times).
 */
import { z } from 'zod';
import { accuracyStatsSchema } from './accuracy.ts';
import { latencyStatsSchema } from './latency.ts';
import { phaseStatsSchema } from './phase.ts';
import { targetRequestFields } from './request-config.ts';
import { effectiveScenarioSchema } from './scenario.ts';
import { sloSchema } from './slo.ts';
import { replicaSampleSchema, resourceSampleSchema, throughputSampleSchema } from './time-series.ts';

export const RESULTS_SCHEMA_VERSION = 1;

const ms = z.number();

export const validitySchema = z.object({
  verdict: z.enum(['VALID', 'INVALID']),
  reasons: z.array(z.string()),
  advice: z.array(z.string()),
  /** Noted, not disqualifying (e.g. the machine was shared). */
  warnings: z.array(z.string()),
});

export const resultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  runId: z.string(),
  status: z.enum(['complete', 'interrupted', 'failed']),
  /** Why the run failed or was interrupted. */
  statusReason: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  command: z.array(z.string()),
  scenario: effectiveScenarioSchema,
  seeds: z.object({ samples: z.number().int(), arrivals: z.number().int(), think: z.number().int() }),
  target: z.object({
    kind: z.enum(['embedded', 'url']),
    url: z.string(),
    field: z.string(),
    textPath: z.string(),
    linesPath: z.string().nullable(),
    ...targetRequestFields,
  }),
  environment: z.object({
    cpuModel: z.string(),
    cores: z.number().int(),
    memoryBytes: z.number(),
    os: z.string(),
    node: z.string(),
    onnxruntime: z.string().nullable(),
    sharp: z.string().nullable(),
    harnessCommit: z.string().nullable(),
    hostname: z.string(),
  }),
  /** `labelled`: items with a label (absent: all of them; 0: the run measured speed only). Added in v1, optional. */
  dataset: z.object({ name: z.string(), hash: z.string(), items: z.number().int(), used: z.number().int(), labelled: z.number().int().optional() }),
  models: z.array(z.object({ id: z.string(), role: z.string(), sha256: z.string(), precision: z.string().optional() })),
  server: z.object({
    /** Effective server config as the server reports it (GET /api/info), or null. */
    config: z.unknown().nullable(),
    info: z.unknown().nullable(),
    args: z.array(z.string()),
    coldStartMs: ms.nullable(),
    pid: z.number().int().nullable(),
  }),
  phases: z.array(phaseStatsSchema),
  /** The single-user pass run before the load, or null when skipped. */
  baseline: z
    .object({ samples: z.number().int(), errors: z.number().int(), latency: latencyStatsSchema, accuracy: accuracyStatsSchema })
    .nullable(),
  summary: z.object({
    peakQps: z.number().nullable(),
    peakQpsPhase: z.string().nullable(),
    meanMs: ms.nullable(),
    /** Highest p95/p99 over the phases (null if no phase had enough samples). */
    p95Ms: ms.nullable(),
    p99Ms: ms.nullable(),
    errorRate: z.number().nullable(),
    serverCpuMean: z.number().nullable(),
    serverCpuMax: z.number().nullable(),
    serverRssMax: z.number().nullable(),
    coldStartMs: ms.nullable(),
    requests: z.number().int().nonnegative(),
  }),
  validity: validitySchema,
  slo: sloSchema.nullable().optional(),
  timeSeries: z.object({
    resourceIntervalMs: ms,
    resources: z.array(resourceSampleSchema),
    throughput: z.array(throughputSampleSchema),
    /** Per-replica scrapes of `--metrics` (or the server's own /metrics). Added in v1, optional. */
    replicas: z.array(replicaSampleSchema).optional(),
    /** Where `resources[].server` came from: the local process tree, the replicas' /metrics, or nowhere. Added in v1, optional. */
    serverResourcesFrom: z.enum(['process', 'prometheus', 'none']).optional(),
  }),
  files: z.object({ requests: z.string(), serverLog: z.string().nullable() }),
});

export type Validity = z.infer<typeof validitySchema>;
export type RunResults = z.infer<typeof resultsSchema>;

/** Validates parsed JSON as a results file; returns every problem with its path. */
export function validateResults(data: unknown): { ok: true; results: RunResults } | { ok: false; problems: string[] } {
  const parsed = resultsSchema.safeParse(data);
  if (parsed.success) return { ok: true, results: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
