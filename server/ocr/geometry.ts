import ClipperLib from 'clipper-lib';
import convexHull from 'monotone-convex-hull-2d';
import type { Point, Quad } from './types.ts';

export interface RotatedRect {
  /** Corners ordered top-left, top-right, bottom-right, bottom-left. */
  quad: Quad;
  /** The shorter side's length. */
  shortSide: number;
}

/**
 * Orders four corners as PaddleOCR's get_mini_boxes does: the two leftmost by x, the upper of them is
 * top-left; the two rightmost, the upper is top-right.
 */
export function orderQuad(points: readonly Point[]): Quad {
  const s = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [tl, bl] = s[0][1] <= s[1][1] ? [s[0], s[1]] : [s[1], s[0]];
  const [tr, br] = s[2][1] <= s[3][1] ? [s[2], s[3]] : [s[3], s[2]];
  return [tl, tr, br, bl];
}

/** Minimum-area enclosing rectangle by rotating calipers over the convex hull (what OpenCV's minAreaRect returns). */
export function minAreaRect(points: readonly Point[]): RotatedRect | undefined {
  if (points.length === 0) return undefined;
  const hull = convexHull(points).map((i) => points[i]);
  if (hull.length < 3) {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    return { quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], shortSide: Math.min(x1 - x0, y1 - y0) };
  }
  let best: { area: number; corners: Point[]; w: number; h: number } | undefined;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const u: Point = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    const v: Point = [-u[1], u[0]];
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of hull) {
      const pu = p[0] * u[0] + p[1] * u[1];
      const pv = p[0] * v[0] + p[1] * v[1];
      minU = Math.min(minU, pu);
      maxU = Math.max(maxU, pu);
      minV = Math.min(minV, pv);
      maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (!best || area < best.area - 1e-9) {
      const at = (su: number, sv: number): Point => [su * u[0] + sv * v[0], su * u[1] + sv * v[1]];
      best = { area, corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)], w: maxU - minU, h: maxV - minV };
    }
  }
  if (!best) return undefined;
  return { quad: orderQuad(best.corners), shortSide: Math.min(best.w, best.h) };
}

export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % poly.length];
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
}

export function polygonPerimeter(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % poly.length];
    s += Math.hypot(x1 - x0, y1 - y0);
  }
  return s;
}

/**
 * DB's "unclip": grow the shrunk text kernel back to the full text region by offsetting the polygon
 * outward by D = A * r / L (Liao et al., "Real-time Scene Text Detection with Differentiable
 * Binarization", 2020), with round joins as PaddleOCR does through pyclipper.
 * Returns undefined when the offset does not give exactly one polygon.
 */
export function unclip(poly: readonly Point[], ratio: number): Point[] | undefined {
  const perimeter = polygonPerimeter(poly);
  if (perimeter === 0) return undefined;
  const distance = (polygonArea(poly) * ratio) / perimeter;
  const offset = new ClipperLib.ClipperOffset();
  offset.AddPath(
    poly.map(([x, y]) => ({ X: Math.round(x), Y: Math.round(y) })),
    ClipperLib.JoinType.jtRound,
    ClipperLib.EndType.etClosedPolygon,
  );
  const out: { X: number; Y: number }[][] = [];
  offset.Execute(out, distance);
  if (out.length !== 1) return undefined;
  return out[0].map((p) => [p.X, p.Y] as Point);
}

/** Is (x, y) inside the convex quad (edges included)? */
export function insideConvex(quad: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < quad.length; i++) {
    const [x0, y0] = quad[i];
    const [x1, y1] = quad[(i + 1) % quad.length];
    const cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
    if (Math.abs(cross) < 1e-9) continue;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
