import { httpError } from '../api-errors.ts';

export interface BodyLimits {
  /** Bytes; past it 413 body_too_large (by Content-Length before reading anything, else as it arrives). */
  maxBytes: number;
  /** The body must be complete within this many ms plus one second per `minUploadRate` bytes received. */
  bodyTimeoutMs: number;
  minUploadRate: number;
}

/**
 * Reads a request body under a size bound and a time bound that grows with what arrived: Apache's
 * RequestReadTimeout `body=20,MinRate=500` scheme. nginx's client_body_timeout (time between two reads)
 * alone would let a client that sends one byte every few seconds hold its upload for as long as it
 * likes; here a slow upload gets 408 body_timeout once it falls behind, and a fast one is never cut.
 * A client that hangs up mid-body gets 499 client_closed (logged, never an error of ours).
 */
export async function readBody(req: Request, { maxBytes, bodyTimeoutMs, minUploadRate }: BodyLimits): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (req.body === null) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  // Re-armed after every chunk: the deadline moves one second later per minUploadRate bytes received.
  const arm = () => {
    clearTimeout(timer);
    const deadline = started + bodyTimeoutMs + (received / minUploadRate) * 1000;
    timer = setTimeout(() => {
      timedOut = true;
      void reader.cancel().catch(() => {});
    }, Math.max(0, deadline - performance.now()));
  };
  try {
    arm();
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) break;
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        void reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
      arm();
    }
  } catch (e) {
    if (timedOut) throw bodyTimeout(received);
    if (req.signal.aborted || isAbort(e)) throw httpError('client_closed', 'the client went away while sending its body');
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) throw bodyTimeout(received);
  if (req.signal.aborted) throw httpError('client_closed', 'the client went away while sending its body');
  const body = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

const tooLarge = (maxBytes: number) => httpError('body_too_large', `the request body exceeds ${maxBytes} bytes`, { Connection: 'close' });

const bodyTimeout = (received: number) =>
  httpError('body_timeout', `the request body arrived too slowly (${received} bytes received); see --body-timeout-ms and --min-upload-rate`, { Connection: 'close' });

/** The ways a body stream reports that its connection went away (undici, node streams). */
function isAbort(e: unknown): boolean {
  const err = e as { name?: string; code?: string; message?: string } | undefined;
  return err?.name === 'AbortError' || err?.code === 'ECONNRESET' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted|premature|terminated/i.test(err?.message ?? '');
}
