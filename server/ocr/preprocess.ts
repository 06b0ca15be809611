import sharp from 'sharp';
import type { RgbImage } from './decode.ts';
import type { Point, PreprocessOptions, Quad } from './types.ts';

/** What preprocessing did to the geometry: a point p in the processed image is at p * scale in the original. */
export interface Transform {
  scaleX: number;
  scaleY: number;
  /** Names of the operations applied, in order, for logs and results. */
  applied: string[];
}

export const IDENTITY: Transform = { scaleX: 1, scaleY: 1, applied: [] };

/** Maps a quad from processed-image coordinates back to the original image, clamped inside it. */
export function mapQuadToOriginal(quad: Quad, t: Transform, width: number, height: number): Quad {
  const map = ([x, y]: Point): Point => [
    Math.min(Math.max(x * t.scaleX, 0), width),
    Math.min(Math.max(y * t.scaleY, 0), height),
  ];
  return [map(quad[0]), map(quad[1]), map(quad[2]), map(quad[3])];
}

export function isNoop(o: PreprocessOptions | undefined): boolean {
  return !o || (!o.grayscale && !o.contrast && !o.clahe && !o.denoise && !o.maxSide);
}

/**
 * Optional image clean-up before detection. Each step is off by default: `npm run eval` on real-public
 * measured them (docs/decisions/engine-defaults.md, preprocessing), and none improved the PP-OCRv4 models, which were
 * trained on unprocessed colour images.
 */
export async function preprocess(img: RgbImage, o: PreprocessOptions | undefined): Promise<{ image: RgbImage; transform: Transform }> {
  if (isNoop(o) || !o) return { image: img, transform: IDENTITY };
  const applied: string[] = [];
  let s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  let width = img.width;
  let height = img.height;
  if (o.maxSide && Math.max(width, height) > o.maxSide) {
    const r = o.maxSide / Math.max(width, height);
    width = Math.max(1, Math.round(width * r));
    height = Math.max(1, Math.round(height * r));
    s = s.resize(width, height, { fit: 'fill' });
    applied.push(`resize(${width}x${height})`);
  }
  if (o.denoise) {
    s = s.median(o.denoise);
    applied.push(`median(${o.denoise})`);
  }
  if (o.grayscale) {
    s = s.grayscale();
    applied.push('grayscale');
  }
  if (o.contrast) {
    s = s.normalise({ lower: 1, upper: 99 });
    applied.push('contrast-stretch');
  }
  if (o.clahe) {
    // libvips needs the window inside the image: small line crops get a smaller window.
    const win = Math.max(3, Math.min(64, width - 1, height - 1));
    s = s.clahe({ width: win, height: win, maxSlope: 3 });
    applied.push('clahe');
  }
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data: toRgb(data, info.channels), width: info.width, height: info.height };
  return { image, transform: { scaleX: img.width / info.width, scaleY: img.height / info.height, applied } };
}

/** Grayscale output comes back with one channel: replicate it so every later stage sees RGB. */
function toRgb(data: Buffer, channels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array((data.length / channels) * 3);
  for (let i = 0, o = 0; i < data.length; i += channels, o += 3) out[o] = out[o + 1] = out[o + 2] = data[i];
  return out;
}
