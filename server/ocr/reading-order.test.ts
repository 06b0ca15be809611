import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapQuadToOriginal } from './preprocess.ts';
import { readingOrder } from './reading-order.ts';
import type { Quad } from './types.ts';

const box = (x: number, y: number, w: number, h: number): Quad => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

describe('readingOrder', () => {
  const cases: { name: string; input: Quad[]; want: number[] }[] = [
    { name: 'empty', input: [], want: [] },
    { name: 'top to bottom', input: [box(0, 50, 100, 20), box(0, 0, 100, 20)], want: [1, 0] },
    { name: 'same row, left to right, despite a slight tilt', input: [box(200, 4, 80, 20), box(0, 0, 100, 20)], want: [1, 0] },
    {
      name: 'a price right of an item stays on its row',
      input: [box(0, 0, 200, 20), box(300, 2, 50, 20), box(0, 30, 200, 20), box(300, 31, 50, 20)],
      want: [0, 1, 2, 3],
    },
    { name: 'rows that touch but barely overlap stay apart', input: [box(100, 18, 50, 20), box(0, 0, 50, 20)], want: [1, 0] },
    { name: 'large sign text and small print on one row', input: [box(300, 30, 60, 15), box(0, 0, 200, 80)], want: [1, 0] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(readingOrder(c.input), c.want));
});

describe('mapQuadToOriginal', () => {
  it('replays the downscale and clamps to the image', () => {
    const t = { scaleX: 2, scaleY: 2.5, applied: ['resize'] };
    assert.deepEqual(mapQuadToOriginal(box(10, 10, 20, 4), t, 100, 100), [[20, 25], [60, 25], [60, 35], [20, 35]]);
    assert.deepEqual(mapQuadToOriginal(box(-5, 30, 80, 20), t, 100, 100), [[0, 75], [100, 75], [100, 100], [0, 100]]);
  });
});
