import sharp from 'sharp';
import { detectLang, writePage, type PageCategory } from './content.ts';
import { planLineDegradation } from './degrade-plan.ts';
import { degrade } from './degrade.ts';
import { degradationTags, type GeneratedImage, type MakeOptions } from './make-page.ts';
import { renderText } from './render-text.ts';
import type { Rng } from './rng.ts';
import { stylePage } from './style.ts';
import type { LineItem } from '../lib/schema.ts';

/** Line categories as real-public names them, and the page kinds their text and look come from. */
export const lineCategories = {
  printed: ['document', 'receipt', 'invoice', 'screenshot', 'ticket'],
  scene: ['sign'],
  handwritten: ['handwritten'],
} as const satisfies Record<string, readonly PageCategory[]>;
export type LineCategory = keyof typeof lineCategories;

/**
 * One single-line image, like a detector's crop: a segment of a synthetic page's text, rendered
 * in that page's font and colours with a few pixels of margin, then degraded mildly and scaled to
 * a text height of 16..72 px (real-public line crops are 11..146 px high).
 */
export async function makeLine(category: LineCategory, r: Rng, { adjust = (d) => d }: MakeOptions = {}): Promise<GeneratedImage<LineItem>> {
  const pageCategory = r.pick(lineCategories[category]);
  const style = stylePage(pageCategory, r);
  const rows = writePage(pageCategory, r, { charsPerLine: r.int(8, 24), maxCells: 25 });
  const candidates = rows.flat().filter((c) => Array.from(c.text.replace(/\s/g, '')).length >= 2);
  const cell = r.pick(candidates);
  const family = cell.role === 'latin' ? 'DejaVu Sans' : (cell.scale ?? 1) >= 1.2 ? style.titleFamily : style.family;
  const color = cell.color === 'muted' ? style.muted : cell.color === 'accent' ? style.accent : style.ink;
  const text = await renderText(cell.text, { family, sizePx: 48, bold: cell.bold, color });
  const [padX, padY] = [r.int(2, 24), Math.round(text.height * r.float(0.02, 0.3))];
  const [w, h] = [text.width + 2 * padX, text.height + 2 * padY];
  const bg = style.background.color;
  const raw = await sharp({ create: { width: w, height: h, channels: 3, background: bg } })
    .composite([{ input: text.png, left: padX, top: padY }])
    .removeAlpha()
    .raw()
    .toBuffer();
  const targetHeight = r.int(16, 72);
  const d = adjust(planLineDegradation(r, category !== 'printed' || r.chance(0.3), targetHeight));
  const out = await degrade(raw, w, h, d, r, Math.round((Math.max(w, h) * targetHeight) / h));
  return {
    bytes: out.bytes,
    ext: out.ext,
    item: {
      kind: 'line',
      category,
      lang: detectLang([cell.text]),
      text: cell.text,
      width: out.width,
      height: out.height,
      source: 'synthetic:ocrbench-generator',
      license: 'CC0-1.0',
      tags: [`from:${pageCategory}`, ...degradationTags(d, family)],
    },
  };
}
