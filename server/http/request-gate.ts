import type { MiddlewareHandler } from 'hono';
import { httpError } from '../api-errors.ts';

/**
 * Bounds the OCR requests in progress, from arrival to answer, including those still uploading: each
 * holds up to --max-bytes of body, so this (not only the worker queue) is what keeps memory bounded
 * when many clients upload at once. Past the bound the answer is 503 at once, before any body is read.
 */
export type RequestGate = MiddlewareHandler & { readonly inProgress: number };

export function requestGate(limit: number): RequestGate {
  let inProgress = 0;
  const gate = (async (_c, next) => {
    if (inProgress >= limit) {
      throw httpError('overloaded', `server busy: ${inProgress} requests in progress`, { 'Retry-After': '1' });
    }
    inProgress++;
    try {
      await next();
    } finally {
      inProgress--;
    }
  }) as RequestGate;
  Object.defineProperty(gate, 'inProgress', { get: () => inProgress });
  return gate;
}
