import type { Rng } from './rng.ts';

/**
 * Uneven light, low contrast and sensor noise on raw RGB pixels, in place. Noise draws come from a
 * seeded table of normal samples walked with a seeded stride, so a 2-megapixel page costs one pass
 * instead of millions of rng calls, and stays reproducible.
 */
export function applyPhotometric(
  px: Uint8Array,
  width: number,
  height: number,
  o: { contrast: number; lighting: number; lightingAngle: number; noiseSigma: number },
  r: Rng,
): void {
  const table = new Float32Array(65536);
  for (let i = 0; i < table.length; i++) table[i] = r.normal();
  let k = r.int(0, table.length - 1);
  const stride = r.int(1, 400) * 2 + 1;
  const a = (o.lightingAngle * Math.PI) / 180;
  const [dx, dy] = [Math.cos(a), Math.sin(a)];
  const span = Math.abs(dx) * width + Math.abs(dy) * height || 1;
  const x0 = dx < 0 ? width : 0;
  const y0 = dy < 0 ? height : 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Light falls off linearly along the chosen direction, from full at one edge to (1 - lighting).
      const t = ((x - x0) * dx + (y - y0) * dy) / span;
      const light = 1 - o.lighting * t;
      const n = o.noiseSigma ? table[(k = (k + stride) & 65535)] * o.noiseSigma : 0;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = (128 + (px[i + c] - 128) * o.contrast) * light + n;
        px[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
}
