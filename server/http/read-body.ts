import type { IncomingMessage } from 'node:http';
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
export async function readBody(req: Request, limits: BodyLimits, incoming?: IncomingMessage): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limits.maxBytes) throw tooLarge(limits.maxBytes);
  // Under @hono/node-server the socket's own stream is read: going through the web Request built a
  // Request, a ReadableStream over the socket and a reader per body, a large share of the main
  // thread's CPU per request (docs/results/2026-12-07-server-overhead.md). app.request() (tests) has
  // no IncomingMessage and reads the web body.
  if (incoming) return readNodeBody(incoming, limits);
  if (req.body === null) return new Uint8Array(0);
  const reader = req.body.getReader();
  return readChunks(
    {
      next: async () => {
        const { done, value } = await reader.read();
        return done ? null : value;
      },
      cancel: () => void reader.cancel().catch(() => {}),
      aborted: () => req.signal.aborted,
    },
    limits,
  );
}

interface ChunkSource {
  /** The next chunk, or null at the end of the body. */
  next(): Promise<Uint8Array | null>;
  cancel(): void;
  /** The client went away. */
  aborted(): boolean;
}

async function readChunks(src: ChunkSource, { maxBytes, bodyTimeoutMs, minUploadRate }: BodyLimits): Promise<Uint8Array> {
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
      src.cancel();
    }, Math.max(0, deadline - performance.now()));
  };
  try {
    arm();
    for (;;) {
      const value = await src.next();
      if (timedOut) break;
      if (value === null) break;
      received += value.byteLength;
      if (received > maxBytes) {
        src.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
      arm();
    }
  } catch (e) {
    if (timedOut) throw bodyTimeout(received);
    if (src.aborted() || isAbort(e)) throw httpError('client_closed', 'the client went away while sending its body');
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) throw bodyTimeout(received);
  if (src.aborted()) throw httpError('client_closed', 'the client went away while sending its body');
  // Always a fresh buffer of its own: the image in it is transferred to a worker, and a socket's
  // chunks can be views into memory Node shares between reads.
  const body = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** A Node request stream as a ChunkSource: 'data' events queued, one pending read at a time. */
function readNodeBody(incoming: IncomingMessage, limits: BodyLimits): Promise<Uint8Array> {
  if (incoming.complete && incoming.readableEnded) return Promise.resolve(new Uint8Array(0));
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    // Backpressure as the web reader had it: at most what one read hands over is buffered.
    incoming.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (e: Error) => {
    failure = e;
    notify();
  };
  // 'close' before 'end': the connection went away mid-body.
  const onClose = () => {
    if (!incoming.complete) failure ??= Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    notify();
  };
  incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  const done = () => incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
  const src: ChunkSource = {
    async next() {
      for (;;) {
        const c = queue.shift();
        if (c) return c;
        if (failure) throw failure;
        if (ended) return null;
        incoming.resume();
        await new Promise<void>((r) => (wake = r));
      }
    },
    cancel() {
      failure ??= Object.assign(new Error('aborted'), { name: 'AbortError' });
      notify();
    },
    aborted: () => !incoming.complete && (incoming.destroyed || incoming.readableAborted),
  };
  return readChunks(src, limits).finally(done);
}

const tooLarge = (maxBytes: number) => httpError('body_too_large', `the request body exceeds ${maxBytes} bytes`, { Connection: 'close' });

const bodyTimeout = (received: number) =>
  httpError('body_timeout', `the request body arrived too slowly (${received} bytes received); see --body-timeout-ms and --min-upload-rate`, { Connection: 'close' });

/** The ways a body stream reports that its connection went away (undici, node streams). */
function isAbort(e: unknown): boolean {
  const err = e as { name?: string; code?: string; message?: string } | undefined;
  return err?.name === 'AbortError' || err?.code === 'ECONNRESET' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted|premature|terminated/i.test(err?.message ?? '');
}
