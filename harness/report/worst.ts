import { badness, scoreItem } from '../accuracy/score-items.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { isMeasured, isOk, serviceMs, type RequestSample } from '../gate/requests.ts';
import type { RunResults } from '../results/schema.ts';

export interface SlowRequest {
  phase: string;
  sampleId: string;
  latencyMs: number;
  status: number;
  errorKind: string | null;
  /** Server-Timing stages, to see where the time went. */
  stages: Record<string, number>;
}

export interface WrongAnswer {
  phase: string;
  sampleId: string;
  expected: string;
  got: string;
  /** 0 = perfect, 1 = nothing right (CER for lines, 1 - F1 for pages). */
  badness: number;
}

/** The slowest answered requests of the measured windows, slowest first. */
export function slowestRequests(results: RunResults, records: readonly RequestSample[], n = 10): SlowRequest[] {
  return records
    .filter((r) => r.phase !== null && serviceMs(r) !== null && isMeasured(r, results))
    .map((r) => ({ phase: r.phase!, sampleId: r.sampleId, latencyMs: serviceMs(r)!, status: r.status, errorKind: r.errorKind, stages: r.serverTiming ?? {} }))
    .sort((a, b) => b.latencyMs - a.latencyMs)
    .slice(0, n);
}

/**
 * The worst-read samples under load, one row per sample (its worst reading), scored with the
 * project's accuracy metrics against the dataset labels.
 */
export function wrongAnswers(results: RunResults, records: readonly RequestSample[], items: readonly DatasetItem[], n = 10): WrongAnswer[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const phases = new Set(results.phases.map((p) => p.name));
  const worst = new Map<string, WrongAnswer>();
  // A long run sends each sample many times and mostly gets the same answer: score each pair once.
  const scored = new Map<string, ReturnType<typeof scoreItem>>();
  for (const r of records) {
    const item = byId.get(r.sampleId);
    if (!item || !isOk(r) || r.phase === null || !phases.has(r.phase)) continue;
    const predicted = r.lines ?? (typeof r.text === 'string' ? r.text.split('\n') : []);
    const key = `${item.id}\u0000${predicted.join('\n')}`;
    const s = scored.get(key) ?? scored.set(key, scoreItem(item, predicted)).get(key)!;
    const b = badness(s);
    if (b > 0 && b > (worst.get(item.id)?.badness ?? -1)) worst.set(item.id, { phase: r.phase, sampleId: item.id, expected: s.expected, got: s.got, badness: b });
  }
  return [...worst.values()].sort((a, b) => b.badness - a.badness || a.sampleId.localeCompare(b.sampleId)).slice(0, n);
}
