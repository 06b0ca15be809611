import { rotate180, rotate90ccw } from '../crop.ts';
import type { RgbImage } from '../decode.ts';
import type { Point } from '../types.ts';

export type Turn = 0 | 90 | 180 | 270;

/** The image turned clockwise by `deg`. */
export function turnImage(img: RgbImage, deg: Turn): RgbImage {
  if (deg === 0) return img;
  if (deg === 180) return rotate180(img);
  const ccw = rotate90ccw(img);
  return deg === 270 ? ccw : rotate180(ccw);
}

/** A point of an image turned clockwise by `deg` (turned size w x h), back in the unturned image. */
export function unturnPoint([x, y]: Point, deg: Turn, w: number, h: number): Point {
  if (deg === 90) return [y, w - x];
  if (deg === 180) return [w - x, h - y];
  if (deg === 270) return [h - y, x];
  return [x, y];
}

/** Two clockwise turns one after the other. */
export const turnBy = (a: Turn, b: Turn) => ((a + b) % 360) as Turn;
