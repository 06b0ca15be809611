import type { Dispatcher } from 'undici';
import { parseServerTiming } from './server-timing.ts';
import type { PreparedRequest, Target } from './target.ts';

export interface SendOutcome {
  sentAt: number;
  firstByteAt: number | null;
  doneAt: number;
  status: number;
  errorKind: string | null;
  bytes: number;
  serverTiming: Record<string, number>;
  text: string | null;
  lines: string[] | null;
  cached: boolean | null;
}

export interface SendOptions {
  /** Clock on the run's time axis. */
  now: () => number;
  timeoutMs: number;
  /** Cuts the request when its signal fires (Ctrl-C after the grace period). */
  abort?: AbortGroup;
}

/**
 * Requests in flight that one signal cuts, with one listener for all of them: an EventTarget
 * listener added and removed per request was a measurable share of the harness's CPU.
 */
export class AbortGroup {
  readonly inFlight = new Set<Dispatcher.DispatchController>();
  constructor(readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => {
      for (const c of this.inFlight) c.abort(abortError());
    }, { once: true });
  }
}

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/**
 * Sends one prepared request and turns whatever happens into data (autocannon's habit): a failed
 * request is a status and an error kind, never an exception. It uses undici's low-level dispatch
 * with callbacks rather than `request()`: no stream per response body, which halved the harness's
 * CPU per request against a trivial endpoint (see harness/benchmarks/fidelity.ts).
 */
export function sendRequest(client: Dispatcher, target: Target, req: PreparedRequest, { now, timeoutMs, abort }: SendOptions): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const sentAt = now();
    let firstByteAt: number | null = null;
    let status = 0;
    let serverTiming: Record<string, number> = {};
    const chunks: Buffer[] = [];
    let bytes = 0;
    let controller: Dispatcher.DispatchController | null = null;
    let settled = false;
    const signal = abort?.signal;
    const finish = (out: Omit<SendOutcome, 'sentAt' | 'firstByteAt' | 'status' | 'bytes' | 'serverTiming' | 'cached'> & { cached?: boolean | null }) => {
      if (settled) return;
      settled = true;
      if (controller) abort?.inFlight.delete(controller);
      resolve({ sentAt, firstByteAt, status, bytes, serverTiming, cached: null, ...out });
    };
    if (signal?.aborted) return finish({ doneAt: now(), errorKind: 'aborted', text: null, lines: null });
    client.dispatch(
      // undici's own timers are coarse (about 1 s): fine for OCR deadlines of seconds.
      { path: target.path, method: 'POST', headers: req.headers, body: req.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
      {
        onRequestStart(c) {
          controller = c;
          if (signal?.aborted) c.abort(abortError());
          else abort?.inFlight.add(c);
        },
        onResponseStart(_c, statusCode, headers) {
          if (statusCode < 200) return; // 1xx informational: the real answer follows.
          firstByteAt = now();
          status = statusCode;
          serverTiming = parseServerTiming(headers['server-timing']);
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
          bytes += chunk.length;
        },
        onResponseEnd() {
          const doneAt = now();
          const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          let json: unknown;
          try {
            json = JSON.parse(raw.toString('utf8'));
          } catch {
            json = undefined;
          }
          if (status < 200 || status >= 300) {
            const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
            return finish({ doneAt, errorKind: typeof code === 'string' && code ? code : `http_${status}`, text: null, lines: null });
          }
          const { text, lines, cached } = target.parse(json);
          if (text === undefined) return finish({ doneAt, errorKind: 'bad_response', text: null, lines: null });
          finish({ doneAt, errorKind: null, text, lines, cached });
        },
        onResponseError(_c, err) {
          finish({ doneAt: now(), errorKind: classifyError(err, signal), text: null, lines: null });
        },
      },
    );
  });
}

/** Maps undici and socket errors to stable kinds. */
export function classifyError(err: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return 'aborted';
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  if (e?.name === 'AbortError' || code === 'UND_ERR_ABORTED') return 'aborted';
  if (/TIMEOUT/.test(code)) return 'timeout';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connection_reset';
  return 'network';
}
