import { expectedLines, type DatasetItem } from '../../datasets/lib/schema.ts';
import { scoreLine, scorePage, type LineScore, type PageScore } from './metrics.ts';

/** One dataset item scored against what the OCR returned for it. */
export interface ScoredItem {
  id: string;
  kind: 'line' | 'page';
  lang: string;
  category: string;
  /** `owner/repo` of the item's source, or the generator's name. */
  origin: string;
  expected: string;
  got: string;
  /** The engine's confidence in its reading (the lowest of its lines), when it gave one. */
  confidence?: number;
  /** How the engine turned the image to read it (degrees clockwise), when its orientation step ran. */
  rotation?: number;
  /** Headline scores, all whitespace removed. */
  line?: LineScore;
  page?: PageScore;
  /** Whitespace-aware scores (single spaces kept), for English items only. */
  lineWs?: LineScore;
  pageWs?: PageScore;
}

export function originOf(source: string): string {
  return source.split(':')[0];
}

/**
 * Scores one item: a line item by CER over the predicted lines joined (a line-mode answer has one line),
 * a page item by the order-free page metric.
 */
export function scoreItem(item: DatasetItem, predicted: readonly string[]): ScoredItem {
  const expected = expectedLines(item);
  const base = {
    id: item.id,
    kind: item.kind,
    lang: item.lang,
    category: item.category,
    origin: originOf(item.source),
    expected: expected.join('\n'),
    got: predicted.join('\n'),
  };
  const en = item.lang === 'en';
  if (item.kind === 'line') {
    const got = predicted.join(' ');
    return { ...base, line: scoreLine(got, item.text), ...(en ? { lineWs: scoreLine(got, item.text, 'collapse') } : {}) };
  }
  return {
    ...base,
    page: scorePage([...predicted], expected),
    ...(en ? { pageWs: scorePage([...predicted], expected, 'collapse') } : {}),
  };
}

/** How bad an item is, 0 (perfect) to 1, for listing the worst ones. */
export function badness(s: ScoredItem): number {
  if (s.line) return Math.min(1, s.line.edits / Math.max(1, s.line.refChars));
  return s.page ? 1 - s.page.f1 : 0;
}
