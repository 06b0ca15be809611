import type { ScoredItem } from './score-items.ts';

export interface LineSummary {
  n: number;
  /** Character error rate over all line items: total edits / total label characters. */
  cer: number;
  /** Share of line items read exactly. */
  exact: number;
}

export interface PageSummary {
  n: number;
  /** Mean of the per-page bag-of-characters scores. */
  precision: number;
  recall: number;
  f1: number;
  /** Pooled over all pages (total common / total predicted or labeled characters). */
  f1Pooled: number;
  /** CER over predicted lines matched one-to-one to labeled lines, pooled. */
  matchedCer: number;
}

export interface AccuracySummary {
  n: number;
  lines?: LineSummary;
  pages?: PageSummary;
  /** The same, whitespace-aware, over English items only. */
  englishWs?: { lines?: LineSummary; pages?: PageSummary };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function summarizeLines(scores: { edits: number; refChars: number; exact: boolean }[]): LineSummary | undefined {
  if (!scores.length) return undefined;
  return {
    n: scores.length,
    cer: sum(scores.map((s) => s.edits)) / Math.max(1, sum(scores.map((s) => s.refChars))),
    exact: scores.filter((s) => s.exact).length / scores.length,
  };
}

function summarizePages(scores: NonNullable<ScoredItem['page']>[]): PageSummary | undefined {
  if (!scores.length) return undefined;
  const common = sum(scores.map((s) => s.common));
  const p = common / Math.max(1, sum(scores.map((s) => s.predChars)));
  const r = common / Math.max(1, sum(scores.map((s) => s.refChars)));
  return {
    n: scores.length,
    precision: mean(scores.map((s) => s.precision)),
    recall: mean(scores.map((s) => s.recall)),
    f1: mean(scores.map((s) => s.f1)),
    f1Pooled: p + r ? (2 * p * r) / (p + r) : 0,
    matchedCer: sum(scores.map((s) => s.matchedEdits)) / Math.max(1, sum(scores.map((s) => s.matchedRefChars))),
  };
}

export function summarize(items: readonly ScoredItem[]): AccuracySummary {
  const lines = summarizeLines(items.flatMap((i) => (i.line ? [i.line] : [])));
  const pages = summarizePages(items.flatMap((i) => (i.page ? [i.page] : [])));
  const wsLines = summarizeLines(items.flatMap((i) => (i.lineWs ? [i.lineWs] : [])));
  const wsPages = summarizePages(items.flatMap((i) => (i.pageWs ? [i.pageWs] : [])));
  return {
    n: items.length,
    ...(lines ? { lines } : {}),
    ...(pages ? { pages } : {}),
    ...(wsLines || wsPages ? { englishWs: { ...(wsLines ? { lines: wsLines } : {}), ...(wsPages ? { pages: wsPages } : {}) } } : {}),
  };
}

/** Summaries per value of a grouping key (kind, lang, category, origin). */
export function summarizeBy(items: readonly ScoredItem[], key: (i: ScoredItem) => string): Record<string, AccuracySummary> {
  const groups = new Map<string, ScoredItem[]>();
  for (const i of items) {
    const k = key(i);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, summarize(v)]));
}

export interface ConfidenceSplit {
  threshold: number;
  /** Line items read with at least / below the threshold's confidence. */
  above?: LineSummary;
  below?: LineSummary;
  /** Share of all line-item errors (edits) that fall below the threshold. */
  errorsBelow: number;
}

/** Line CER of line items above and below a confidence threshold: does the confidence flag the bad readings? */
export function splitByConfidence(items: readonly ScoredItem[], threshold: number): ConfidenceSplit {
  const lines = items.filter((i) => i.line);
  const conf = (i: ScoredItem) => i.confidence ?? 0;
  const above = lines.filter((i) => conf(i) >= threshold).map((i) => i.line!);
  const below = lines.filter((i) => conf(i) < threshold).map((i) => i.line!);
  const edits = (xs: { edits: number }[]) => sum(xs.map((x) => x.edits));
  const all = edits(above) + edits(below);
  const a = summarizeLines(above);
  const b = summarizeLines(below);
  return { threshold, ...(a ? { above: a } : {}), ...(b ? { below: b } : {}), errorsBelow: all ? edits(below) / all : 0 };
}
