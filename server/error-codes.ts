/**
 * The one table of stable error codes and their HTTP status. The engine (server/ocr/errors.ts) throws the
 * first group, the HTTP layer (server/api-errors.ts) the second; the harness counts failures by code.
 * Never rename a code; add new ones. The guide to each: server/README.md and docs/guides/server-limits.md.
 */
export const ERROR_STATUS = {
  // The engine's: what is wrong with the image or the work it asks for, or with the models.
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

  // The HTTP layer's: the request itself, admission, workers, deadlines.
  no_image: 400,
  missing_image_field: 400,
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

export type ErrorCode = keyof typeof ERROR_STATUS;
