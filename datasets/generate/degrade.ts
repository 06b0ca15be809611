import sharp from 'sharp';
import type { Degradation } from './degrade-plan.ts';
import { apply, compose, planWarp, scale, warp, type Mat3, type Pt } from './geometry.ts';
import { applyPhotometric } from './photometric.ts';
import type { Rng } from './rng.ts';

export interface DegradedImage {
  bytes: Buffer;
  width: number;
  height: number;
  ext: 'png' | 'jpg';
  /** Maps a point of the clean image to the degraded one. */
  map: (p: Pt) => Pt;
}

/**
 * Applies a Degradation to a clean raw RGB image: scale (sharp's Lanczos, so downscaling does not
 * alias), then rotation and tilt (one homography, geometry.ts), optical blur, light, contrast and
 * noise, then encoding. Returns the bytes and the point mapping for the label boxes.
 */
export async function degrade(raw: Buffer, width: number, height: number, d: Degradation, r: Rng, targetLongSide = d.longSide, textPx = 0): Promise<DegradedImage> {
  // The target is the long side of the final image, so allow for how much rotation and tilt grow
  // the canvas (measured on the unscaled page; tilt is per 1000 px, so the growth hardly depends on scale).
  const geometric = d.rotateDeg !== 0 || d.px !== 0 || d.py !== 0;
  const k0 = 1000 / Math.max(width, height);
  const grown = geometric ? planWarp(width, height, { rotateDeg: d.rotateDeg, px: d.px * k0, py: d.py * k0, scale: 1 }) : { width, height };
  const s = targetLongSide > 0 ? targetLongSide / Math.max(grown.width, grown.height) : 1;
  const [sw, sh] = [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
  let px: Uint8Array = s === 1 ? raw : await sharp(raw, { raw: { width, height, channels: 3 } }).resize(sw, sh, { fit: 'fill' }).raw().toBuffer();
  const pre = scale(sw / width);
  let m: Mat3 = pre;
  let [w, h] = [sw, sh];
  if (geometric) {
    // Tilt coefficients are defined per 1000 px so the same draw looks alike at every size.
    const k = 1000 / Math.max(sw, sh);
    const plan = planWarp(sw, sh, { rotateDeg: d.rotateDeg, px: d.px * k, py: d.py * k, scale: 1 });
    px = warp(px, sw, sh, plan.m, plan.width, plan.height, d.surround);
    m = compose(pre, plan.m);
    [w, h] = [plan.width, plan.height];
  }
  let img = sharp(Buffer.from(px.buffer, px.byteOffset, px.byteLength), { raw: { width: w, height: h, channels: 3 } });
  // Page blur is planned for 24 px text: what makes text unreadable is blur relative to its
  // size, so a page scaled down to 14 px text gets proportionally less (textPx = clean text size).
  const sigma = textPx > 0 ? d.blurSigma * Math.min(1.5, (textPx * s) / 24) : d.blurSigma;
  if (sigma >= 0.3) img = img.blur(sigma);
  const blurred = await img.raw().toBuffer();
  applyPhotometric(blurred, w, h, d, r);
  const out = sharp(blurred, { raw: { width: w, height: h, channels: 3 } });
  const bytes = d.format === 'png' ? await out.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer() : await out.jpeg({ quality: d.quality, mozjpeg: true }).toBuffer();
  return { bytes, width: w, height: h, ext: d.format === 'png' ? 'png' : 'jpg', map: (p) => apply(m, p) };
}
