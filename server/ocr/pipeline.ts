import type { Classify } from './classify.ts';
import { cropQuad, rotate90ccw } from './crop.ts';
import { decodeImage, type DecodeLimits } from './decode.ts';
import type { Detect } from './detect.ts';
import type { RecognizeLines } from './engine-api.ts';
import { mapQuadToOriginal, preprocess } from './preprocess.ts';
import { readingOrder } from './reading-order.ts';
import type { ModelInfo, OcrLine, OcrResult, Quad, RecognizeOptions } from './types.ts';

export interface PipelineStages {
  limits: DecodeLimits;
  detect: Detect;
  classify?: Classify;
  recognize: RecognizeLines;
  models: ModelInfo[];
}

const now = () => performance.now();

/**
 * The only place that knows the order of the stages: decode → preprocess → detect → crop → classify →
 * recognize. Times each stage; boxes come back in original-image coordinates, lines in reading order.
 */
export async function runPipeline(bytes: Uint8Array, opts: Required<Pick<RecognizeOptions, 'mode' | 'cls'>> & RecognizeOptions, s: PipelineStages): Promise<OcrResult> {
  const t0 = now();
  const original = await decodeImage(bytes, s.limits);
  const t1 = now();
  const { image, transform } = await preprocess(original, opts.preprocess);
  const t2 = now();

  let quads: Quad[];
  // Detection's own split: the model run (with its input resize), then DB post-processing (`boxes`).
  let modelMs = 0;
  if (opts.mode === 'line') {
    const { width: w, height: h } = image;
    quads = [[[0, 0], [w, 0], [w, h], [0, h]]];
  } else {
    const found = await s.detect(image);
    modelMs = found.modelMs;
    quads = readingOrder(found.quads).map((i) => found.quads[i]);
  }
  const t3 = now();
  let crops = opts.mode === 'line' ? [image.height >= 1.5 * image.width ? rotate90ccw(image) : image] : quads.map((q) => cropQuad(image, q));
  const t3c = now();

  if (opts.cls && s.classify && crops.length) crops = await s.classify(crops);
  const t4 = now();

  const texts = crops.length ? await s.recognize(crops) : [];
  const t5 = now();

  const lines: OcrLine[] = [];
  texts.forEach((r, i) => {
    const text = r.text.trim();
    if (!text) return;
    lines.push({
      text,
      confidence: Math.round(r.confidence * 1e4) / 1e4,
      box: mapQuadToOriginal(quads[i], transform, original.width, original.height),
    });
  });
  const ms = (a: number, b: number) => Math.round((b - a) * 100) / 100;
  return {
    text: lines.map((l) => l.text).join('\n'),
    lines,
    width: original.width,
    height: original.height,
    timings: {
      decode: ms(t0, t1),
      preprocess: ms(t1, t2),
      detect: ms(0, modelMs),
      // DB post-processing and reading order: what detection costs beyond its model run.
      boxes: ms(modelMs, t3 - t2),
      crop: ms(t3, t3c),
      classify: ms(t3c, t4),
      recognize: ms(t4, t5),
      total: ms(t0, t5),
    },
    models: s.models,
  };
}
