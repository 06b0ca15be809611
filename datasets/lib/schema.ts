import { z } from 'zod';

/**
 * The one manifest format every dataset uses: `datasets/<name>/manifest.jsonl`, one JSON object per
 * image. Objects are strict so a misspelt field (`lable`, `widht`) is reported instead of ignored.
 */

const point = z.tuple([z.number(), z.number()]);
/** Four corners clockwise from top-left, in pixel coordinates of the image after EXIF orientation. */
export const quadSchema = z.tuple([point, point, point, point]);

const common = {
  id: z.string().min(1),
  /** Path relative to the manifest's folder; may point into a sibling set (`../real-public/...`). */
  file: z.string().min(1),
  category: z.string().min(1),
  lang: z.enum(['zh', 'en', 'mixed']),
  /** Size after EXIF orientation, which is what the engine reports. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  source: z.string().min(1),
  license: z.string().min(1),
  tags: z.array(z.string().min(1)).optional(),
};

export const lineItemSchema = z.strictObject({ ...common, kind: z.literal('line'), text: z.string().min(1) });

export const pageLineSchema = z.strictObject({ text: z.string().min(1), box: quadSchema.optional() });

export const pageItemSchema = z.strictObject({
  ...common,
  kind: z.literal('page'),
  lines: z.array(pageLineSchema).min(1),
});

export const datasetItemSchema = z.discriminatedUnion('kind', [lineItemSchema, pageItemSchema]);

export type Quad = z.infer<typeof quadSchema>;
export type LineItem = z.infer<typeof lineItemSchema>;
export type PageItem = z.infer<typeof pageItemSchema>;
export type PageLine = z.infer<typeof pageLineSchema>;
export type DatasetItem = z.infer<typeof datasetItemSchema>;

/** The label of an item as a list of lines (a line item is a page of one line). */
export function expectedLines(item: DatasetItem): string[] {
  return item.kind === 'line' ? [item.text] : item.lines.map((l) => l.text);
}
