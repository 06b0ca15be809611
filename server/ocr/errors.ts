/**
 * Stable error codes: the HTTP layer maps each to a status, the harness counts failures by them.
 * Never rename a code; add new ones.
 */
export const OCR_ERROR_STATUS = {
  empty_image: 400,
  invalid_image: 400,
  unsupported_format: 415,
  image_too_large: 413,
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
