import { Pool } from 'undici';
import { sendRequest } from '../load/send-request.ts';
import type { PreparedRequest, Target } from '../load/target.ts';

/** Where our own server takes images: the hint when --target names only a host. */
export const OCR_PATH = '/api/ocr';

/**
 * Statuses that say the target is wrong (path, method, field, auth), not busy: no load is sent
 * after one of them. 408 and 429 are the service pacing us, and 5xx may be transient; a target that
 * keeps failing is stopped by the fail-fast watch instead.
 */
const isWrongTarget = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * One request before any load, so a wrong --target fails in seconds with a hint instead of
 * measuring a phase of 404s. Returns null when the target answered like an OCR service, else the
 * reason and what to try.
 */
export async function preflight(target: Target, req: PreparedRequest, timeoutMs: number): Promise<string | null> {
  const client = new Pool(target.origin, { connections: 1 });
  try {
    const r = await sendRequest(client, target, req, { now: () => performance.now(), timeoutMs });
    return explain(target, r.status, r.errorKind);
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

/** The preflight's verdict on one answer (pure; exported for tests). */
export function explain(target: Pick<Target, 'url' | 'origin' | 'path' | 'field' | 'textPath'>, status: number, errorKind: string | null): string | null {
  const where = `POST ${target.url}`;
  const pathname = new URL(target.url).pathname;
  const hint = pathname === '/' || pathname === '' ? `did you mean ${target.origin}${OCR_PATH}?` : `check the endpoint's path (our server's is ${OCR_PATH})`;
  if (errorKind === 'connection_refused') return `${where}: connection refused; is the OCR service running at ${target.origin}?`;
  if (status === 0 && errorKind !== null) return `${where}: no answer (${errorKind}); is the OCR service running at ${target.origin}?`;
  if (status === 404 || status === 405) return `${where} answered ${status} (${errorKind}): ${hint}`;
  if (isWrongTarget(status)) return `${where} answered ${status} (${errorKind}): check --target, --field (the image went in field "${target.field}") and any auth the service needs`;
  if (errorKind === 'bad_response') return `${where} answered ${status} without text at "${target.textPath}": check --text-path`;
  return null;
}
