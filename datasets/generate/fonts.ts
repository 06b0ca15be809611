/**
 * Font families by role, all from Debian packages (scripts/install-system.sh). Pango falls back
 * through fontconfig for glyphs a face lacks (Chinese in a Latin face), so the rendered text always
 * equals the label; only the look changes.
 */
export const fontFamilies = {
  sans: ['Noto Sans CJK SC', 'WenQuanYi Zen Hei'],
  serif: ['Noto Serif CJK SC', 'AR PL UMing CN'],
  mono: ['Noto Sans Mono CJK SC', 'WenQuanYi Zen Hei Mono'],
  /** Kai (brush) faces stand in for handwriting. */
  kai: ['AR PL UKai CN', 'AR PL KaitiM GB'],
  latin: ['DejaVu Sans', 'DejaVu Serif', 'Liberation Sans', 'Liberation Serif'],
} as const;

export type FontRole = keyof typeof fontFamilies;
