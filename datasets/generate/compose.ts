import sharp, { type OverlayOptions } from 'sharp';
import { decorSvg } from './decor.ts';
import type { PageLayout } from './layout.ts';
import type { Rng } from './rng.ts';
import type { PageStyle } from './style.ts';

/** The page background as SVG: flat paper, a two-stop gradient (signs, tickets) or ruled notepaper. */
export function backgroundSvg(layout: PageLayout, style: PageStyle, decorUnder = ''): string {
  const { width: w, height: h } = layout;
  const bg = style.background;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">`];
  if (bg.kind === 'gradient') {
    parts.push(`<defs><linearGradient id="g" x1="0" y1="0" x2="0.3" y2="1"><stop offset="0" stop-color="${bg.color}"/><stop offset="1" stop-color="${bg.color2 ?? bg.color}"/></linearGradient></defs>`);
    parts.push(`<rect width="${w}" height="${h}" fill="url(#g)"/>`);
  } else parts.push(`<rect width="${w}" height="${h}" fill="${bg.color}"/>`);
  if (bg.kind === 'lined' && layout.pitchPx > 0) {
    for (let y = layout.firstBaseline; y < h - 10; y += layout.pitchPx) parts.push(`<line x1="0" x2="${w}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${bg.lineColor}" stroke-width="1.5"/>`);
    parts.push(`<line x1="${style.marginX * 0.6}" x2="${style.marginX * 0.6}" y1="0" y2="${h}" stroke="#e8a0a0" stroke-width="1.5"/>`);
  }
  for (const y of layout.rules) parts.push(`<line x1="${style.marginX}" x2="${w - style.marginX}" y1="${y}" y2="${y}" stroke="${style.ink}" stroke-width="2" stroke-dasharray="8 5"/>`);
  parts.push(decorUnder, '</svg>');
  return parts.join('');
}

/** Draws background and text; returns raw RGB pixels (3 channels) of the clean page. */
export async function composePage(layout: PageLayout, style: PageStyle, r: Rng): Promise<Buffer> {
  const decor = decorSvg(layout, style, r);
  const inputs: OverlayOptions[] = layout.texts.map((t) => ({ input: t.png, left: t.left, top: t.top }));
  if (decor.over) inputs.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}">${decor.over}</svg>`), left: 0, top: 0 });
  return sharp(Buffer.from(backgroundSvg(layout, style, decor.under)))
    .composite(inputs)
    .removeAlpha()
    .raw()
    .toBuffer();
}
