import type { DatasetItem } from '../../datasets/lib/schema.ts';
import type { AccuracyChange, AccuracyStats } from '../results/schema.ts';
import { scoreLine, scorePage } from './metrics.ts';
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

interface ItemScore {
  kind: 'line' | 'page';
  edits: number;
  refChars: number;
  exact: boolean;
  f1: number;
  /** Normalised output, to tell whether two responses for one sample differ. */
  output: string;
}

/** Scores one response against its label with the engine issue's metrics (harness/accuracy/metrics.ts). */
export function scoreResponse(r: ScoredResponse, item: DatasetItem): ItemScore {
  const lines = r.lines ?? (r.text ?? '').split('\n');
  const output = normalizeText(lines.join('\n'));
  if (item.kind === 'line') {
    const s = scoreLine(r.text ?? lines.join(''), item.text);
    return { kind: 'line', edits: s.edits, refChars: s.refChars, exact: s.exact, f1: 0, output };
  }
  const p = scorePage(lines, item.lines.map((l) => l.text));
  return { kind: 'page', edits: p.matchedEdits, refChars: p.matchedRefChars, exact: false, f1: p.f1, output };
}

/** CER over line items, exact-line share, mean page F1 and page CER over a set of scores. */
export function aggregateScores(scores: readonly ItemScore[]): AccuracyStats {
  const lines = scores.filter((s) => s.kind === 'line');
  const pages = scores.filter((s) => s.kind === 'page');
  const sum = (xs: readonly ItemScore[], f: (s: ItemScore) => number) => xs.reduce((a, s) => a + f(s), 0);
  const lineRef = sum(lines, (s) => s.refChars);
  const pageRef = sum(pages, (s) => s.refChars);
  return {
    scored: scores.length,
    lineItems: lines.length,
    pageItems: pages.length,
    cer: lines.length ? (lineRef ? sum(lines, (s) => s.edits) / lineRef : 0) : null,
    lineExact: lines.length ? lines.filter((s) => s.exact).length / lines.length : null,
    pageF1: pages.length ? sum(pages, (s) => s.f1) / pages.length : null,
    pageCer: pages.length ? (pageRef ? sum(pages, (s) => s.edits) / pageRef : 0) : null,
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
