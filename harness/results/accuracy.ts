/** Accuracy figures of results.json (schema.ts): a phase's or the baseline pass's, and a phase's change against the baseline. */
import { z } from 'zod';

export const accuracyStatsSchema = z.object({
  /** Responses scored (ok responses with a label). */
  scored: z.number().int().nonnegative(),
  lineItems: z.number().int().nonnegative(),
  pageItems: z.number().int().nonnegative(),
  /** Character error rate over line items (sum edits / sum label chars), null without line items. */
  cer: z.number().nullable(),
  /** Share of line items read exactly. */
  lineExact: z.number().nullable(),
  /** Mean page bag-of-characters F1 and CER over matched lines, null without page items. */
  pageF1: z.number().nullable(),
  pageCer: z.number().nullable(),
});

export const accuracyChangeSchema = z.object({
  /** Responses whose sample is also in the baseline pass (the paired set). */
  paired: z.number().int().nonnegative(),
  /** Responses whose recognised text differs from the baseline's for the same sample. */
  changedOutputs: z.number().int().nonnegative(),
  /** Phase figure minus baseline figure over the paired samples only. */
  cerDelta: z.number().nullable(),
  pageF1Delta: z.number().nullable(),
});

export type AccuracyStats = z.infer<typeof accuracyStatsSchema>;
export type AccuracyChange = z.infer<typeof accuracyChangeSchema>;
