import { composePage } from './compose.ts';
import { detectLang, writePage, type PageCategory, type Row } from './content.ts';
import { planPageDegradation, type Degradation } from './degrade-plan.ts';
import { degrade } from './degrade.ts';
import { layoutPage } from './layout.ts';
import type { Rng } from './rng.ts';
import { stylePage } from './style.ts';
import type { PageItem, Quad } from '../lib/schema.ts';

export interface GeneratedImage<I> {
  bytes: Buffer;
  ext: 'png' | 'jpg';
  /** The manifest item without id and file, which the set assigns. */
  item: Omit<I, 'id' | 'file'>;
}

/** Tags naming what was done to the image, so a failure can be traced to a degradation. */
export function degradationTags(d: Degradation, family: string): string[] {
  const tags = [`font:${family}`];
  if (Math.abs(d.rotateDeg) >= 2) tags.push(`rotate:${d.rotateDeg.toFixed(1)}`);
  if (d.px || d.py) tags.push('perspective');
  if (d.blurSigma >= 0.3) tags.push(`blur:${d.blurSigma.toFixed(1)}`);
  if (d.noiseSigma) tags.push(`noise:${d.noiseSigma.toFixed(1)}`);
  if (d.contrast < 1) tags.push(`low-contrast:${d.contrast.toFixed(2)}`);
  if (d.lighting) tags.push(`uneven-lighting:${d.lighting.toFixed(2)}`);
  if (d.format === 'jpeg') tags.push(`jpeg:${d.quality}`);
  return tags;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** One synthetic page: content, layout, render, degradation, exact labels with mapped boxes. */
export interface MakeOptions {
  /** Rewrites the drawn degradation (the label check softens it); draws are unchanged, so is the rest of the image. */
  adjust?: (d: Degradation) => Degradation;
  /** Writes the rows instead of the category's own content (datasets/tools/english-pages.ts); styles, layout and degradation stay the category's. */
  write?: (r: Rng, charsPerLine: number) => Row[];
}

export async function makePage(category: PageCategory, r: Rng, { adjust = (d) => d, write }: MakeOptions = {}): Promise<GeneratedImage<PageItem>> {
  const style = stylePage(category, r);
  const charsPerLine = Math.floor((style.width - 2 * style.marginX) / style.size) - 1;
  const rows = write ? write(r, charsPerLine) : writePage(category, r, { charsPerLine, maxCells: r.int(8, 25) });
  const layout = await layoutPage(rows, style, r);
  const raw = await composePage(layout, style, r);
  const d = adjust(planPageDegradation(category, r));
  const out = await degrade(raw, layout.width, layout.height, d, r, d.longSide, style.size);
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, round1(v)));
  const lines = layout.texts.map((t) => ({
    text: t.text,
    box: t.quad.map((p) => {
      const [x, y] = out.map(p);
      return [clamp(x, out.width), clamp(y, out.height)];
    }) as Quad,
  }));
  return {
    bytes: out.bytes,
    ext: out.ext,
    item: {
      kind: 'page',
      category,
      lang: detectLang(lines.map((l) => l.text)),
      lines,
      width: out.width,
      height: out.height,
      source: 'synthetic:ocrbench-generator',
      license: 'CC0-1.0',
      tags: degradationTags(d, style.family),
    },
  };
}
