import sharp from 'sharp';
import type { Row } from './content.ts';
import { renderText, type RenderedText } from './render-text.ts';
import type { Rng } from './rng.ts';
import type { PageStyle } from './style.ts';
import type { Pt } from './geometry.ts';

export interface PlacedText extends RenderedText {
  text: string;
  left: number;
  top: number;
  /** The text's four corners on the clean page, clockwise from top-left. */
  quad: [Pt, Pt, Pt, Pt];
}

export interface PageLayout {
  width: number;
  height: number;
  texts: PlacedText[];
  /** y of each drawn separator rule. */
  rules: number[];
  /** Vertical extent of each text row (for an invoice's grid). */
  bands: { top: number; bottom: number }[];
  /** Room reserved under the text for a barcode or QR block (0 height when none). */
  block: { top: number; height: number };
  /** y of the first row's baseline and the row pitch in px (for ruled paper). */
  firstBaseline: number;
  pitchPx: number;
}

const GAP = 12;

function colorOf(style: PageStyle, c?: string) {
  return c === 'muted' ? style.muted : c === 'accent' ? style.accent : (c ?? style.ink);
}

/**
 * Places the rows on the page, rendering each cell to learn its size. Cells too wide for their
 * room are re-rendered smaller; a cell that would need less than half its size is dropped (it is
 * then not in the labels either). Handwriting gets a small per-line rotation.
 */
export async function layoutPage(rows: Row[], style: PageStyle, r: Rng): Promise<PageLayout> {
  // Vertical cells stand at a side edge; the rows get the width that is left.
  const sides = [];
  let [left, right] = [style.marginX, style.width - style.marginX];
  for (const row of rows.filter((row) => row.length === 1 && row[0].vertical)) {
    const c = row[0];
    const img = await renderText(c.text, { family: style.titleFamily, sizePx: style.size * (c.scale ?? 1), bold: c.bold, color: colorOf(style, c.color), vertical: true });
    const atLeft = (c.col ?? 0) < 0.5;
    sides.push({ text: c.text, img, x: atLeft ? left : right - img.width });
    if (atLeft) left += img.width + GAP * 2;
    else right -= img.width + GAP * 2;
  }
  rows = rows.filter((row) => !(row.length === 1 && row[0].vertical));
  const contentW = right - left;
  const texts: PlacedText[] = [];
  const rules: number[] = [];
  let y = style.marginY;
  let firstBaseline = -1;
  const bands: PageLayout['bands'] = [];
  for (const row of rows) {
    if (!row.length) {
      rules.push(Math.round(y + style.size * 0.2));
      y += style.size * 0.5;
      continue;
    }
    const rowSize = style.size * Math.max(...row.map((c) => c.scale ?? 1));
    const cells = [];
    for (const cell of row) {
      const family = cell.role === 'latin' ? 'DejaVu Sans' : (cell.scale ?? 1) >= 1.2 ? style.titleFamily : style.family;
      let sizePx = style.size * (cell.scale ?? 1);
      const render = (s: number) => renderText(cell.text, { family, sizePx: s, bold: cell.bold, color: colorOf(style, cell.color) });
      let img = await render(sizePx);
      const indent = (cell.indent ?? 0) * sizePx;
      if (img.width + indent > contentW) {
        sizePx *= (contentW - indent) / img.width * 0.97;
        img = await render(sizePx);
      }
      const align = cell.align ?? 'left';
      const anchor = left + (cell.col ?? (align === 'right' ? 1 : 0)) * contentW;
      const x = align === 'center' ? left + (contentW - img.width) / 2 : align === 'right' ? anchor - img.width : anchor + indent;
      cells.push({ cell, img, x, render, sizePx });
    }
    // Resolve overlaps left to right by shrinking the left cell into the room it has.
    cells.sort((a, b) => a.x - b.x);
    const kept = [];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      const room = (i + 1 < cells.length ? cells[i + 1].x - GAP : right + 4) - c.x;
      if (c.img.width > room) {
        const s = (room / c.img.width) * 0.97;
        if (s < 0.5) continue;
        c.img = await c.render(c.sizePx * s);
      }
      kept.push(c);
    }
    const rowH = Math.max(...kept.map((c) => c.img.height), rowSize * 1.2);
    for (const { cell, img, x } of kept) {
      const top = y + (rowH - img.height) / 2;
      if (style.wobble > 0) texts.push(await wobble(cell.text, img, x + r.float(-0.3, 0.3) * style.size, top, r.float(-1, 1) * style.wobble));
      else texts.push({ ...img, text: cell.text, left: Math.round(x), top: Math.round(top), quad: rect(Math.round(x), Math.round(top), img.width, img.height) });
    }
    if (firstBaseline < 0) firstBaseline = y + rowH * 0.85;
    bands.push({ top: y, bottom: y + rowH });
    y += Math.max(rowH, rowSize * style.pitch);
  }
  const block = { top: y, height: style.decor.includes('barcode') || style.decor.includes('qr') ? Math.round(style.size * 4) : 0 };
  y += block.height;
  const contentBottom = y - style.size * (style.pitch - 1);
  const tallest = Math.max(0, ...sides.map((s) => s.img.height));
  const height = Math.max(style.minHeight, Math.round(contentBottom + style.marginY), tallest + 2 * style.marginY);
  const shift = style.centerVertically ? Math.round((height - style.marginY - contentBottom) / 2) : 0;
  if (shift > 0) {
    for (const t of texts) {
      t.top += shift;
      t.quad = t.quad.map(([x, qy]) => [x, qy + shift]) as PlacedText['quad'];
    }
    for (const b of bands) [b.top, b.bottom] = [b.top + shift, b.bottom + shift];
    block.top += shift;
  }
  for (const s of sides) {
    const top = Math.round((height - s.img.height) / 2);
    texts.push({ ...s.img, text: s.text, left: Math.round(s.x), top, quad: rect(Math.round(s.x), top, s.img.width, s.img.height) });
  }
  return { width: style.width, height, texts, rules, bands, block, firstBaseline, pitchPx: style.size * style.pitch };
}

const rect = (x: number, y: number, w: number, h: number): [Pt, Pt, Pt, Pt] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

/** Rotates a rendered line about its centre (clockwise for positive degrees, as sharp does). */
async function wobble(text: string, img: RenderedText, x: number, y: number, deg: number): Promise<PlacedText> {
  const { data, info } = await sharp(img.png).rotate(deg, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  const [cx, cy] = [x + img.width / 2, y + img.height / 2];
  const left = Math.round(cx - info.width / 2);
  const top = Math.round(cy - info.height / 2);
  const t = (deg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  // Corners of the unrotated text, turned about the centre of the rotated image as placed.
  const [ccx, ccy] = [left + info.width / 2, top + info.height / 2];
  const quad = rect(-img.width / 2, -img.height / 2, img.width, img.height).map(([dx, dy]) => [ccx + dx * cos - dy * sin, ccy + dx * sin + dy * cos] as Pt) as [Pt, Pt, Pt, Pt];
  return { png: data, width: info.width, height: info.height, text, left, top, quad };
}
