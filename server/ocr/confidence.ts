/**
 * A line read with less confidence than this is worth a second look (a human, or another engine); at or
 * above it, readings are rarely wrong. Chosen on data with `npm run eval`, which prints the CER of line
 * items on both sides of it; the figures are in server/README.md.
 */
export const CONFIDENCE_THRESHOLD = 0.95;

/**
 * A page line that reads as one character with less confidence than this is left out: on real pages such lines
 * are mostly icons and logo marks read as a character (a laundry label's `区` and `福`; a `K` beside a boarding
 * pass). Page F1, single-character lines below 0 (none left out) / 0.6 / 0.8 / 0.9 / 1.01 (all), tuned on:
 * real-public 0.9776 / 0.9783 / 0.9783 / 0.9783 / 0.9732, en-pages seed 20261213 (60) 0.9812 at every value but
 * 1.01, synth-pages 20261213 (first 150) 0.9669 / 0.9670 / 0.9671 / 0.9670 / 0.9662, mixed-500 (first 150)
 * 0.9727 / 0.9730 / 0.9729 / 0.9729 / 0.9714. Confirmed on sets not tuned on (README, "Lone characters"): synth-pages
 * 20261212 (300) 0.9659 → 0.9661, en-pages 20261212 ±0, mixed-500 pages 151–500 0.9688 → 0.9689.
 * One real letter was lost on real-public (a plaque's `London` read as `L` + `nBoroughof`). The same rule over every
 * line (PaddleOCR's drop_score) hurt English pages (README). Line mode keeps its line.
 */
export const LONE_CHARACTER_MIN_CONFIDENCE = 0.8;
