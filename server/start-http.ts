/**
 * The HTTP side of the server: cache, admission, the app, the listening socket, the "ready" log once every
 * worker is warm, and draining on SIGTERM/SIGINT. main.ts imports this only after the worker pool has
 * started, so these modules load while the workers load their models.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { createCache } from './cache/create-cache.ts';
import type { ServerConfig } from './config/config-schema.ts';
import { EXIT } from './exit-codes.ts';
import type { ServerState } from './http/app-env.ts';
import { requestGate } from './http/request-gate.ts';
import type { Metrics } from './metrics/metrics.ts';
import { createAdmission } from './pool/admission.ts';
import type { OcrPool } from './pool/worker-pool.ts';

export interface HttpDeps {
  config: ServerConfig;
  logger: Logger;
  metrics: Metrics;
  state: ServerState;
  pool: OcrPool;
}

export async function startHttp({ config, logger, metrics, state, pool }: HttpDeps): Promise<void> {
  const cache = await createCache(config, logger, metrics);
  const admission = createAdmission({ concurrency: config.workers * config.workerConcurrency, queue: config.queue });
  const gate = requestGate(config.maxUploads);
  const app = createApp({ config, pool, admission, cache, metrics, logger, state, gate });

  const serverOptions = {
    // nginx's client_header_timeout: a client that trickles its headers is answered 408 and closed.
    headersTimeout: config.headerTimeoutMs,
    // The body's bound is read-body.ts's (a time that grows with the bytes received); Node's flat
    // 300 s would cut a large upload on a slow link and let a drip-feeder hold its socket that long.
    requestTimeout: 0,
    // How often Node checks headersTimeout (default 30 s, coarser than the timeout itself).
    connectionsCheckingInterval: Math.min(1000, config.headerTimeoutMs),
  };
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions }, (info: AddressInfo) => {
    logger.info({ host: info.address, port: info.port }, 'listening');
  });
  if (config.workers * config.threads > availableParallelism()) {
    // Every inference thread keeps a core busy (onnxruntime's intra-op threads spin); more of them than
    // cores only adds contention. (Even 1 worker x 2 threads spent 2.3x the CPU per line of 2 x 1 here.)
    logger.warn({ workers: config.workers, threads: config.threads, cores: availableParallelism() }, 'more inference threads than cores: they will fight for them');
  }
  if (config.debugFaults) logger.warn('fault injection is on (--debug-faults: x-ocr-debug-fault); never use this in a deployment');

  void pool.whenReady().then(() => {
    state.ready = true;
    // Cold start: from process start (node's own clock) to every worker warm.
    logger.info({ coldStartMs: Math.round(performance.now()), workers: config.workers, batching: config.batching, cache: cache.kind }, 'ready');
  });

  async function shutdown(signal: string): Promise<void> {
    if (state.shuttingDown) return;
    state.shuttingDown = true;
    logger.info({ signal, running: admission.running, queued: admission.queued }, 'shutting down: draining in-flight requests');
    // Stop accepting; idle keep-alive connections close now, busy ones after their answer.
    server.close();
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    // In flight = still uploading or looking up the cache (the gate) or held by a worker (admission; this
    // includes work whose client already got its 504).
    const deadline = performance.now() + config.shutdownTimeoutMs;
    const busy = () => gate.inProgress > 0 || admission.running > 0 || admission.queued > 0;
    while (busy() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const drained = !busy();
    // Let the last answers flush before the sockets go.
    await new Promise((r) => setTimeout(r, 50));
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await Promise.allSettled([pool.close({ force: !drained }), cache.close()]);
    if (drained) logger.info('drained; bye');
    else logger.warn({ running: admission.running, queued: admission.queued }, `in-flight work did not finish within ${config.shutdownTimeoutMs} ms`);
    logger.flush?.();
    process.exit(drained ? EXIT.OK : EXIT.DRAIN_TIMEOUT);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
