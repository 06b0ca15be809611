import type { ClsSpec } from '../models/manifest.ts';
import type { RgbImage } from './decode.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

/**
 * The 0°/180° direction classifier: for each line, the probability that it is upside down. It only
 * scores; what to do with the score (a hint to check, not a verdict) is orientation/'s job.
 */
export type Classify = (lines: RgbImage[]) => Promise<number[]>;

export function createClassifier(session: ModelSession, spec: ClsSpec, batchSize: number): Classify {
  const { height: th, width: tw } = spec.input;
  return async (lines) => {
    const p180: number[] = new Array(lines.length);
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
      batch.forEach((_, n) => {
        p180[start + n] = res.data[n * k + 1];
      });
    }
    return p180;
  };
}
