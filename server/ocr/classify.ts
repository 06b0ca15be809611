import type { ClsSpec } from '../../models/manifest.ts';
import { rotate180 } from './crop.ts';
import type { RgbImage } from './decode.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

/** PaddleOCR flips a line only when the classifier says 180° with at least this probability. */
const FLIP_THRESHOLD = 0.9;

export type Classify = (lines: RgbImage[]) => Promise<RgbImage[]>;

/** The 0°/180° direction classifier: returns the lines, those read as upside down turned upright. */
export function createClassifier(session: ModelSession, spec: ClsSpec, batchSize: number): Classify {
  const { height: th, width: tw } = spec.input;
  return async (lines) => {
    const out = [...lines];
    for (let start = 0; start < lines.length; start += batchSize) {
      const batch = lines.slice(start, start + batchSize);
      const tensor = new Float32Array(batch.length * 3 * th * tw);
      await Promise.all(
        batch.map(async (img, n) => {
          const w = Math.min(tw, Math.max(1, Math.ceil((th * img.width) / img.height)));
          writeNchw(tensor, n, await resizeRgb(img, w, th), tw, th, spec.normalize, spec.colorOrder);
        }),
      );
      const res = await session.run({ data: tensor, dims: [batch.length, 3, th, tw] });
      const k = res.dims[1];
      batch.forEach((img, n) => {
        const p180 = res.data[n * k + 1];
        if (p180 > res.data[n * k] && p180 >= FLIP_THRESHOLD) out[start + n] = rotate180(img);
      });
    }
    return out;
  };
}
