/**
 * Stable error codes: the HTTP layer maps each to a status, the harness counts failures by them.
 * Never rename a code; add new ones.
 */
export const OCR_ERROR_STATUS = {
  empty_image: 400,
  invalid_image: 400,
  unsupported_format: 415,
  image_too_large: 413,
  /** One line needs more recognizer frames than --max-line-frames (server/ocr/work-budget.ts). */
  line_too_long: 422,
  /** The request needs more detector pixels or recognizer frames than its budget (work-budget.ts). */
  work_budget_exceeded: 422,
  /** The work stopped because its deadline passed or its client went away (never sent to that client). */
  work_abandoned: 503,
  model_missing: 500,
  model_checksum_mismatch: 500,
  inference_failed: 500,
} as const;

export type OcrErrorCode = keyof typeof OCR_ERROR_STATUS;

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
    return OCR_ERROR_STATUS[this.code];
  }
}

export function isOcrError(e: unknown): e is OcrError {
  return e instanceof OcrError;
}
