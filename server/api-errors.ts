import { ERROR_STATUS, type ErrorCode } from './error-codes.ts';
import { isOcrError } from './ocr/errors.ts';

/** The HTTP layer's codes come from the one table of stable error codes (server/error-codes.ts). */
export type HttpErrorCode = ErrorCode;

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
  return new OcrHttpError(ERROR_STATUS[code], code, message, headers);
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
