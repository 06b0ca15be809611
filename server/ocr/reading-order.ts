import type { Quad } from './types.ts';

interface Span {
  top: number;
  bottom: number;
  left: number;
}

function span(q: Quad): Span {
  const ys = q.map((p) => p[1]);
  return { top: Math.min(...ys), bottom: Math.max(...ys), left: Math.min(...q.map((p) => p[0])) };
}

/**
 * Reading order: top to bottom, and left to right within a row. A box joins the current row when it
 * overlaps the row's vertical extent by at least half of the smaller height — a fixed pixel tolerance
 * (PaddleOCR's 10 px) breaks on both large signs and tiny print. Returns the indices in reading order.
 */
export function readingOrder(quads: readonly Quad[]): number[] {
  const spans = quads.map(span);
  const byTop = spans.map((_, i) => i).sort((a, b) => spans[a].top - spans[b].top || spans[a].left - spans[b].left);
  const rows: { top: number; bottom: number; members: number[] }[] = [];
  for (const i of byTop) {
    const s = spans[i];
    const row = rows.at(-1);
    if (row) {
      const overlap = Math.min(row.bottom, s.bottom) - Math.max(row.top, s.top);
      const smaller = Math.min(row.bottom - row.top, s.bottom - s.top);
      if (smaller > 0 && overlap >= smaller / 2) {
        row.members.push(i);
        // Grow the row only by the first member's extent so a tall neighbour cannot swallow the next row.
        continue;
      }
    }
    rows.push({ top: s.top, bottom: s.bottom, members: [i] });
  }
  return rows.flatMap((r) => r.members.sort((a, b) => spans[a].left - spans[b].left));
}
