import type { PageCategory } from './content.ts';
import type { LineCategory } from './make-line.ts';
import { createRng } from './rng.ts';

/** A synthetic (or partly synthetic) set: what it holds, how it is seeded, where it lives. */
export interface SetSpec {
  name: string;
  kind: 'page' | 'line';
  /** Total items, real ones included. */
  count: number;
  seed: number;
  /** Committed sets live in datasets/<name>; the others in the git-ignored datasets/.cache/<name>. */
  committed: boolean;
  /** Category weights for the synthetic items. */
  mix: Partial<Record<PageCategory | LineCategory, number>>;
  /** Take every real-public item of the set's kind first, by reference (nothing stored twice). */
  includeReal: boolean;
}

/**
 * mixed-500 follows the seed's load-test set: about a third documents (documents and screenshots),
 * a third receipts/invoices/tickets, the rest signs and handwriting-like notes. The 23 real pages
 * add documents, screenshots, tickets, receipts, signs and posters on top of these weights.
 */
export const sets: Record<string, SetSpec> = {
  'synth-lines': { name: 'synth-lines', kind: 'line', count: 2000, seed: 1, committed: false, includeReal: false, mix: { printed: 0.55, scene: 0.3, handwritten: 0.15 } },
  'synth-pages': {
    name: 'synth-pages', kind: 'page', count: 300, seed: 1, committed: false, includeReal: false,
    mix: { document: 0.2, screenshot: 0.1, receipt: 0.15, invoice: 0.15, ticket: 0.1, sign: 0.15, handwritten: 0.15 },
  },
  'mixed-500': {
    name: 'mixed-500', kind: 'page', count: 500, seed: 500, committed: true, includeReal: true,
    mix: { document: 0.27, screenshot: 0.06, receipt: 0.17, invoice: 0.12, ticket: 0.04, sign: 0.18, handwritten: 0.16 },
  },
  'lines-500': { name: 'lines-500', kind: 'line', count: 500, seed: 500, committed: true, includeReal: true, mix: { printed: 0.55, scene: 0.3, handwritten: 0.15 } },
};

/**
 * Exact category counts by largest remainder (so a 477-item set gets the stated shares, not a
 * random walk around them), then a seeded shuffle so categories interleave. Pure.
 */
export function planCategories<C extends string>(mix: Partial<Record<C, number>>, n: number, seed: number): C[] {
  const keys = Object.keys(mix) as C[];
  const total = keys.reduce((s, k) => s + (mix[k] ?? 0), 0);
  const exact = keys.map((k) => ((mix[k] ?? 0) / total) * n);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, rem: e - Math.floor(e) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let j = 0; counts.reduce((s, c) => s + c, 0) < n; j++) counts[order[j % order.length].i]++;
  const list = keys.flatMap((k, i) => Array.from({ length: counts[i] }, () => k));
  const r = createRng(seed, 'categories');
  for (let i = list.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}
