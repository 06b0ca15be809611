import { isOcrError } from './ocr/errors.ts';

/**
 * Stable error codes of the HTTP API (the harness counts failures by them). Never rename one.
 * The engine's own codes (server/ocr/errors.ts) pass through unchanged with the engine's status.
 */
export const HTTP_ERROR_STATUS = {
  no_image: 400,
  missing_image_field: 400,
  empty_image: 400,
  malformed_multipart: 400,
  malformed_json: 400,
  invalid_base64: 400,
  invalid_option: 400,
  not_found: 404,
  method_not_allowed: 405,
  body_timeout: 408,
  body_too_large: 413,
  unsupported_media_type: 415,
  /** --allowed-hosts is set and the request's Host is not in it. */
  host_not_allowed: 421,
  internal_error: 500,
  worker_crashed: 500,
  worker_timeout: 500,
  overloaded: 503,
  not_ready: 503,
  shutting_down: 503,
  deadline_exceeded: 504,
  /** nginx's convention: the client went away before its answer (only ever seen in logs and metrics). */
  client_closed: 499,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

/** The one error family the HTTP layer throws; `onError` turns it into `{ error: { code, message } }`. */
export class OcrHttpError extends Error {
  override readonly name = 'OcrHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Builds an OcrHttpError whose status comes from the code table. */
export function httpError(code: HttpErrorCode, message: string, headers?: Record<string, string>): OcrHttpError {
  return new OcrHttpError(HTTP_ERROR_STATUS[code], code, message, headers);
}

/** Maps anything thrown to an OcrHttpError; `known` is false for bugs (which get logged with a stack). */
export function toHttpError(e: unknown): { error: OcrHttpError; known: boolean } {
  if (e instanceof OcrHttpError) return { error: e, known: true };
  if (isOcrError(e)) return { error: new OcrHttpError(e.status, e.code, e.message), known: e.status < 500 };
  return { error: httpError('internal_error', 'internal error'), known: false };
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (e: OcrHttpError): ErrorBody => ({ error: { code: e.code, message: e.message } });
