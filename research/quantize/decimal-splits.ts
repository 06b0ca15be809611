/**
 * Numbers split at their decimal point (`35. 1`, `8 .29`): a reading harm neither accuracy gate view sees, since
 * the headline figures remove whitespace and the whitespace-aware ones cover English items only, while a user who
 * parses amounts from receipts or worksheets reads two numbers. The fourth rec int8 twin wrote 9 on real-public's
 * Chinese pages (a worksheet, a lab report) against fp32's 2 (models/README.md).
 */
const SPLIT = /\d[.,]\s+\d|\d\s+[.,]\d/gu;

export const decimalSplits = (text: string) => text.match(SPLIT)?.length ?? 0;

/** Splits a reading has beyond its label's (a label may print `1. 2019` as a list number and a year). */
export const extraDecimalSplits = (got: string, expected: string) => Math.max(0, decimalSplits(got) - decimalSplits(expected));
