import { ERROR_STATUS, type ErrorCode } from '../error-codes.ts';

/** The engine's codes come from the one table of stable error codes (server/error-codes.ts). */
export type OcrErrorCode = ErrorCode;

export class OcrError extends Error {
  override readonly name = 'OcrError';
  constructor(
    readonly code: OcrErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isOcrError(e: unknown): e is OcrError {
  return e instanceof OcrError;
}
