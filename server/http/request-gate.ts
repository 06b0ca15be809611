import type { MiddlewareHandler } from 'hono';
import { httpError } from '../api-errors.ts';

/**
 * Counts the OCR requests in progress, from arrival to answer (graceful shutdown drains on it), and
 * bounds those reading their body at once with their own pool of upload slots, apart from admission:
 * each upload holds up to --max-bytes, so the slots keep memory bounded when many clients upload at
 * once, and since an upload holds no worker slot or queue place, slow uploads cannot turn ready work
 * away. Past the bound the answer is 503 at once, before any body is read.
 */
export type RequestGate = MiddlewareHandler & {
  readonly inProgress: number;
  /** Requests reading their body now. */
  readonly uploading: number;
  /** True when an upload slot is free. */
  readonly uploadsOpen: boolean;
  /** Runs `read` (the body read) in an upload slot; 503 overloaded when none is free. */
  upload<T>(read: () => Promise<T>): Promise<T>;
};

export function requestGate(maxUploads: number): RequestGate {
  let inProgress = 0;
  let uploading = 0;
  const gate = (async (_c, next) => {
    inProgress++;
    try {
      await next();
    } finally {
      inProgress--;
    }
  }) as RequestGate;
  Object.defineProperties(gate, {
    inProgress: { get: () => inProgress },
    uploading: { get: () => uploading },
    uploadsOpen: { get: () => uploading < maxUploads },
  });
  gate.upload = async <T>(read: () => Promise<T>): Promise<T> => {
    if (uploading >= maxUploads) {
      // No Connection: close: Node reads and drops the unread body, so the client can send it and read this answer.
      throw httpError('overloaded', `server busy: ${uploading} uploads in progress`, { 'Retry-After': '1' });
    }
    uploading++;
    try {
      return await read();
    } finally {
      uploading--;
    }
  };
  return gate;
}
