import type { DetSpec } from '../models/manifest.ts';
import { DEFAULT_DB_PARAMS, extractBoxes, type DbParams } from './db-postprocess.ts';
import type { RgbImage } from './decode.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';
import type { Quad } from './types.ts';

export interface DetectorSizing {
  /**
   * 'max': the long side is at most limitSideLen (PaddleOCR's default). 'min': the short side is at least
   * limitSideLen, so small images are enlarged and their small print becomes detectable (RapidOCR's default).
   */
  limitType: 'max' | 'min';
  limitSideLen: number;
  /** Whatever the limit type, the long side never exceeds this. */
  maxSideLen: number;
}

export interface DetectorOptions extends DetectorSizing {
  db?: Partial<DbParams>;
}

/** Detector input size per DetectorSizing, both sides rounded to multiples of 32 and at least 32. */
export function detectorInputSize(width: number, height: number, s: DetectorSizing, multiple = 32): [number, number] {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  let ratio = 1;
  if (s.limitType === 'max' && long > s.limitSideLen) ratio = s.limitSideLen / long;
  if (s.limitType === 'min' && short < s.limitSideLen) ratio = s.limitSideLen / short;
  if (long * ratio > s.maxSideLen) ratio = s.maxSideLen / long;
  const round = (v: number) => Math.max(multiple, Math.round((v * ratio) / multiple) * multiple);
  return [round(width), round(height)];
}

/** Quads found, and where the time went: the model (with its input resize) apart from DB post-processing. */
export interface Detection {
  quads: Quad[];
  modelMs: number;
  postprocessMs: number;
}

export type Detect = (img: RgbImage) => Promise<Detection>;

export function createDetector(session: ModelSession, spec: DetSpec, { db, ...sizing }: DetectorOptions): Detect {
  const params = { ...DEFAULT_DB_PARAMS, ...db };
  return async (img) => {
    const t0 = performance.now();
    const [w, h] = detectorInputSize(img.width, img.height, sizing, spec.input.multipleOf);
    const resized = await resizeRgb(img, w, h);
    const tensor = new Float32Array(3 * w * h);
    writeNchw(tensor, 0, resized, w, h, spec.normalize, spec.colorOrder);
    const out = await session.run({ data: tensor, dims: [1, 3, h, w] });
    const t1 = performance.now();
    const [, , mh, mw] = out.dims;
    const boxes = extractBoxes({ data: out.data, width: mw, height: mh }, img.width, img.height, params);
    // Drop slivers after mapping back, as PaddleOCR's filter_tag_det_res does.
    const quads = boxes
      .map((b) => b.quad)
      .filter((q) => Math.hypot(q[0][0] - q[1][0], q[0][1] - q[1][1]) > 3 && Math.hypot(q[0][0] - q[3][0], q[0][1] - q[3][1]) > 3);
    return { quads, modelMs: t1 - t0, postprocessMs: performance.now() - t1 };
  };
}
