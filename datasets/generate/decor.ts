import type { PageLayout } from './layout.ts';
import type { Rng } from './rng.ts';
import type { PageStyle } from './style.ts';

/**
 * SVG for the page's non-text marks. None of them is text, so the labels stay exact; they are
 * there because real receipts, tickets and invoices have them, and a detector that fires on a
 * barcode or loses a line under a seal should pay for it here as it does on real pages.
 */
export function decorSvg(layout: PageLayout, style: PageStyle, r: Rng): { under: string; over: string } {
  const under: string[] = [];
  const over: string[] = [];
  const s = style.size;
  const [x0, x1] = [style.marginX, layout.width - style.marginX];
  for (const d of style.decor) {
    if (d === 'barcode' && layout.block.height) {
      let x = (layout.width - s * 9) / 2;
      const end = x + s * 9;
      const [top, h] = [layout.block.top + s * 0.6, s * 2.6];
      while (x < end) {
        const w = r.int(1, 4) * Math.max(1, s / 12);
        under.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${style.ink}"/>`);
        x += w + r.int(1, 4) * Math.max(1, s / 12);
      }
    }
    if (d === 'qr' && layout.block.height) {
      const n = 21;
      const m = (s * 3.2) / n;
      const left = x1 - n * m;
      const top = layout.block.top + s * 0.4;
      const finder = (i: number, j: number) => [[0, 0], [0, n - 7], [n - 7, 0]].some(([a, b]) => i >= a && i < a + 7 && j >= b && j < b + 7);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const inFinder = finder(i, j);
          const ring = inFinder && (() => { const a = i < 7 ? i : i - (n - 7); const b = j < 7 ? j : j - (n - 7); return a === 0 || a === 6 || b === 0 || b === 6 || (a >= 2 && a <= 4 && b >= 2 && b <= 4); })();
          if (inFinder ? ring : r.chance(0.5)) under.push(`<rect x="${(left + j * m).toFixed(1)}" y="${(top + i * m).toFixed(1)}" width="${m.toFixed(2)}" height="${m.toFixed(2)}" fill="#111"/>`);
        }
    }
    if (d === 'grid' && layout.bands.length > 4) {
      // Rule every row boundary from the fifth row down, with a frame: the item table of an invoice.
      const bands = layout.bands.slice(4);
      const ys = [bands[0].top - s * 0.15, ...bands.map((b) => b.bottom + s * 0.15)];
      for (const y of ys) under.push(`<line x1="${x0 - 8}" x2="${x1 + 8}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${style.accent}" stroke-width="1.5" opacity="0.7"/>`);
      for (const x of [x0 - 8, x1 + 8]) under.push(`<line x1="${x}" x2="${x}" y1="${ys[0].toFixed(1)}" y2="${ys[ys.length - 1].toFixed(1)}" stroke="${style.accent}" stroke-width="1.5" opacity="0.7"/>`);
    }
    if (d === 'logo') {
      const rad = s * r.float(1, 1.6);
      const [cx, cy] = [x0 + rad, style.marginY + rad * 0.5];
      under.push(`<circle cx="${cx}" cy="${cy}" r="${rad}" fill="${style.accent}" opacity="0.85"/><path d="M${cx - rad * 0.5},${cy + rad * 0.3} L${cx},${cy - rad * 0.5} L${cx + rad * 0.5},${cy + rad * 0.3} Z" fill="#fff"/>`);
    }
    if (d === 'wires') {
      // Cables, a pole or branches in front of a sign: thin dark strokes across part of the text.
      for (let k = r.int(1, 3); k > 0; k--) {
        const [y1, y2] = [r.float(0, layout.height), r.float(0, layout.height)];
        const xs = r.chance(0.5) ? [0, layout.width] : [r.float(0, layout.width * 0.4), r.float(layout.width * 0.6, layout.width)];
        over.push(`<path d="M${xs[0].toFixed(0)},${y1.toFixed(0)} Q${(layout.width / 2).toFixed(0)},${((y1 + y2) / 2 + r.float(-40, 80)).toFixed(0)} ${xs[1].toFixed(0)},${y2.toFixed(0)}" stroke="${r.pick(['#222', '#333', '#3b3226', '#2f4a22'])}" stroke-width="${r.float(2, 7).toFixed(1)}" fill="none" opacity="0.9"/>`);
      }
    }
    if (d === 'stamp' && layout.bands.length) {
      // A red seal over one of the lower rows, as on invoices and signed notices.
      const band = layout.bands[Math.max(0, layout.bands.length - r.int(1, 3))];
      const rad = s * r.float(2, 2.8);
      const cx = r.float(x0 + rad, Math.max(x0 + rad, x1 - rad));
      const cy = (band.top + band.bottom) / 2;
      const star = Array.from({ length: 10 }, (_, k) => {
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const rr = k % 2 ? rad * 0.16 : rad * 0.4;
        return `${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`;
      }).join(' ');
      over.push(`<g opacity="${r.float(0.45, 0.75).toFixed(2)}"><circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${rad.toFixed(1)}" fill="none" stroke="#d01c1f" stroke-width="${(s / 6).toFixed(1)}"/><polygon points="${star}" fill="#d01c1f"/></g>`);
    }
  }
  return { under: under.join(''), over: over.join('') };
}
