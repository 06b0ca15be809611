/**
 * A line read with less confidence than this is worth a second look (a human, or another engine); at or
 * above it, readings are rarely wrong. Chosen on data with `npm run eval`, which prints the CER of line
 * items on both sides of it; the figures: docs/decisions/engine-defaults.md, CONFIDENCE_THRESHOLD.
 */
export const CONFIDENCE_THRESHOLD = 0.95;

/**
 * A page line that reads as one character with less confidence than this is left out: on real pages such lines
 * are mostly icons and logo marks read as a character (a laundry label's `区` and `福`; a `K` beside a boarding
 * pass). Page F1 held or rose on every set it was tuned and confirmed on, at the price of a rare real letter split
 * off a word (docs/decisions/engine-defaults.md, LONE_CHARACTER_MIN_CONFIDENCE). The same rule over every line
 * (PaddleOCR's drop_score) hurt English pages. Line mode keeps its line.
 */
export const LONE_CHARACTER_MIN_CONFIDENCE = 0.8;
