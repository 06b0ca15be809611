import type { DatasetItem } from '../lib/schema.ts';

export interface DatasetSummary {
  items: number;
  byCategory: Record<string, number>;
  byLang: Record<string, number>;
  byFormat: Record<string, number>;
  real: number;
  /** Long side in px: min, median, max. */
  longSide: [number, number, number];
  /** Labeled lines per page (pages only): min, median, max. */
  linesPerPage: [number, number, number] | null;
  /** Label characters per item: median. */
  medianChars: number;
  totalBytes: number;
}

const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
const spread = (xs: number[]): [number, number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[0], s[Math.floor((s.length - 1) / 2)], s[s.length - 1]];
};

/** Counts and distributions of a set (pure; bytes per item are passed in). */
export function summarizeDataset(items: DatasetItem[], bytes: number[]): DatasetSummary {
  const pages = items.filter((i) => i.kind === 'page');
  return {
    items: items.length,
    byCategory: count(items.map((i) => i.category)),
    byLang: count(items.map((i) => i.lang)),
    byFormat: count(items.map((i) => i.file.split('.').pop()!.toLowerCase().replace('jpeg', 'jpg'))),
    real: items.filter((i) => i.id.startsWith('real-public/') || !i.source.startsWith('synthetic')).length,
    longSide: spread(items.map((i) => Math.max(i.width, i.height))),
    linesPerPage: pages.length ? spread(pages.map((p) => p.lines.length)) : null,
    medianChars: spread(items.map((i) => Array.from(i.kind === 'line' ? i.text : i.lines.map((l) => l.text).join('')).length))[1],
    totalBytes: bytes.reduce((s, b) => s + b, 0),
  };
}

const table = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');

export function formatSummary(name: string, s: DatasetSummary): string {
  return [
    `${name}: ${s.items} items (${s.real} real), ${(s.totalBytes / 1e6).toFixed(1)} MB`,
    `  categories: ${table(s.byCategory)}`,
    `  languages: ${table(s.byLang)}`,
    `  formats: ${table(s.byFormat)}`,
    `  long side px (min/median/max): ${s.longSide.join(' / ')}`,
    ...(s.linesPerPage ? [`  lines per page (min/median/max): ${s.linesPerPage.join(' / ')}`] : []),
    `  median label characters: ${s.medianChars}`,
  ].join('\n');
}
