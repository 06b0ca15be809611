import type { DatasetItem } from '../../datasets/lib/schema.ts';
import type { AccuracyChange, AccuracyStats } from '../results/schema.ts';
import { scoreItem, type ScoredItem } from './score-items.ts';
import { summarize } from './summarize.ts';
import { normalizeText } from './normalize.ts';

/** The part of a requests.jsonl record the scorer reads. */
export interface ScoredResponse {
  phase: string;
  warmup: boolean;
  sampleId: string;
  errorKind: string | null;
  text: string | null;
  lines: string[] | null;
}

/** A response scored like `npm run eval` scores an item, plus its normalised output. */
type ItemScore = ScoredItem & {
  /** Normalised output, to tell whether two responses for one sample differ. */
  output: string;
};

/** Scores one response against its label with the engine issue's metrics (harness/accuracy/score-items.ts). */
export function scoreResponse(r: ScoredResponse, item: DatasetItem): ItemScore {
  const lines = r.lines ?? (r.text ?? '').split('\n');
  const predicted = item.kind === 'line' && r.text !== null ? [r.text] : lines;
  return { ...scoreItem(item, predicted), output: normalizeText(lines.join('\n')) };
}

/** CER over line items, exact-line share, mean page F1 and page CER over a set of scores. */
export function aggregateScores(scores: readonly ItemScore[]): AccuracyStats {
  const s = summarize(scores);
  return {
    scored: scores.length,
    lineItems: s.lines?.n ?? 0,
    pageItems: s.pages?.n ?? 0,
    cer: s.lines?.cer ?? null,
    lineExact: s.lines?.exact ?? null,
    pageF1: s.pages?.f1 ?? null,
    pageCer: s.pages?.matchedCer ?? null,
  };
}

export interface RunAccuracy {
  baseline: AccuracyStats | null;
  phases: Map<string, { accuracy: AccuracyStats; change: AccuracyChange | null }>;
}

/**
 * Accuracy under load, scored after the run by joining the response log with the labels (MLPerf's
 * split: the load generator never looks at answers). Per phase over every ok response, warm-up
 * included (the warm-up slice guards timing statistics against cold caches; an answer's text is
 * just as right or wrong in it);
 * the change from the single-user `baselinePhase` is computed on the paired samples only (same
 * sample in both), so a phase that happened to draw harder images does not look worse.
 */
export function scoreRun(responses: Iterable<ScoredResponse>, labels: ReadonlyMap<string, DatasetItem>, baselinePhase = 'baseline'): RunAccuracy {
  const byPhase = new Map<string, { sampleId: string; score: ItemScore }[]>();
  for (const r of responses) {
    if (r.errorKind !== null || r.text === null) continue;
    const item = labels.get(r.sampleId);
    if (!item) continue;
    const list = byPhase.get(r.phase) ?? [];
    list.push({ sampleId: r.sampleId, score: scoreResponse(r, item) });
    byPhase.set(r.phase, list);
  }
  const base = byPhase.get(baselinePhase);
  const baseBySample = new Map(base?.map((b) => [b.sampleId, b.score]));
  const phases: RunAccuracy['phases'] = new Map();
  for (const [name, list] of byPhase) {
    if (name === baselinePhase) continue;
    let change: AccuracyChange | null = null;
    if (base) {
      const paired = list.filter((x) => baseBySample.has(x.sampleId));
      const now = aggregateScores(paired.map((x) => x.score));
      const then = aggregateScores(paired.map((x) => baseBySample.get(x.sampleId)!));
      change = {
        paired: paired.length,
        changedOutputs: paired.filter((x) => x.score.output !== baseBySample.get(x.sampleId)!.output).length,
        cerDelta: now.cer !== null && then.cer !== null ? now.cer - then.cer : null,
        pageF1Delta: now.pageF1 !== null && then.pageF1 !== null ? now.pageF1 - then.pageF1 : null,
      };
    }
    phases.set(name, { accuracy: aggregateScores(list.map((x) => x.score)), change });
  }
  return { baseline: base ? aggregateScores(base.map((b) => b.score)) : null, phases };
}
