/**
 * Text normalisation for scoring, as ../shared/datasets/README.md prescribes: NFKC on both sides
 * (full- and half-width punctuation cannot be told apart in an image).
 * - 'remove': drop all whitespace (the headline metric; Chinese labels leave out phrase gaps).
 * - 'collapse': runs of whitespace become one space, ends trimmed (the whitespace-aware English figure).
 */
export type WhitespaceRule = 'remove' | 'collapse';

export function normalizeText(text: string, whitespace: WhitespaceRule = 'remove'): string {
  const nfkc = text.normalize('NFKC');
  return whitespace === 'remove' ? nfkc.replace(/\s+/gu, '') : nfkc.replace(/\s+/gu, ' ').trim();
}

/** Split into user-perceived code points so a surrogate pair counts as one character. */
export function chars(text: string): string[] {
  return Array.from(text);
}
