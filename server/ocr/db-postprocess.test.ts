import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractBoxes, findRegions, type ProbabilityMap } from './db-postprocess.ts';
import { minAreaRect, orderQuad, unclip } from './geometry.ts';

/** A hand-made probability map: background 0, each rectangle [x0, y0, x1, y1) filled with p. */
function map(width: number, height: number, rects: [number, number, number, number, number][]): ProbabilityMap {
  const data = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, p] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = p;
  return { data, width, height };
}

describe('findRegions', () => {
  it('finds nothing on an empty map', () => assert.deepEqual(findRegions(map(20, 10, []), 0.3), []));
  it('joins diagonal neighbours (8-connectivity) and keeps separate blobs apart', () => {
    const m = map(20, 10, [[1, 1, 2, 2, 0.9], [2, 2, 3, 3, 0.9], [10, 5, 14, 7, 0.5]]);
    const regions = findRegions(m, 0.3);
    assert.equal(regions.length, 2);
    assert.ok(Math.abs(regions[0].meanProb - 0.9) < 1e-6);
    assert.ok(Math.abs(regions[1].meanProb - 0.5) < 1e-6);
  });
  it('ignores pixels below the threshold', () => assert.equal(findRegions(map(10, 10, [[0, 0, 5, 5, 0.2]]), 0.3).length, 0));
});

describe('extractBoxes', () => {
  const cases: { name: string; m: ProbabilityMap; dest: [number, number]; want: number }[] = [
    { name: 'empty map gives no boxes', m: map(64, 32, []), dest: [64, 32], want: 0 },
    { name: 'one text line gives one box', m: map(64, 32, [[8, 10, 56, 20, 0.9]]), dest: [64, 32], want: 1 },
    { name: 'two lines give two boxes', m: map(64, 64, [[8, 8, 56, 16, 0.9], [8, 40, 40, 50, 0.8]]), dest: [64, 64], want: 2 },
    { name: 'a region scoring below boxThresh is dropped', m: map(64, 32, [[8, 10, 56, 20, 0.5]]), dest: [64, 32], want: 0 },
    { name: 'a 2-pixel sliver is dropped (minSize 3)', m: map(64, 32, [[8, 10, 56, 12, 0.95]]), dest: [64, 32], want: 0 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(extractBoxes(c.m, ...c.dest).length, c.want));

  it('grows the kernel by the unclip distance and scales to the destination', () => {
    // Kernel 48 x 10 pixels (outline 47 x 9): D = A * 1.6 / L = 423 * 1.6 / 112 ≈ 6.04.
    const [box] = extractBoxes(map(64, 32, [[8, 10, 56, 20, 0.9]]), 128, 64);
    const [tl, tr, br, bl] = box.quad;
    assert.ok(Math.abs(tl[0] - 2 * (8 - 6)) <= 2, `left ${tl[0]}`);
    assert.ok(Math.abs(tr[0] - 2 * (55 + 6)) <= 2, `right ${tr[0]}`);
    assert.ok(Math.abs(tl[1] - 2 * (10 - 6)) <= 2, `top ${tl[1]}`);
    assert.ok(Math.abs(bl[1] - 2 * (19 + 6)) <= 2, `bottom ${bl[1]}`);
    assert.equal(br[0], tr[0]);
    assert.ok(box.score > 0.89);
  });

  it('keeps a box inside the destination image', () => {
    const [box] = extractBoxes(map(32, 16, [[0, 0, 32, 8, 0.9]]), 32, 16);
    for (const [x, y] of box.quad) assert.ok(x >= 0 && x <= 32 && y >= 0 && y <= 16);
  });
});

describe('geometry', () => {
  it('orderQuad orders any permutation as tl, tr, br, bl', () => {
    assert.deepEqual(orderQuad([[10, 5], [0, 5], [10, 0], [0, 0]]), [[0, 0], [10, 0], [10, 5], [0, 5]]);
  });
  it('minAreaRect of a rotated square finds the square, not its bounding box', () => {
    const r = minAreaRect([[5, 0], [10, 5], [5, 10], [0, 5]])!;
    assert.ok(Math.abs(r.shortSide - Math.SQRT2 * 5) < 1e-9);
  });
  it('minAreaRect of collinear points has a zero short side', () => {
    assert.equal(minAreaRect([[0, 0], [5, 0], [9, 0]])!.shortSide, 0);
  });
  it('unclip of a degenerate polygon gives nothing', () => assert.equal(unclip([[0, 0], [0, 0], [0, 0], [0, 0]], 1.5), undefined));
});
