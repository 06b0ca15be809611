/**
 * `npm run serve -- [flags]`: reads the config (every bad value reported at once, exit 2), starts the
 * worker pool, cache and HTTP server, says "ready" once every worker is warm, and drains on SIGTERM/SIGINT.
 *
 * The pool starts before the HTTP side is even imported: the workers' model loading and warm-up are the
 * cold start's critical path, and hono, the app, the cache client and the HTTP server load on the main
 * thread while they run (docs/decisions/warm-up.md). Only what the pool needs is imported statically; the
 * metrics (prom-client) load with the HTTP side, and what the pool reports before they exist is kept.
 */
import { pino } from 'pino';
import { DEFAULT_MANIFEST } from './models/manifest.ts';
import { readManifest, type ManifestData } from './models/manifest-schema.ts';
import { EXIT } from './exit-codes.ts';
import { helpEpilogue } from './cli/convention.ts';
import { loadConfig } from './config/load-config.ts';
import type { ServerState } from './http/app-env.ts';
import type { Metrics } from './metrics/metrics.ts';
import { createWorkerPool } from './pool/worker-pool.ts';
import { createBurnLedger } from './calibration/cpu-burn.ts';

const loaded = loadConfig(process.argv.slice(2), process.env);
if (loaded.kind === 'help') {
  process.stdout.write(`${loaded.text}${helpEpilogue(['npm run serve -- --port 8080 --workers 2', 'npm start -- --port 0 --cache off'])}`);
  process.exit(EXIT.OK);
}
if (loaded.kind === 'invalid') {
  // One line (docs/guides/cli.md), every problem at once.
  process.stderr.write(`error: invalid configuration: ${loaded.errors.join('; ')} (see npm run serve -- --help)\n`);
  process.exit(EXIT.USAGE);
}
const config = loaded.config;
const logger = pino({ level: config.logLevel, base: { pid: process.pid } });
// Created after the pool has started (see the header). Batches only come with requests, which come after;
// readiness and restarts may come earlier, so they are kept until then.
let metrics: Metrics | undefined;
let workersReady = 0;
let restartsBefore = 0;
const state: ServerState = { ready: false, shuttingDown: false };
// Checked here, once, with the zod the config already loaded: the workers get it as data (server/models/manifest-schema.ts).
let manifest: ManifestData;
try {
  manifest = await readManifest(config.manifest ?? DEFAULT_MANIFEST);
} catch (e) {
  logger.fatal({ err: (e as Error).message }, 'cannot read the model manifest; exiting');
  process.exit(EXIT.FAILED);
}

const pool = createWorkerPool({
  workers: config.workers,
  concurrency: config.workerConcurrency,
  taskTimeoutMs: config.taskTimeoutMs,
  logger,
  init: {
    threads: config.threads,
    profile: config.profile,
    batching: config.batching === 'on',
    maxBatch: config.maxBatch,
    maxWaitMs: config.maxWaitMs,
    limitSideLen: config.limitSideLen,
    rereadBelow: config.rereadBelow,
    rereadPages: config.rereadPages,
    maxPixels: config.maxPixels,
    maxBytes: config.maxBytes,
    manifestPath: config.manifest,
    manifest,
    precision: config.precision,
    maxDetPixels: config.maxDetPixels,
    maxRecFrames: config.maxRecFrames,
    maxLineFrames: config.maxLineFrames,
    debugFaults: config.debugFaults,
    calibrationBurnPct: config.calibrationBurnPct,
    calibrationLedger: config.calibrationBurnPct > 0 ? createBurnLedger() : undefined,
  },
  onBatch: (b) => {
    metrics?.batchSize.observe(b.size);
    metrics?.batchRequests.observe(b.callers);
    metrics?.batchWaitSeconds.observe(b.waitedMs / 1000);
  },
  onRestart: () => (metrics ? metrics.workerRestarts.inc() : restartsBefore++),
  onReadyChange: (n) => {
    workersReady = n;
    metrics?.workersReady.set(n);
  },
  onFatal: (message) => {
    logger.fatal({ err: message }, 'cannot serve without workers; exiting');
    process.exit(EXIT.FAILED);
  },
});
// Dynamic on purpose (see the header): a static import would load the HTTP side before the pool starts.
const [{ createMetrics }, { startHttp }] = await Promise.all([import('./metrics/metrics.ts'), import('./start-http.ts')]);
metrics = createMetrics();
metrics.workersReady.set(workersReady);
if (restartsBefore > 0) metrics.workerRestarts.inc(restartsBefore);
await startHttp({ config, logger, metrics, state, pool });
