import type { RunResults } from '../results/schema.ts';

/**
 * The fields of a `requests.jsonl` record (harness/load/request-record.ts) the gate and the report
 * read. The load harness writes more; reading only these keeps this side working whatever it adds.
 */
export interface RequestSample {
  phase: string | null;
  sampleId: string;
  /** Run time axis, ms since t0. Open model: the planned send; closed model: equal to sentAt. */
  scheduledAt: number | null;
  /** null when the request was never sent (dropped) or never answered. */
  sentAt: number | null;
  doneAt: number | null;
  status: number;
  errorKind: string | null;
  /** True for the warm-up slice; derived from the phase window when the record does not say. */
  warmup?: boolean;
  serverTiming?: Record<string, number>;
  text?: string | null;
  lines?: string[] | null;
}

/** Parses requests.jsonl leniently: a bad line is reported and skipped, never fatal. */
export function parseRequestsJsonl(text: string): { records: RequestSample[]; problems: string[] } {
  const records: RequestSample[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    if (typeof r.phase !== 'string' && typeof r.sentAt !== 'number') {
      problems.push(`line ${i + 1}: neither a phase nor a send time`);
      return;
    }
    records.push({
      phase: typeof r.phase === 'string' ? r.phase : null,
      sampleId: String(r.sampleId ?? ''),
      scheduledAt: typeof r.scheduledAt === 'number' ? r.scheduledAt : null,
      sentAt: typeof r.sentAt === 'number' ? r.sentAt : null,
      doneAt: typeof r.doneAt === 'number' ? r.doneAt : null,
      status: typeof r.status === 'number' ? r.status : 0,
      errorKind: typeof r.errorKind === 'string' ? r.errorKind : null,
      warmup: typeof r.warmup === 'boolean' ? r.warmup : undefined,
      serverTiming: isNumberRecord(r.serverTiming) ? r.serverTiming : undefined,
      text: typeof r.text === 'string' ? r.text : undefined,
      lines: Array.isArray(r.lines) && r.lines.every((l) => typeof l === 'string') ? r.lines : undefined,
    });
  });
  return { records, problems };
}

function isNumberRecord(v: unknown): v is Record<string, number> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'number');
}

/** Client latency (send to last byte) of an answered request. */
export const serviceMs = (r: RequestSample) => (r.sentAt !== null && r.doneAt !== null ? r.doneAt - r.sentAt : null);

export interface PhaseSamples {
  /** Ascending send-to-last-byte latencies of ok responses in the measured window. */
  service: Float64Array;
  /** Ascending scheduled-to-last-byte latencies (open model only). */
  corrected?: Float64Array;
}

export const isOk = (r: RequestSample) => r.errorKind === null && r.status >= 200 && r.status < 300 && r.sentAt !== null && r.doneAt !== null;

/** Whether a record belongs to its phase's measured window (the same window the phase statistics cover). */
export function isMeasured(r: RequestSample, results: RunResults): boolean {
  if (r.warmup !== undefined) return !r.warmup;
  const p = results.phases.find((x) => x.name === r.phase);
  const t = r.scheduledAt ?? r.sentAt;
  return !!p && t !== null && t >= p.startMs + p.warmupMs && t < p.endMs;
}

/** Per-phase latency samples of ok responses in the measured windows, by phase name. */
export function samplesByPhase(results: RunResults, records: readonly RequestSample[]): Map<string, PhaseSamples> {
  const raw = new Map<string, { service: number[]; corrected: number[] }>();
  const open = new Set(results.phases.filter((p) => p.model === 'open').map((p) => p.name));
  for (const r of records) {
    if (r.phase === null || !isOk(r) || !isMeasured(r, results)) continue;
    let s = raw.get(r.phase);
    if (!s) raw.set(r.phase, (s = { service: [], corrected: [] }));
    s.service.push(r.doneAt! - r.sentAt!);
    if (open.has(r.phase) && r.scheduledAt !== null) s.corrected.push(r.doneAt! - r.scheduledAt);
  }
  const out = new Map<string, PhaseSamples>();
  for (const [phase, s] of raw) {
    out.set(phase, {
      service: Float64Array.from(s.service).sort(),
      corrected: s.corrected.length === s.service.length ? Float64Array.from(s.corrected).sort() : undefined,
    });
  }
  return out;
}
