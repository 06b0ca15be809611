import type { Classify } from './classify.ts';
import { cropQuad, rotate90ccw } from './crop.ts';
import { decodeImage, type DecodeLimits, type RgbImage } from './decode.ts';
import { detectorInputSize, type Detect, type DetectorSizing } from './detect.ts';
import type { RecognizeLines } from './engine-api.ts';
import { mapQuadToOriginal, preprocess } from './preprocess.ts';
import { readLinesChecked } from './orientation/line.ts';
import { orientPage, readTurned } from './orientation/page.ts';
import { DEFAULT_FLIP_RULE } from './orientation/rule.ts';
import type { Turn } from './orientation/turn.ts';
import { LONE_CHARACTER_MIN_CONFIDENCE } from './confidence.ts';
import { readingOrder } from './reading-order.ts';
import type { ModelInfo, OcrLine, OcrResult, Quad, RecognizeOptions } from './types.ts';
import { createWorkMeter, type WorkBudget } from './work-budget.ts';

export interface PipelineStages {
  limits: DecodeLimits;
  detect: Detect;
  classify?: Classify;
  recognize: RecognizeLines;
  models: ModelInfo[];
  /** Bounds the request's work (work-budget.ts); unbounded when absent. */
  budget?: WorkBudget & {
    /** Frames the recognizer spends on a line (recognize.ts recognizerFrames). */
    lineFrames: (line: { width: number; height: number }) => number;
    /** The detector's input sizing, to count its pixels before it runs. */
    sizing: DetectorSizing;
  };
}

const now = () => performance.now();

/**
 * The only place that knows the order of the stages: decode → preprocess → detect → crop → classify →
 * recognize. With the classifier on, orientation/ runs detect → classify → recognize for pages (turning
 * a page 90° or 180° when its text says so) and checks a line's 180° turn in line mode. Times each stage;
 * boxes come back in original-image coordinates, lines in reading order.
 */
export async function runPipeline(bytes: Uint8Array, opts: Required<Pick<RecognizeOptions, 'mode' | 'cls'>> & RecognizeOptions, s: PipelineStages): Promise<OcrResult> {
  const t0 = now();
  const b = s.budget;
  const work = createWorkMeter(b ?? { maxDetPixels: Infinity, maxRecFrames: Infinity, maxLineFrames: Infinity }, opts.signal);
  work.check();
  const original = await decodeImage(bytes, s.limits);
  const t1 = now();
  work.check();
  const { image, transform } = await preprocess(original, opts.preprocess);
  const t2 = now();

  // Time is summed per stage, since the orientation step interleaves them. Detection is split into its
  // model run (with its input resize) and DB post-processing (`boxes`), cutting lines out is `crop`.
  const spent = { detect: 0, boxes: 0, crop: 0, cls: 0, rec: 0 };
  const timed = <A, R>(f: (a: A) => Promise<R>, k: keyof typeof spent) => async (a: A) => {
    const t = now();
    try {
      return await f(a);
    } finally {
      spent[k] += now() - t;
    }
  };
  const recognize = timed(async (lines: RgbImage[]) => {
    work.recognize(b ? lines.map(b.lineFrames) : []);
    return s.recognize(lines, work);
  }, 'rec');
  const classify = opts.cls && s.classify ? timed(s.classify, 'cls') : undefined;
  const detect = async (img: RgbImage) => {
    if (b) {
      const [w, h] = detectorInputSize(img.width, img.height, b.sizing);
      work.detect(w * h);
    } else work.check();
    const t = now();
    const found = await s.detect(img);
    spent.detect += found.modelMs;
    spent.boxes += now() - t - found.modelMs;
    return found.quads;
  };
  const crop = (img: RgbImage, q: Quad) => {
    const t = now();
    const c = cropQuad(img, q);
    spent.crop += now() - t;
    return c;
  };

  let quads: Quad[];
  let texts;
  let orientation: OcrResult['orientation'];
  if (opts.mode === 'line') {
    const { width: w, height: h } = image;
    quads = [[[0, 0], [w, 0], [w, h], [0, h]]];
    const tall = h >= 1.5 * w;
    const crops = [tall ? rotate90ccw(image) : image];
    if (classify) {
      const r = await readLinesChecked(crops, classify, recognize, DEFAULT_FLIP_RULE);
      texts = r.texts;
      orientation = { rotation: (((tall ? 270 : 0) + (r.flipped[0] ? 180 : 0)) % 360) as Turn, linesReadTwice: r.checked };
    } else texts = await recognize(crops);
  } else if (classify) {
    const page = { detect, crop, order: readingOrder, classify, recognize };
    const r = await orientPage((turn) => readTurned(image, turn, page), DEFAULT_FLIP_RULE);
    quads = r.quads;
    texts = r.texts;
    orientation = { rotation: r.rotation, linesReadTwice: r.linesReadTwice };
  } else {
    const found = await detect(image);
    quads = readingOrder(found).map((i) => found[i]);
    texts = quads.length ? await recognize(quads.map((q) => crop(image, q))) : [];
  }
  const t5 = now();
  // Reading order and the orientation bookkeeping count with `boxes`: whatever no model run or crop took.
  const rest = t5 - t2 - spent.detect - spent.boxes - spent.crop - spent.cls - spent.rec;

  const lines: OcrLine[] = [];
  texts.forEach((r, i) => {
    const text = r.text.trim();
    if (!text) return;
    if (opts.mode === 'page' && r.confidence < LONE_CHARACTER_MIN_CONFIDENCE && [...text.replace(/\s+/gu, '')].length === 1) return;
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
      detect: ms(0, spent.detect),
      boxes: ms(0, spent.boxes + rest),
      crop: ms(0, spent.crop),
      classify: ms(0, spent.cls),
      recognize: ms(0, spent.rec),
      total: ms(t0, t5),
    },
    models: s.models,
    ...(orientation ? { orientation } : {}),
  };
}
