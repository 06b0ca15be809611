import type { RgbImage } from './decode.ts';
import type { Point, Quad } from './types.ts';

/** Solves A x = b (n x n) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const d = m[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / d;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

/** The homography H (row-major 3x3, h33 = 1) that maps each `from` point onto the matching `to` point. */
export function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i];
    const [u, v] = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  return [...solve(a, b), 1];
}

/**
 * Cuts the quad out of the image as an upright rectangle (PaddleOCR's get_rotate_crop_image): size from
 * the longer of each pair of opposite sides, perspective-corrected with bilinear sampling and replicated
 * borders. A crop at least 1.5 times taller than wide is turned 90° counter-clockwise so vertical text
 * reads left to right.
 */
export function cropQuad(img: RgbImage, quad: Quad): RgbImage {
  const d = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const w = Math.max(1, Math.round(Math.max(d(quad[0], quad[1]), d(quad[3], quad[2]))));
  const h = Math.max(1, Math.round(Math.max(d(quad[0], quad[3]), d(quad[1], quad[2]))));
  const H = homography([[0, 0], [w, 0], [w, h], [0, h]], quad);
  const out = new Uint8Array(w * h * 3);
  const { data, width: iw, height: ih } = img;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const z = H[6] * x + H[7] * y + H[8];
      const sx = Math.min(Math.max((H[0] * x + H[1] * y + H[2]) / z, 0), iw - 1);
      const sy = Math.min(Math.max((H[3] * x + H[4] * y + H[5]) / z, 0), ih - 1);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, iw - 1);
      const y1 = Math.min(y0 + 1, ih - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * iw + x0) * 3 + c] * (1 - fx) + data[(y0 * iw + x1) * 3 + c] * fx;
        const bot = data[(y1 * iw + x0) * 3 + c] * (1 - fx) + data[(y1 * iw + x1) * 3 + c] * fx;
        out[o + c] = Math.round(top * (1 - fy) + bot * fy);
      }
    }
  }
  const crop = { data: out, width: w, height: h };
  return h >= 1.5 * w ? rotate90ccw(crop) : crop;
}

export function rotate90ccw(img: RgbImage): RgbImage {
  const { data, width: w, height: h } = img;
  const out = new Uint8Array(data.length);
  // New image is h wide, w tall; new (x', y') = (y, w - 1 - x).
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = ((w - 1 - x) * h + y) * 3;
      const i = (y * w + x) * 3;
      out[o] = data[i];
      out[o + 1] = data[i + 1];
      out[o + 2] = data[i + 2];
    }
  }
  return { data: out, width: h, height: w };
}

export function rotate180(img: RgbImage): RgbImage {
  const { data } = img;
  const out = new Uint8Array(data.length);
  const n = data.length / 3;
  for (let i = 0; i < n; i++) {
    const o = (n - 1 - i) * 3;
    out[o] = data[i * 3];
    out[o + 1] = data[i * 3 + 1];
    out[o + 2] = data[i * 3 + 2];
  }
  return { ...img, data: out };
}
