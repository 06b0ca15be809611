/**
 * The model manifest's schema (zod) and its reader. Apart from manifest.ts so that the server's workers,
 * which are handed a manifest the main thread already checked, never load zod: importing it was a measurable
 * part of each worker's cold start (docs/decisions/warm-up.md).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { OcrError } from '../ocr/errors.ts';

const fileRef = z.union([
  z.strictObject({ package: z.string(), path: z.string() }),
  z.strictObject({ path: z.string() }),
]);
const normalize = z.strictObject({
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number(), z.number(), z.number()]),
});
const precision = z.enum(['fp32', 'int8']);
const common = {
  id: z.string().min(1),
  /**
   * An int8 entry is the quantized twin of the fp32 entry of the same role (research/quantize); the engine
   * picks one per role by the precision it is asked for.
   */
  precision: precision.default('fp32'),
  file: fileRef,
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  colorOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  normalize,
};
const modelSpec = z.discriminatedUnion('role', [
  z.strictObject({
    ...common,
    role: z.literal('det'),
    input: z.strictObject({ layout: z.literal('NCHW'), channels: z.literal(3), multipleOf: z.number().int().positive() }),
  }),
  z.strictObject({
    ...common,
    role: z.literal('cls'),
    input: z.strictObject({ layout: z.literal('NCHW'), channels: z.literal(3), height: z.number().int(), width: z.number().int() }),
    labels: z.array(z.string()).min(2),
  }),
  z.strictObject({
    ...common,
    role: z.literal('rec'),
    /** channels 1 for a classic grey CRNN; width is the nominal width lines are padded up to. */
    input: z.strictObject({ layout: z.literal('NCHW'), channels: z.union([z.literal(1), z.literal(3)]), height: z.number().int(), width: z.number().int() }),
    /** 'probabilities' when the graph ends in softmax (PP-OCR), 'logits' for a raw CRNN head. */
    output: z.enum(['probabilities', 'logits']),
    charset: z.strictObject({
      file: fileRef,
      sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      blankIndex: z.literal(0),
      appendSpace: z.boolean(),
    }),
  }),
]);
export const manifestSchema = z.strictObject({ $comment: z.string().optional(), models: z.array(modelSpec).min(1) });

export type ModelSpec = z.infer<typeof modelSpec>;
export type Precision = z.infer<typeof precision>;
export type ModelRole = ModelSpec['role'];
/** One precision for every model, or one per role. */
export type PrecisionChoice = Precision | Record<ModelRole, Precision>;

export type DetSpec = Extract<ModelSpec, { role: 'det' }>;
export type ClsSpec = Extract<ModelSpec, { role: 'cls' }>;
export type RecSpec = Extract<ModelSpec, { role: 'rec' }>;

export type FileRef = z.infer<typeof fileRef>;
/** A manifest that passed the schema, defaults applied. Plain data: it crosses to worker threads as is. */
export type ManifestData = z.output<typeof manifestSchema>;

/** Reads and checks a manifest file; every problem is a `model_missing` error naming the file. */
export async function readManifest(manifestPath: string): Promise<ManifestData> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (cause) {
    throw new OcrError('model_missing', `model manifest ${manifestPath} cannot be read as JSON`, { cause });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new OcrError('model_missing', `model manifest ${manifestPath} is invalid: ${problems}`);
  }
  return parsed.data;
}
