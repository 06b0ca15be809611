import { Pool, request } from 'undici';
import type { RequestRecord } from '../load/request-record.ts';
import { AbortGroup, sendRequest } from '../load/send-request.ts';
import type { PreparedRequest, Target } from '../load/target.ts';

/** GET /api/info for model hashes and the effective server config; null if the target has none. */
export async function fetchInfo(origin: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await request(`${origin}/api/info`, { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = await res.body.text();
    return res.statusCode === 200 ? (JSON.parse(body) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The single-user pass run before the load: one request at a time, no think time, phase
 * "baseline". Its answers are what accuracy under load is compared with, sample by sample.
 */
export async function runBaseline(target: Target, requests: ReadonlyMap<string, PreparedRequest>, ids: string[], now: () => number, timeoutMs: number, stop: AbortSignal, pool?: Pool): Promise<RequestRecord[]> {
  // A caller that sends a pass in pieces (the gate's interleaved light pass) keeps one connection for all.
  const client = pool ?? new Pool(target.origin, { connections: 1 });
  const abort = new AbortGroup(stop);
  const out: RequestRecord[] = [];
  try {
    for (const [seq, sampleId] of ids.entries()) {
      if (stop.aborted) break;
      const r = await sendRequest(client, target, requests.get(sampleId)!, { now, timeoutMs, abort });
      out.push({ seq, phase: 'baseline', warmup: false, sampleId, late: false, scheduledAt: r.sentAt, ...r });
    }
  } finally {
    if (!pool) await client.destroy().catch(() => undefined);
  }
  return out;
}

/** Moves a record along the time axis (the baseline ran before t0). */
export function shiftRecord(r: RequestRecord, by: number): void {
  r.scheduledAt += by;
  if (r.sentAt !== null) r.sentAt += by;
  if (r.firstByteAt !== null) r.firstByteAt += by;
  if (r.doneAt !== null) r.doneAt += by;
}
