import assert from 'node:assert/strict';
import { it } from 'node:test';
import { turnPoint, type Turn } from './rotate-set.ts';

it('turnPoint follows sharp: a 4x2 image turned clockwise moves its corners where the pixels go', () => {
  // The top-left corner (0,0) of a 4 wide, 2 high image; the turned image is 2x4 for 90/270.
  const cases: { deg: Turn; want: [number, number][] }[] = [
    { deg: 90, want: [[2, 0], [2, 4], [0, 4], [0, 0]] },
    { deg: 180, want: [[4, 2], [0, 2], [0, 0], [4, 0]] },
    { deg: 270, want: [[0, 4], [0, 0], [2, 0], [2, 4]] },
  ];
  const corners: [number, number][] = [[0, 0], [4, 0], [4, 2], [0, 2]];
  for (const c of cases) assert.deepEqual(corners.map((p) => turnPoint(p, c.deg, 4, 2)), c.want, `turn ${c.deg}`);
});
