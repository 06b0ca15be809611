/**
 * `npm run serve -- [flags]`: reads the config (every bad value reported at once, exit 2), starts the
 * worker pool, cache and HTTP server, says "ready" once every worker is warm, and drains on SIGTERM/SIGINT.
 *
 * The pool starts before the HTTP side is even imported: the workers' model loading and warm-up are the
 * cold start's critical path, and hono, the app, the cache client and the HTTP server load on the main
 * thread while they run (docs/decisions/warm-up.md). Only what the pool needs is imported statically.
 */
import { pino } from 'pino';
import { DEFAULT_MANIFEST } from './models/manifest.ts';
import { readManifest, type ManifestData } from './models/manifest-schema.ts';
import { EXIT } from './exit-codes.ts';
import { helpEpilogue } from './cli/convention.ts';
import { loadConfig } from './config/load-config.ts';
import type { ServerState } from './http/app-env.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createWorkerPool } from './pool/worker-pool.ts';

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
const metrics = createMetrics();
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
  },
  onBatch: (b) => {
    metrics.batchSize.observe(b.size);
    metrics.batchRequests.observe(b.callers);
    metrics.batchWaitSeconds.observe(b.waitedMs / 1000);
  },
  onRestart: () => metrics.workerRestarts.inc(),
  onReadyChange: (n) => metrics.workersReady.set(n),
  onFatal: (message) => {
    logger.fatal({ err: message }, 'cannot serve without workers; exiting');
    process.exit(EXIT.FAILED);
  },
});
// Dynamic on purpose (see the header): a static import would load the HTTP side before the pool starts.
const { startHttp } = await import('./start-http.ts');
await startHttp({ config, logger, metrics, state, pool });
