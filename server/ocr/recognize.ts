import { OcrError } from './errors.ts';
import type { RecSpec } from '../../models/manifest.ts';
import { ctcDecode } from './ctc-decode.ts';
import { mergeDoubledDegree } from './reading-fixes.ts';
import type { RecognizedText, RecognizeLines } from './engine-api.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

/**
 * CRNN/CTC line recognition. Lines are sorted by aspect ratio so each batch pads little, every line is
 * resized to the model height keeping its aspect ratio, padded on the right to the batch's widest (at
 * least `minWidth`: PaddleOCR pads to the model's nominal width, the engine's default pads less, see
 * ENGINE_DEFAULTS.recMinWidth), and results are put back in input order.
 */
export function createRecognizer(session: ModelSession, spec: RecSpec, charset: readonly string[], batchSize: number, minWidth = spec.input.width, spaceWeight = 1): RecognizeLines {
  const th = spec.input.height;
  const spaceCls = charset.lastIndexOf(' ');
  const space = spaceCls > 0 ? { cls: spaceCls, weight: spaceWeight } : undefined;
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
        results[i] = mergeDoubledDegree(ctcDecode(out.data, frames, classes, charset, { offset: n * frames * classes, softmax, space }));
      });
    }
    return results;
  };
}
