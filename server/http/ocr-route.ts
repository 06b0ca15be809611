import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { cacheKey } from '../cache/cache-key.ts';
import type { OcrResult } from '../ocr/types.ts';
import { STAGES } from '../metrics/metrics.ts';
import { epochNow } from '../pool/worker-protocol.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { httpError, OcrHttpError } from '../api-errors.ts';
import { readOcrRequest } from './read-ocr-request.ts';
import type { Detail } from './ocr-options.ts';
import type { RequestGate } from './request-gate.ts';
import { DEBUG_FAULT_HEADER, requestedFault } from '../pool/debug-faults.ts';
import { formatServerTiming, type TimingEntry } from './server-timing.ts';

/**
 * POST /api/ocr: read the image and options, answer from the cache when it can, else pass admission
 * control and run the pipeline in a worker. Every failure is thrown as OcrHttpError for `onError`.
 */
export function createOcrHandler({ config, pool, admission, cache, metrics, state, gate }: AppDeps & { gate: RequestGate }) {
  return async (c: Context<AppEnv>) => {
    const t0 = performance.now();
    if (state.shuttingDown) throw httpError('shutting_down', 'the server is shutting down', { 'Retry-After': '1' });
    const models = pool.models;
    if (!state.ready || pool.readyWorkers === 0 || !models) throw httpError('not_ready', 'models are still loading', { 'Retry-After': '1' });

    // Refused before its body is read when admission is full now; admitted (below) only once it is read.
    admission.assertOpen();
    // In an upload slot, apart from admission: a slow upload holds no worker slot or queue place.
    // @hono/node-server passes the Node request as env.incoming; app.request() (tests) has none.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const { image, options } = await gate.upload(() => readOcrRequest(c.req.raw, c.req.query(), config, incoming));
    // cls left undefined lets the engine apply its own default (ENGINE_DEFAULTS: on).
    const cls = options.cls;
    const log = c.get('logFields');
    Object.assign(log, { mode: options.mode, cls, bytes: image.byteLength });

    // The other profile's answers differ from the server's own: its name joins the key (same keys as before otherwise).
    const profile = options.profile === undefined || options.profile === config.profile ? undefined : options.profile;
    if (profile) log.profile = profile;
    const engine = profile ? { base: pool.engine, profile } : pool.engine;
    const key = cache.kind === 'off' ? undefined : cacheKey({ image, mode: options.mode, cls, models, engine });
    if (key !== undefined) {
      const lookup0 = performance.now();
      const hit = await cache.get(key);
      if (hit !== undefined) {
        metrics.cacheHits.inc();
        const result = JSON.parse(hit) as OcrResult;
        // Nothing ran for this request: the stages are 0, the lookup is reported as `cache`.
        const timing = [...STAGES.map((name) => ({ name, dur: 0 })), { name: 'cache', dur: performance.now() - lookup0, desc: 'hit' }];
        return respond(c, result, options.detail, true, timing);
      }
      metrics.cacheMisses.inc();
    }

    const submittedAt = epochNow();
    const fault = requestedFault(config.debugFaults, c.req.header(DEBUG_FAULT_HEADER));
    const remaining = Math.max(1, config.deadlineMs - (performance.now() - t0));
    const job = async (stop: AbortSignal) => {
      const r = await pool.run({ image, options: { mode: options.mode, cls }, fault, ...(profile ? { profile } : {}) }, stop);
      // The worker stopped early: its deadline passed or its client went away (the stop signal's reason).
      if (!r.ok && r.code === 'work_abandoned') metrics.abandoned.inc({ reason: String(stop.reason) });
      return r;
    };
    const { value: out } = await admission.run(job, remaining, c.req.raw.signal);
    if (!out.ok) {
      // The library's own text (libvips, onnxruntime) is for the log only.
      if (out.detail) log.detail = out.detail;
      throw new OcrHttpError(out.status, out.code, out.message);
    }

    const result = out.result;
    const queue = out.startedAt - submittedAt;
    const stages: Record<(typeof STAGES)[number], number> = { queue, ...result.timings };
    for (const s of STAGES) metrics.stageSeconds.observe({ stage: s }, Math.max(0, stages[s]) / 1000);
    if (key !== undefined) await cache.set(key, JSON.stringify(result));
    return respond(c, result, options.detail, false, STAGES.map((name) => ({ name, dur: stages[name] })));
  };
}

function respond(c: Context<AppEnv>, result: OcrResult, detail: Detail, cached: boolean, timing: TimingEntry[]) {
  const requestId = c.get('requestId');
  Object.assign(c.get('logFields'), { cached, lines: result.lines.length, timings: Object.fromEntries(timing.map((t) => [t.name, Math.round(t.dur * 100) / 100])) });
  c.header('Server-Timing', formatServerTiming(timing));
  if (detail === 'text') {
    const { text, width, height, timings } = result;
    return c.json({ text, width, height, timings, cached, requestId });
  }
  return c.json({ ...result, cached, requestId });
}
