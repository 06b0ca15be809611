import type { Dispatcher } from 'undici';
import type { RequestRecord } from './request-record.ts';
import { parseServerTiming } from './server-timing.ts';
import type { PreparedRequest, Target } from './target.ts';

/** What one send observed: a request record's response part, with both ends of a request that was sent. */
export type SendOutcome = Omit<RequestRecord, 'seq' | 'phase' | 'warmup' | 'sampleId' | 'late' | 'scheduledAt' | 'sentAt' | 'doneAt'> & {
  sentAt: number;
  doneAt: number;
};

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

/** What arrived, before interpretation: enough to time the request and to read the answer later. */
export interface RawOutcome {
  sentAt: number;
  firstByteAt: number | null;
  doneAt: number;
  status: number;
  bytes: number;
  serverTimingHeader: string | string[] | undefined;
  body: Buffer | null;
  /** Set when there was no complete answer (timeout, refused, reset, aborted). */
  transportError: string | null;
}

/**
 * Sends one prepared request and reports what happened as data (autocannon's habit): a failed
 * request is a status and an error kind, never an exception. It uses undici's low-level dispatch
 * with callbacks rather than `request()`: no stream per response body, which halved the harness's
 * CPU per request against a trivial endpoint (see harness/benchmarks/fidelity.ts). The answer is
 * only collected here; interpretOutcome reads it, so a caller can defer that work.
 */
export function dispatchRequest(client: Dispatcher, target: Target, req: PreparedRequest, { now, timeoutMs, abort }: SendOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const sentAt = now();
    let firstByteAt: number | null = null;
    let status = 0;
    let serverTimingHeader: string | string[] | undefined;
    const chunks: Buffer[] = [];
    let bytes = 0;
    let controller: Dispatcher.DispatchController | null = null;
    let settled = false;
    const signal = abort?.signal;
    const finish = (body: Buffer | null, transportError: string | null) => {
      if (settled) return;
      settled = true;
      if (controller) abort?.inFlight.delete(controller);
      resolve({ sentAt, firstByteAt, doneAt: now(), status, bytes, serverTimingHeader, body, transportError });
    };
    if (signal?.aborted) return finish(null, 'aborted');
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
          serverTimingHeader = headers['server-timing'];
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
          bytes += chunk.length;
        },
        onResponseEnd() {
          finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), null);
        },
        onResponseError(_c, err) {
          finish(null, classifyError(err, signal));
        },
      },
    );
  });
}

/** Reads an answer: the server's error code, or the text, lines and cached flag through the target's paths. */
export function interpretOutcome(target: Target, raw: RawOutcome): SendOutcome {
  // Built field by field, not by spreading: this runs once per request in the load loop.
  const out: SendOutcome = {
    sentAt: raw.sentAt,
    firstByteAt: raw.firstByteAt,
    doneAt: raw.doneAt,
    status: raw.status,
    errorKind: null,
    bytes: raw.bytes,
    serverTiming: parseServerTiming(raw.serverTimingHeader),
    text: null,
    lines: null,
    cached: null,
  };
  if (raw.transportError !== null || raw.body === null) {
    out.errorKind = raw.transportError ?? 'network';
    return out;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.body.toString('utf8'));
  } catch {
    json = undefined;
  }
  // 499 (nginx's convention, and our server's client_closed): the connection was closed on the client's
  // side, whatever the body says; counted under its own kind, apart from the server's errors.
  if (raw.status === 499) {
    out.errorKind = 'client_closed';
    return out;
  }
  if (raw.status < 200 || raw.status >= 300) {
    const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
    out.errorKind = typeof code === 'string' && code ? code : `http_${raw.status}`;
    return out;
  }
  const parsed = target.parse(json);
  if (parsed.text === undefined) {
    out.errorKind = 'bad_response';
    return out;
  }
  out.text = parsed.text;
  out.lines = parsed.lines;
  out.cached = parsed.cached;
  return out;
}

/** dispatchRequest and interpretOutcome in one step, for callers with nothing to overlap. */
export async function sendRequest(client: Dispatcher, target: Target, req: PreparedRequest, options: SendOptions): Promise<SendOutcome> {
  return interpretOutcome(target, await dispatchRequest(client, target, req, options));
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
