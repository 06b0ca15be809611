import { insideConvex, minAreaRect, unclip } from './geometry.ts';
import type { Point, Quad } from './types.ts';

export interface DbParams {
  /** Probability above which a pixel is text. */
  thresh: number;
  /** Minimum mean probability inside a box to keep it. */
  boxThresh: number;
  unclipRatio: number;
  /** Boxes whose short side is below this (in map pixels) are dropped; after unclip, below minSize + 2. */
  minSize: number;
  maxCandidates: number;
  /**
   * 'fast' scores the mean probability inside the fitted rectangle (PaddleOCR's default); 'region' scores
   * the mean over the region's own pixels, like PaddleOCR's 'slow' contour mode, so curved text whose
   * rectangle is mostly background is not dropped.
   */
  scoreMode: 'fast' | 'region';
}

/**
 * PaddleOCR's values except two, each measured with `npm run eval` on real-public pages: unclip 1.6
 * (RapidOCR's) and region scoring (curved text kept). Figures: docs/decisions/engine-defaults.md.
 */
export const DEFAULT_DB_PARAMS: DbParams = { thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.6, minSize: 3, maxCandidates: 1000, scoreMode: 'region' };

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

export interface ScoredQuad {
  quad: Quad;
  score: number;
}

/**
 * 8-connected components of the binarised map. For each component only the leftmost and rightmost pixel
 * of each row is kept: that is all the convex hull (and so the minimum-area rectangle) needs, and it keeps
 * huge regions cheap.
 */
export interface Region {
  /** Leftmost and rightmost pixel of each row. */
  outline: Point[];
  /** Mean probability over the region's pixels. */
  meanProb: number;
}

export function findRegions(map: ProbabilityMap, thresh: number): Region[] {
  const { data, width, height } = map;
  const label = new Int32Array(width * height);
  const regions: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== 0 || data[start] <= thresh) continue;
    const id = regions.length + 1;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let sum = 0;
    let count = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      sum += data[p];
      count++;
      if (!(rowMin.get(y)! <= x)) rowMin.set(y, x);
      if (!(rowMax.get(y)! >= x)) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] === 0 && data[q] > thresh) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    const pts: Point[] = [];
    for (const [y, x0] of rowMin) {
      pts.push([x0, y]);
      const x1 = rowMax.get(y)!;
      if (x1 !== x0) pts.push([x1, y]);
    }
    regions.push({ outline: pts, meanProb: sum / count });
  }
  return regions;
}

/** Mean probability over the pixels inside the quad (PaddleOCR's box_score_fast). */
export function boxScore(map: ProbabilityMap, quad: Quad): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(map.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(map.height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(quad, x, y)) continue;
      sum += map.data[y * map.width + x];
      n++;
    }
  }
  return n ? sum / n : 0;
}

/**
 * DB post-processing: binarise, take connected regions, fit a rotated rectangle to each, score it, unclip
 * it, fit again, and scale from map to destination coordinates. Pure: a probability map in, quads out.
 */
export function extractBoxes(map: ProbabilityMap, destWidth: number, destHeight: number, p: DbParams = DEFAULT_DB_PARAMS): ScoredQuad[] {
  const out: ScoredQuad[] = [];
  const sx = destWidth / map.width;
  const sy = destHeight / map.height;
  for (const region of findRegions(map, p.thresh).slice(0, p.maxCandidates)) {
    const rect = minAreaRect(region.outline);
    if (!rect || rect.shortSide < p.minSize) continue;
    const score = p.scoreMode === 'region' ? region.meanProb : boxScore(map, rect.quad);
    if (score < p.boxThresh) continue;
    const grown = unclip(rect.quad, p.unclipRatio);
    if (!grown) continue;
    const box = minAreaRect(grown);
    if (!box || box.shortSide < p.minSize + 2) continue;
    const quad = box.quad.map(([x, y]) => [
      Math.min(Math.max(Math.round(x * sx), 0), destWidth),
      Math.min(Math.max(Math.round(y * sy), 0), destHeight),
    ]) as Quad;
    out.push({ quad, score });
  }
  return out;
}
