import type { RunResults } from '../results/schema.ts';

/**
 * The fields of a `requests.jsonl` record the gate and the report read. The load harness writes more;
 * reading only these keeps this side working whatever it adds.
 */
export interface RequestSample {
  phase: string | null;
  sampleId: string;
  /** Run time axis, ms since t0. scheduledAt is null in the closed model. */
  scheduledAt: number | null;
  sentAt: number;
  doneAt: number;
  status: number;
  errorKind: string | null;
  /** True for the warm-up slice; derived from the phase window when the record does not say. */
  warmup?: boolean;
  text?: string;
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
    if (typeof r.sentAt !== 'number' || typeof r.doneAt !== 'number') {
      problems.push(`line ${i + 1}: no numeric sentAt/doneAt`);
      return;
    }
    records.push({
      phase: typeof r.phase === 'string' ? r.phase : null,
      sampleId: String(r.sampleId ?? ''),
      scheduledAt: typeof r.scheduledAt === 'number' ? r.scheduledAt : null,
      sentAt: r.sentAt,
      doneAt: r.doneAt,
      status: typeof r.status === 'number' ? r.status : 0,
      errorKind: typeof r.errorKind === 'string' ? r.errorKind : null,
      warmup: typeof r.warmup === 'boolean' ? r.warmup : undefined,
      text: typeof r.text === 'string' ? r.text : undefined,
    });
  });
  return { records, problems };
}

export interface PhaseSamples {
  /** Ascending send-to-last-byte latencies of ok responses in the measured window. */
  service: Float64Array;
  /** Ascending scheduled-to-last-byte latencies (open model only). */
  corrected?: Float64Array;
}

export const isOk = (r: RequestSample) => r.errorKind === null && r.status >= 200 && r.status < 300;

/** Whether a record belongs to its phase's measured window (the same window the phase statistics cover). */
export function isMeasured(r: RequestSample, results: RunResults): boolean {
  if (r.warmup !== undefined) return !r.warmup;
  const p = results.phases.find((x) => x.name === r.phase);
  return !!p && r.sentAt >= p.startMs + p.warmupMs && r.sentAt < p.endMs;
}

/** Per-phase latency samples of ok responses in the measured windows, by phase name. */
export function samplesByPhase(results: RunResults, records: readonly RequestSample[]): Map<string, PhaseSamples> {
  const raw = new Map<string, { service: number[]; corrected: number[] }>();
  for (const r of records) {
    if (r.phase === null || !isOk(r) || !isMeasured(r, results)) continue;
    let s = raw.get(r.phase);
    if (!s) raw.set(r.phase, (s = { service: [], corrected: [] }));
    s.service.push(r.doneAt - r.sentAt);
    if (r.scheduledAt !== null) s.corrected.push(r.doneAt - r.scheduledAt);
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
