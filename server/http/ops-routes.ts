import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './app-env.ts';
import { errorBody, httpError } from '../api-errors.ts';

const started = Date.now();

/** A redis:// URL may carry a password; /api/info (and the reports that copy it) must not. */
export function redactCredentials(spec: string): string {
  return spec.replace(/^(rediss?:\/\/)[^@/]*@/, '$1***@');
}

/** Liveness, readiness, Prometheus metrics and the service description. */
export function createOpsRoutes({ config, pool, admission, metrics, state, gate }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    if (state.shuttingDown) return c.json(errorBody(httpError('shutting_down', 'the server is shutting down')), 503);
    if (!state.ready || pool.readyWorkers === 0) {
      c.header('Retry-After', '1');
      return c.json(errorBody(httpError('not_ready', `models loading: ${pool.readyWorkers}/${config.workers} workers warm`)), 503);
    }
    // Ready means a new OCR request would be admitted now: an upload slot is free and admission has room.
    if (!admission.open || (gate && !gate.uploadsOpen)) {
      c.header('Retry-After', '1');
      return c.json(errorBody(httpError('overloaded', `server busy: ${admission.running} running, ${admission.queued} queued, ${gate?.uploading ?? 0} uploading`)), 503);
    }
    return c.json({ status: 'ready', workers: { configured: config.workers, ready: pool.readyWorkers } });
  });
  app.get('/metrics', async (c) => {
    metrics.queueDepth.set(admission.queued);
    metrics.inFlight.set(admission.running);
    metrics.inProgress.set(gate?.inProgress ?? 0);
    metrics.uploading.set(gate?.uploading ?? 0);
    metrics.workersReady.set(pool.readyWorkers);
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  app.get('/api/info', (c) =>
    c.json({
      name: 'ocrbench-server',
      models: pool.models ?? [],
      versions: { node: process.versions.node, ...pool.versions },
      config: { ...config, cache: redactCredentials(config.cache) },
      engine: pool.engine ?? null,
      workers: { configured: config.workers, ready: pool.readyWorkers },
      // Set at process start only (glibc reads it before main); memory figures depend on it.
      env: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? null },
      admission: { running: admission.running, queued: admission.queued, capacity: config.workers * config.workerConcurrency + config.queue },
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }),
  );
  return app;
}
