import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppDeps, AppEnv } from './http/app-env.ts';
import { errorBody, httpError, toHttpError } from './api-errors.ts';
import { createOcrHandler } from './http/ocr-route.ts';
import { requestGate } from './http/request-gate.ts';
import { createOpsRoutes } from './http/ops-routes.ts';
import { createWebRoutes } from './web/web-routes.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A header on an answer already made. `c.header()` there rebuilds the Response from its body stream,
 * and @hono/node-server then sent every answer through web streams instead of writing its bytes at
 * once: a large share of the main thread's CPU per request (docs/results/2026-12-07-server-overhead.md).
 * The answer's own headers are set instead; c.header() only when they are immutable.
 */
function setOnAnswer(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

/**
 * The whole HTTP surface. No I/O happens here or at import time: the pool, cache, metrics and logger
 * come in as dependencies, so tests can drive it with `app.request()` and the process test runs it for real.
 */
export function createApp(given: AppDeps) {
  const gate = given.gate ?? requestGate(given.config.maxUploads);
  const deps = { ...given, gate };
  const { config, metrics, logger, state } = deps;
  const app = new Hono<AppEnv>();

  // One log line and one metrics sample per request, whatever the outcome.
  app.use(async (c, next) => {
    const t0 = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('logFields', {});
    c.header('X-Request-Id', requestId);
    await next();
    if (state.shuttingDown) setOnAnswer(c, 'Connection', 'close');
    const route = c.req.routePath === '/*' ? 'other' : c.req.routePath;
    const seconds = (performance.now() - t0) / 1000;
    const fields = c.get('logFields');
    metrics.requests.inc({ route, status: String(c.res.status), code: String(fields.code ?? '') });
    metrics.requestSeconds.observe({ route }, seconds);
    if (route === '/metrics' || route === '/healthz' || route === '/readyz') return;
    logger.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1e5) / 100, ...fields }, 'request');
  });

  // Every answer: no MIME sniffing. The web page's own policy (CSP, frame-ancestors) is set in web-routes.ts.
  app.use(async (c, next) => {
    await next();
    setOnAnswer(c, 'X-Content-Type-Options', 'nosniff');
  });
  if (config.allowedHosts) {
    const allowed = new Set(config.allowedHosts);
    app.use(async (c, next) => {
      const host = (c.req.header('host') ?? '').toLowerCase();
      // A listed name matches with any port; a listed host:port only that port.
      if (!allowed.has(host) && !allowed.has(host.replace(/:\d+$/, ''))) throw httpError('host_not_allowed', 'this server does not answer for that Host (--allowed-hosts)');
      await next();
    });
  }
  if (config.cors) app.use('/api/*', cors({ origin: config.cors, allowMethods: ['GET', 'POST'], exposeHeaders: ['X-Request-Id', 'Server-Timing', 'Retry-After'], maxAge: 600 }));

  app.route('/', createOpsRoutes(deps));
  app.route('/', createWebRoutes(deps.webDir));
  app.post(
    '/api/ocr',
    gate,
    createOcrHandler(deps),
  );
  app.all('/api/ocr', () => {
    throw httpError('method_not_allowed', 'use POST /api/ocr', { Allow: 'POST' });
  });

  app.notFound((c) => {
    c.get('logFields').code = 'not_found';
    return c.json(errorBody(httpError('not_found', `no route for ${c.req.method} ${c.req.path}`)), 404);
  });
  app.onError((err, c) => {
    const { error, known } = toHttpError(err);
    if (!known) logger.error({ err, requestId: c.get('requestId') }, 'request failed');
    // A hang-up is the client's doing: logged at info by the request line (status 499), no stack.
    c.get('logFields').code = error.code;
    if (error.code === 'overloaded' || error.code === 'deadline_exceeded') metrics.rejected.inc({ reason: error.code });
    for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
    return c.json(errorBody(error), error.status as 400);
  });
  return app;
}
