import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { scoreItem, type ScoredItem } from '../accuracy/score-items.ts';
import { summarize, summarizeBy, type AccuracySummary } from '../accuracy/summarize.ts';
import type { ItemResult } from './engine-process.ts';

export interface EngineAccuracy {
  overall: AccuracySummary;
  byLang: Record<string, AccuracySummary>;
  byCategory: Record<string, AccuracySummary>;
  errors: { id: string; error: string }[];
  items: ScoredItem[];
}

/**
 * Joins what an engine read with the labels, with the very functions `npm run eval` uses (scoreItem,
 * summarize, summarizeBy): the same normalisation and metrics, so the figures compare with eval's.
 * An image the engine failed on scores as an empty answer, as in eval.
 */
export function scoreEngine(items: readonly DatasetItem[], results: readonly ItemResult[]): EngineAccuracy {
  const scored = items.map((item, i) => scoreItem(item, results[i]?.lines ?? []));
  return {
    overall: summarize(scored),
    byLang: summarizeBy(scored, (s) => s.lang),
    byCategory: summarizeBy(scored, (s) => s.category),
    errors: items.flatMap((item, i) => (results[i]?.error ? [{ id: item.id, error: results[i].error! }] : [])),
    items: scored,
  };
}

/**
 * The one accuracy figure per mode the chart uses: line accuracy max(0, 1 − CER) (CER passes 1 when an
 * engine reads more characters than there are, as Tesseract does on some scene lines), mean page F1.
 */
export function headlineAccuracy(a: AccuracySummary, kind: 'line' | 'page'): number | null {
  if (kind === 'line') return a.lines ? Math.max(0, 1 - a.lines.cer) : null;
  return a.pages ? a.pages.f1 : null;
}
