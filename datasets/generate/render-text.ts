import sharp from 'sharp';

export interface RenderedText {
  /** RGBA PNG of the text on a transparent background. */
  png: Buffer;
  width: number;
  height: number;
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Renders one line of text with sharp's Pango text input. dpi 72 makes the Pango point size equal
 * to pixels. The output's extent is Pango's logical rectangle (ascent to descent, advance width),
 * which is what the label box records.
 */
export async function renderText(text: string, o: { family: string; sizePx: number; bold?: boolean; color: string; vertical?: boolean }): Promise<RenderedText> {
  // Vertical text (shop signs, banners) as one character per line, centred: how Chinese is set top to bottom.
  const shown = o.vertical ? Array.from(text).join('\n') : text;
  const font = `${o.family}${o.bold ? ' Bold' : ''} ${Math.max(6, Math.round(o.sizePx))}`;
  const { data, info } = await sharp({
    text: { text: `<span foreground="${o.color}">${escapeMarkup(shown)}</span>`, font, rgba: true, dpi: 72, align: 'centre', spacing: o.vertical ? -Math.round(o.sizePx * 0.1) : 0 },
  })
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}
