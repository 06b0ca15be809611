import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-schema.ts';
import type { ResultCache } from '../cache/result-cache.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Admission } from '../pool/admission.ts';
import type { OcrPool } from '../pool/worker-pool.ts';
import type { RequestGate } from './request-gate.ts';

/** Process state the routes read; `main` flips it. */
export interface ServerState {
  /** Every worker has been warm once (cold start done). */
  ready: boolean;
  shuttingDown: boolean;
}

/** Everything the HTTP layer needs, passed in so `createApp` does no I/O of its own. */
export interface AppDeps {
  config: ServerConfig;
  pool: Pick<OcrPool, 'run' | 'readyWorkers' | 'models' | 'engine' | 'versions'>;
  admission: Admission;
  cache: ResultCache;
  metrics: Metrics;
  logger: Logger;
  state: ServerState;
  /** Counts OCR requests in progress and bounds their uploads; made here when not given (main passes its own to drain on it). */
  gate?: RequestGate;
  /** Folder of the web page's files (default server/web). */
  webDir?: string;
}

/** Per-request values shared by the middleware and the routes (hono's typed context variables). */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Extra fields for the one log line of this request. */
    logFields: Record<string, unknown>;
  };
}
