/** The time series of results.json (schema.ts): resource samples, per-replica scrapes, throughput buckets. */
import { z } from 'zod';

const ms = z.number();

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

export type ResourceSample = z.infer<typeof resourceSampleSchema>;
export type ReplicaSample = z.infer<typeof replicaSampleSchema>;
export type ThroughputSample = z.infer<typeof throughputSampleSchema>;
