/**
 * Plane geometry for the degradations: one 3x3 homography carries rotation, perspective and scale,
 * warps the image (inverse mapping, bilinear) and maps the label boxes, so boxes always follow the
 * pixels exactly.
 */
export type Mat3 = [number, number, number, number, number, number, number, number, number];
export type Pt = [number, number];

export const identity = (): Mat3 => [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function multiply(a: Mat3, b: Mat3): Mat3 {
  const m = new Array(9).fill(0) as Mat3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) m[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return m;
}

/** Composes left to right in application order: compose(A, B) applies A first, then B. */
export const compose = (...ms: Mat3[]): Mat3 => ms.reduce((acc, m) => multiply(m, acc), identity());

export const translate = (tx: number, ty: number): Mat3 => [1, 0, tx, 0, 1, ty, 0, 0, 1];
export const scale = (s: number): Mat3 => [s, 0, 0, 0, s, 0, 0, 0, 1];
/** Clockwise on screen (y points down) for positive degrees, like sharp's rotate(). */
export function rotate(deg: number): Mat3 {
  const t = (deg * Math.PI) / 180;
  return [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1];
}
/** Pure projective part: px, py ~ 1e-4 tilt the plane away from the camera along x and y. */
export const perspective = (px: number, py: number): Mat3 => [1, 0, 0, 0, 1, 0, px, py, 1];

export function apply(m: Mat3, [x, y]: Pt): Pt {
  const w = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

export function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new Error('singular transform');
  const inv: Mat3 = [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d];
  return inv.map((v) => v / det) as Mat3;
}

/** Bounding box of the image's four corners under m. */
export function bounds(m: Mat3, width: number, height: number) {
  const pts = ([[0, 0], [width, 0], [width, height], [0, height]] as Pt[]).map((p) => apply(m, p));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/**
 * Builds the full transform for a page: rotate and tilt about the centre, scale, then shift so the
 * result starts at (0, 0). Returns the matrix and the output size that holds the whole page.
 */
export function planWarp(width: number, height: number, o: { rotateDeg: number; px: number; py: number; scale: number }) {
  const core = compose(translate(-width / 2, -height / 2), rotate(o.rotateDeg), perspective(o.px, o.py), scale(o.scale));
  const b = bounds(core, width, height);
  const m = compose(core, translate(-b.minX, -b.minY));
  return { m, width: Math.max(1, Math.round(b.maxX - b.minX)), height: Math.max(1, Math.round(b.maxY - b.minY)) };
}

/** Warps an interleaved 8-bit image (channels 3) by m; pixels from outside the source get `fill`. */
export function warp(src: Uint8Array, sw: number, sh: number, m: Mat3, dw: number, dh: number, fill: [number, number, number]): Uint8Array {
  const inv = invert(m);
  const out = new Uint8Array(dw * dh * 3);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const X = x + 0.5, Y = y + 0.5;
      const w = inv[6] * X + inv[7] * Y + inv[8];
      const sx = (inv[0] * X + inv[1] * Y + inv[2]) / w - 0.5;
      const sy = (inv[3] * X + inv[4] * Y + inv[5]) / w - 0.5;
      const o = (y * dw + x) * 3;
      if (sx < -0.5 || sy < -0.5 || sx > sw - 0.5 || sy > sh - 0.5) {
        out[o] = fill[0]; out[o + 1] = fill[1]; out[o + 2] = fill[2];
        continue;
      }
      const x0 = Math.max(0, Math.min(sw - 1, Math.floor(sx))), y0 = Math.max(0, Math.min(sh - 1, Math.floor(sy)));
      const x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
      const fx = Math.max(0, Math.min(1, sx - x0)), fy = Math.max(0, Math.min(1, sy - y0));
      const i00 = (y0 * sw + x0) * 3, i10 = (y0 * sw + x1) * 3, i01 = (y1 * sw + x0) * 3, i11 = (y1 * sw + x1) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[i00 + c] + (src[i10 + c] - src[i00 + c]) * fx;
        const bot = src[i01 + c] + (src[i11 + c] - src[i01 + c]) * fx;
        out[o + c] = Math.round(top + (bot - top) * fy);
      }
    }
  }
  return out;
}
