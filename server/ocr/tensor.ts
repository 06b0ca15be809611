import sharp from 'sharp';
import type { RgbImage } from './decode.ts';

export interface Normalization {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export type ColorOrder = 'RGB' | 'BGR';

/**
 * Resizes an RGB image to exactly width x height. Bicubic by default, not PaddleOCR's bilinear: on
 * real-public it kept the word gaps of small English lines that bilinear upscaling lost
 * (docs/decisions/engine-defaults.md, line resize kernel). Bilinear reads Chinese better; the recognizer's
 * second look uses it.
 */
export async function resizeRgb(img: RgbImage, width: number, height: number, kernel: 'cubic' | 'linear' = 'cubic'): Promise<RgbImage> {
  if (img.width === width && img.height === height) return img;
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/**
 * Writes `img` into item `n` of an NCHW float tensor whose planes are tw x th, normalised as
 * (x/255 - mean) / std. Pixels right of the image stay 0, which is PaddleOCR's padding. PaddleOCR
 * models were trained on OpenCV's BGR order; `order` picks which source channel feeds plane c.
 */
export function writeNchw(
  tensor: Float32Array,
  n: number,
  img: RgbImage,
  tw: number,
  th: number,
  { mean, std }: Normalization,
  order: ColorOrder,
  channels: 1 | 3 = 3,
): void {
  const plane = tw * th;
  if (channels === 1) return writeGray(tensor, n * plane, img, tw, th, mean[0], std[0]);
  const base = n * 3 * plane;
  const src = order === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const w = Math.min(img.width, tw);
  const h = Math.min(img.height, th);
  for (let c = 0; c < 3; c++) {
    const s = src[c];
    const scale = 1 / (255 * std[c]);
    const shift = mean[c] / std[c];
    const off = base + c * plane;
    for (let y = 0; y < h; y++) {
      const row = off + y * tw;
      const inRow = y * img.width * 3;
      for (let x = 0; x < w; x++) tensor[row + x] = img.data[inRow + x * 3 + s] * scale - shift;
    }
  }
}

/** One-channel models (the classic grey CRNN): ITU-R BT.601 luma, normalised like the colour planes. */
function writeGray(tensor: Float32Array, base: number, img: RgbImage, tw: number, th: number, mean: number, std: number): void {
  const w = Math.min(img.width, tw);
  const h = Math.min(img.height, th);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * img.width + x) * 3;
      const luma = 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
      tensor[base + y * tw + x] = (luma / 255 - mean) / std;
    }
  }
}
