import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const STAGES = ['queue', 'decode', 'preprocess', 'detect', 'boxes', 'crop', 'classify', 'recognize', 'total'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Every metric the server exports, on its own registry (no global state, so tests can make several).
 * prom-client's default metrics add event-loop lag, GC pause time by kind, process CPU and memory.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const ms = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000].map((x) => x / 1000);
  return {
    registry,
    requests: new Counter({ name: 'ocr_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status', 'code'] as const, registers: [registry] }),
    requestSeconds: new Histogram({ name: 'ocr_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['route'] as const, buckets: ms, registers: [registry] }),
    stageSeconds: new Histogram({ name: 'ocr_stage_duration_seconds', help: 'Time per pipeline stage of computed (uncached) requests', labelNames: ['stage'] as const, buckets: ms, registers: [registry] }),
    queueDepth: new Gauge({ name: 'ocr_queue_depth', help: 'Requests admitted and waiting for a worker slot', registers: [registry] }),
    inProgress: new Gauge({ name: 'ocr_requests_in_progress', help: 'OCR requests between arrival and answer (uploading, in cache lookup, queued or running)', registers: [registry] }),
    inFlight: new Gauge({ name: 'ocr_in_flight', help: 'Requests held by workers', registers: [registry] }),
    abandoned: new Counter({ name: 'ocr_work_abandoned_total', help: 'Requests whose worker stopped before finishing because the answer was no longer wanted (reason: deadline or client_closed)', labelNames: ['reason'] as const, registers: [registry] }),
    uploading: new Gauge({ name: 'ocr_uploads_in_progress', help: 'OCR requests reading their body (upload slots in use, apart from admission)', registers: [registry] }),
    rejected: new Counter({ name: 'ocr_rejected_total', help: 'Requests refused by admission control or the deadline', labelNames: ['reason'] as const, registers: [registry] }),
    batchSize: new Histogram({ name: 'ocr_batch_size', help: 'Lines per recognition call of the dynamic batcher (the engine cuts a call into model runs of at most maxBatch)', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers: [registry] }),
    batchRequests: new Histogram({ name: 'ocr_batch_requests', help: 'Distinct requests served by one recognition run', buckets: [1, 2, 3, 4, 6, 8, 16], registers: [registry] }),
    batchWaitSeconds: new Histogram({ name: 'ocr_batch_wait_seconds', help: 'Wait of the oldest line in a batch before its run', buckets: ms, registers: [registry] }),
    cacheHits: new Counter({ name: 'ocr_cache_hits_total', help: 'Cache hits', registers: [registry] }),
    cacheMisses: new Counter({ name: 'ocr_cache_misses_total', help: 'Cache misses (including lookups while the cache is down)', registers: [registry] }),
    cacheErrors: new Counter({ name: 'ocr_cache_errors_total', help: 'Cache commands that failed', registers: [registry] }),
    cacheUp: new Gauge({ name: 'ocr_cache_up', help: '1 when the cache backend is reachable (always 1 for memory/off)', registers: [registry] }),
    workerRestarts: new Counter({ name: 'ocr_worker_restarts_total', help: 'Workers that died and were replaced', registers: [registry] }),
    workersReady: new Gauge({ name: 'ocr_workers_ready', help: 'Workers with a loaded, warm engine', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
