/**
 * A line read with less confidence than this is worth a second look (a human, or another engine); at or
 * above it, readings are rarely wrong. Chosen on data with `npm run eval`, which prints the CER of line
 * items on both sides of it; the figures are in server/README.md.
 */
export const CONFIDENCE_THRESHOLD = 0.95;
