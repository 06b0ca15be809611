import { OcrError } from './errors.ts';
import type { RecSpec } from '../../models/manifest.ts';
import { ctcDecode } from './ctc-decode.ts';
import { fixLetterDigit, LETTER_DIGIT_CONFUSABLE, mergeDoubledDegree } from './reading-fixes.ts';
import type { RecognizedText, RecognizeLines } from './engine-api.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

/**
 * CRNN/CTC line recognition. Lines are sorted by aspect ratio so each batch pads little, every line is
 * resized to the model height keeping its aspect ratio, padded on the right to the batch's widest (at
 * least `minWidth`: PaddleOCR pads to the model's nominal width, the engine's default pads less, see
 * ENGINE_DEFAULTS.recMinWidth), and results are put back in input order.
 */
export interface RecognizerOptions {
  batchSize: number;
  /** Narrowest input in pixels (default the model's nominal width). */
  minWidth?: number;
  /** Weight on the space class in CTC decoding (default 1: plain best path). */
  spaceWeight?: number;
  /** Least runner-up probability for fixLetterDigit (reading-fixes.ts); 0 (the default) leaves readings as decoded. */
  letterDigitMinP?: number;
}

export function createRecognizer(session: ModelSession, spec: RecSpec, charset: readonly string[], o: RecognizerOptions): RecognizeLines {
  const { batchSize, minWidth = spec.input.width, spaceWeight = 1, letterDigitMinP = 0 } = o;
  const th = spec.input.height;
  const spaceCls = charset.lastIndexOf(' ');
  const space = spaceCls > 0 ? { cls: spaceCls, weight: spaceWeight } : undefined;
  const confusable = letterDigitMinP > 0 ? confusableClasses(charset) : undefined;
  const baseRatio = minWidth / th;
  const softmax = spec.output === 'logits';
  return async (lines) => {
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
          writeNchw(tensor, n, await resizeRgb(img, w, th), tw, th, spec.normalize, spec.colorOrder, ch);
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
        results[i] = mergeDoubledDegree(fixLetterDigit(decoded, letterDigitMinP));
      });
    }
    return results;
  };
}

/** LETTER_DIGIT_CONFUSABLE as class indices of this charset (characters it lacks are left out). */
function confusableClasses(charset: readonly string[]): Map<number, number[]> {
  const cls = (c: string) => charset.indexOf(c);
  const map = new Map<number, number[]>();
  for (const [c, others] of Object.entries(LETTER_DIGIT_CONFUSABLE)) {
    const ks = others.map(cls).filter((k) => k > 0);
    if (cls(c) > 0 && ks.length) map.set(cls(c), ks);
  }
  return map;
}
