/**
 * The `results.json` contract of a bench run: TypeScript types and a zod validator.
 *
 * Versioned: `schemaVersion` is 1. Changes are additive only (new optional fields); a field is never
 * renamed, retyped or removed within a version, so the report and gate code built against it keeps
 * working. Times are milliseconds; `t`, `startMs`, `endMs` are on the run's time axis (ms since the
 * run's t0, the moment load generation started, so the accuracy baseline pass has negative times).
 */
import { z } from 'zod';
import { scenarioRequestSchema, targetRequestFields } from './request-config.ts';
import { sloSchema } from './slo.ts';

export const RESULTS_SCHEMA_VERSION = 1;

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
   * 500 ms windows). Loop delays exclude the monitor's 10 ms resolution since 2026-12-02. Added in v1, optional.
   */
  harnessLoopDelayP99: z.number().nullable().optional(),
});

export const accuracyStatsSchema = z.object({
  /** Responses scored (ok responses with a label). */
  scored: z.number().int().nonnegative(),
  lineItems: z.number().int().nonnegative(),
  pageItems: z.number().int().nonnegative(),
  /** Character error rate over line items (sum edits / sum label chars), null without line items. */
  cer: z.number().nullable(),
  /** Share of line items read exactly. */
  lineExact: z.number().nullable(),
  /** Mean page bag-of-characters F1 and CER over matched lines, null without page items. */
  pageF1: z.number().nullable(),
  pageCer: z.number().nullable(),
});

export const accuracyChangeSchema = z.object({
  /** Responses whose sample is also in the baseline pass (the paired set). */
  paired: z.number().int().nonnegative(),
  /** Responses whose recognised text differs from the baseline's for the same sample. */
  changedOutputs: z.number().int().nonnegative(),
  /** Phase figure minus baseline figure over the paired samples only. */
  cerDelta: z.number().nullable(),
  pageF1Delta: z.number().nullable(),
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
    /** Open model: sends whose timer fired more than lateAfterMs(rate) after schedule (harness lag): 10 ms, or a tenth of the mean arrival gap if longer (since 2026-12-02). */
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

export const resourceSampleSchema = z.object({
  t: ms,
  phase: z.string().nullable(),
  server: z
    .object({
      pids: z.array(z.number().int()),
      /** % of one core. */
      cpu: z.number(),
      /** % of the machine. */
      cpuMachine: z.number(),
      rss: z.number(),
      /**
       * Where these figures came from: `process` (pidusage over the local process tree) or
       * `prometheus` (the replicas' `/metrics`, summed; a --target run on this machine). Added in v1, optional.
       */
      source: z.enum(['process', 'prometheus']).optional(),
    })
    .nullable(),
  machine: z.object({ cpu: z.number(), memUsed: z.number(), memTotal: z.number() }),
  harness: z.object({
    cpu: z.number(),
    loopDelayP99: z.number(),
    loopDelayMax: z.number(),
    /** p99 since the phase's first sample (resource-sampler.ts). Added in v1, optional. */
    loopDelayP99Phase: z.number().optional(),
    rss: z.number(),
  }),
});

const gauge = z.number().nullable();

/** One scrape of one replica's Prometheus `/metrics` (harness/resources/prometheus-sampler.ts). Added in v1. */
export const replicaSampleSchema = z.object({
  t: ms,
  phase: z.string().nullable(),
  /** The `/metrics` URL scraped: one per replica. */
  source: z.string(),
  /** The scrape answered with Prometheus text. */
  up: z.boolean(),
  /** % of one core since this replica's previous scrape (process_cpu_seconds_total; all its threads). */
  cpu: gauge,
  /** process_cpu_seconds_total as read. */
  cpuSeconds: gauge,
  /** process_resident_memory_bytes. */
  rss: gauge,
  /** Our server's own metrics (null on another service): ocr_queue_depth, ocr_in_flight, ... */
  queueDepth: gauge,
  inFlight: gauge,
  inProgress: gauge,
  workersReady: gauge,
  workerRestarts: gauge,
  cacheHits: gauge,
  cacheMisses: gauge,
});

export const throughputSampleSchema = z.object({
  /** Start of a 1 s bucket by completion time. */
  t: ms,
  phase: z.string().nullable(),
  completed: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  /** Mean and max client latency of the bucket's completions (null when none). */
  meanMs: ms.nullable(),
  maxMs: ms.nullable(),
});

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

export type LatencyStats = z.infer<typeof latencyStatsSchema>;
export type StageBreakdown = z.infer<typeof stageBreakdownSchema>;
export type PhaseResources = z.infer<typeof phaseResourcesSchema>;
export type AccuracyStats = z.infer<typeof accuracyStatsSchema>;
export type AccuracyChange = z.infer<typeof accuracyChangeSchema>;
export type PhaseStats = z.infer<typeof phaseStatsSchema>;
export type ResourceSample = z.infer<typeof resourceSampleSchema>;
export type ReplicaSample = z.infer<typeof replicaSampleSchema>;
export type ThroughputSample = z.infer<typeof throughputSampleSchema>;
export type PhasePlan = z.infer<typeof phasePlanSchema>;
export type EffectiveScenario = z.infer<typeof effectiveScenarioSchema>;
export type Validity = z.infer<typeof validitySchema>;
export type RunResults = z.infer<typeof resultsSchema>;

/** Validates parsed JSON as a results file; returns every problem with its path. */
export function validateResults(data: unknown): { ok: true; results: RunResults } | { ok: false; problems: string[] } {
  const parsed = resultsSchema.safeParse(data);
  if (parsed.success) return { ok: true, results: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
