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
}

export interface SendOptions {
  /** Clock on the run's time axis. */
  now: () => number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Sends one prepared request and turns whatever happens into data (autocannon's habit): a failed
 * request is a status and an error kind, never an exception.
 */
export async function sendRequest(client: Dispatcher, target: Target, req: PreparedRequest, { now, timeoutMs, signal }: SendOptions): Promise<SendOutcome> {
  const sentAt = now();
  // Our own deadline over headers and body: undici's headersTimeout did not fire below 1 s here.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const requestSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let firstByteAt: number | null = null;
  let status = 0;
  let bytes = 0;
  let serverTiming: Record<string, number> = {};
  try {
    const res = await client.request({
      path: target.path,
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: requestSignal,
    });
    firstByteAt = now();
    status = res.statusCode;
    serverTiming = parseServerTiming(res.headers['server-timing']);
    const raw = Buffer.from(await res.body.arrayBuffer());
    bytes = raw.length;
    const doneAt = now();
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (status < 200 || status >= 300) {
      const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
      return { sentAt, firstByteAt, doneAt, status, errorKind: typeof code === 'string' && code ? code : `http_${status}`, bytes, serverTiming, text: null, lines: null };
    }
    const { text, lines } = target.parse(json);
    if (text === undefined) return { sentAt, firstByteAt, doneAt, status, errorKind: 'bad_response', bytes, serverTiming, text: null, lines: null };
    return { sentAt, firstByteAt, doneAt, status, errorKind: null, bytes, serverTiming, text, lines };
  } catch (err) {
    const kind = deadline.signal.aborted && !signal?.aborted ? 'timeout' : classifyError(err, signal);
    return { sentAt, firstByteAt, doneAt: now(), status, errorKind: kind, bytes, serverTiming, text: null, lines: null };
  } finally {
    clearTimeout(timer);
  }
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
