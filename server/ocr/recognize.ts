import { OcrError } from './errors.ts';
import type { RecSpec } from '../models/manifest.ts';
import { ctcDecode } from './ctc-decode.ts';
import { fixLetterDigit, fixTimesSign, LETTER_DIGIT_CONFUSABLE, mergeDoubledDegree, TIMES_SIGN_CONFUSABLE } from './reading-fixes.ts';
import type { LineImage, RecognizedText, RecognizeLines } from './engine-api.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

export interface RecognizerOptions {
  batchSize: number;
  /** Narrowest input in pixels (default the model's nominal width). */
  minWidth?: number;
  /** Weight on the space class in CTC decoding (default 1: plain best path). */
  spaceWeight?: number;
  /** Least runner-up probability for fixLetterDigit (reading-fixes.ts); 0 (the default) leaves readings as decoded. */
  letterDigitMinP?: number;
  /** Least probability of `×` for fixTimesSign (reading-fixes.ts); 0 (the default) leaves readings as decoded. */
  timesSignMinP?: number;
  /**
   * A line read below this confidence is read a second time from a bilinear resize, and the more confident
   * reading is kept unless it holds fewer spaces; 0 (the default) reads each line once. See ENGINE_DEFAULTS.recRereadBelow.
   */
  rereadBelow?: number;
  /** Only lines whose first reading holds a Han character get the second look (pages: ENGINE_DEFAULTS.recRereadPages). */
  rereadHanOnly?: boolean;
}

const HAN = /\p{Script=Han}/u;

const spaces = (t: string) => t.split(' ').length - 1;

/**
 * CRNN/CTC line recognition. Lines are sorted by aspect ratio so each batch pads little, every line is
 * resized to the model height keeping its aspect ratio, padded on the right to the batch's widest (at
 * least `minWidth`: PaddleOCR pads to the model's nominal width, the engine's default pads less, see
 * ENGINE_DEFAULTS.recMinWidth), and results are put back in input order. With `rereadBelow`, lines read
 * below that confidence get a second look from a bilinear resize (ENGINE_DEFAULTS.recRereadBelow).
 */
export function createRecognizer(session: ModelSession, spec: RecSpec, charset: readonly string[], o: RecognizerOptions): RecognizeLines {
  const { batchSize, minWidth = spec.input.width, spaceWeight = 1, letterDigitMinP = 0, timesSignMinP = 0, rereadBelow = 0, rereadHanOnly = false } = o;
  const th = spec.input.height;
  const spaceCls = charset.lastIndexOf(' ');
  const space = spaceCls > 0 ? { cls: spaceCls, weight: spaceWeight } : undefined;
  const confusable =
    letterDigitMinP > 0 || timesSignMinP > 0
      ? confusableClasses(charset, { ...(letterDigitMinP > 0 ? LETTER_DIGIT_CONFUSABLE : {}), ...(timesSignMinP > 0 ? TIMES_SIGN_CONFUSABLE : {}) })
      : undefined;
  const baseRatio = minWidth / th;
  const softmax = spec.output === 'logits';
  const read = async (lines: LineImage[], kernel: 'cubic' | 'linear') => {
    const results: RecognizedText[] = new Array(lines.length);
    const order = lines.map((_, i) => i).sort((a, b) => lines[a].width / lines[a].height - lines[b].width / lines[b].height);
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const maxRatio = Math.max(baseRatio, ...idx.map((i) => lines[i].width / lines[i].height));
      const tw = Math.ceil(th * maxRatio);
      const ch = spec.input.channels;
      const tensor = new Float32Array(idx.length * ch * th * tw);
      await Promise.all(
        idx.map(async (i, n) => {
          const img = lines[i];
          const w = Math.min(tw, Math.max(1, Math.ceil((th * img.width) / img.height)));
          writeNchw(tensor, n, await resizeRgb(img, w, th, kernel), tw, th, spec.normalize, spec.colorOrder, ch);
        }),
      );
      const out = await session.run({ data: tensor, dims: [idx.length, ch, th, tw] });
      const [, frames, classes] = out.dims;
      if (classes !== charset.length) {
        throw new OcrError('inference_failed', `recognizer ${spec.id} has ${classes} classes but its charset gives ${charset.length}`);
      }
      idx.forEach((i, n) => {
        // The letter/digit fix reads character positions, so it runs before anything that removes a character.
        const decoded = ctcDecode(out.data, frames, classes, charset, { offset: n * frames * classes, softmax, space, confusable });
        results[i] = mergeDoubledDegree(fixLetterDigit(fixTimesSign(decoded, timesSignMinP), letterDigitMinP));
      });
    }
    return results;
  };
  return async (lines) => {
    const first = await read(lines, 'cubic');
    const unsure = lines.map((_, i) => i).filter((i) => first[i].confidence < rereadBelow && (!rereadHanOnly || HAN.test(first[i].text)));
    if (!unsure.length) return first;
    const second = await read(unsure.map((i) => lines[i]), 'linear');
    unsure.forEach((i, n) => {
      const r = second[n];
      // Bilinear input loses English word gaps that bicubic keeps: a reading with fewer spaces is not taken.
      if (r.confidence > first[i].confidence && spaces(r.text) >= spaces(first[i].text)) first[i] = r;
    });
    return first;
  };
}

/** A confusable map (reading-fixes.ts) as class indices of this charset (characters it lacks are left out). */
function confusableClasses(charset: readonly string[], chars: Readonly<Record<string, readonly string[]>>): Map<number, number[]> {
  const cls = (c: string) => charset.indexOf(c);
  const map = new Map<number, number[]>();
  for (const [c, others] of Object.entries(chars)) {
    const ks = others.map(cls).filter((k) => k > 0);
    if (cls(c) > 0 && ks.length) map.set(cls(c), ks);
  }
  return map;
}
