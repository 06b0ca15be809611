import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply, compose, invert, planWarp, rotate, scale, translate, warp, type Mat3 } from './geometry.ts';

const close = (a: number[], b: number[], eps = 1e-6) => a.every((v, i) => Math.abs(v - b[i]) < eps);

test('rotate(90) turns +x into +y (clockwise on a y-down screen)', () => {
  assert.ok(close(apply(rotate(90), [1, 0]), [0, 1]));
});

test('compose applies left to right', () => {
  const m = compose(translate(10, 0), scale(2));
  assert.deepEqual(apply(m, [1, 1]), [22, 2]);
});

test('invert undoes a projective transform', () => {
  const m: Mat3 = [1.1, 0.2, 5, -0.1, 0.9, 3, 2e-4, -1e-4, 1];
  const p = apply(invert(m), apply(m, [123, 45]));
  assert.ok(close(p, [123, 45]));
});

test('planWarp of a 90° turn swaps the size and keeps every corner inside', () => {
  const { m, width, height } = planWarp(200, 100, { rotateDeg: 90, px: 0, py: 0, scale: 1 });
  assert.deepEqual([width, height], [100, 200]);
  for (const p of [[0, 0], [200, 0], [200, 100], [0, 100]] as [number, number][]) {
    const [x, y] = apply(m, p);
    assert.ok(x > -1e-6 && y > -1e-6 && x < 100 + 1e-6 && y < 200 + 1e-6);
  }
});

test('warp by the identity returns the same pixels; outside pixels get the fill', () => {
  const src = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 7 % 256);
  assert.deepEqual(warp(src, 4, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1], 4, 3, [0, 0, 0]), src);
  const shifted = warp(src, 4, 3, translate(2, 0), 4, 3, [9, 9, 9]);
  assert.deepEqual([...shifted.subarray(0, 3)], [9, 9, 9]);
  assert.deepEqual([...shifted.subarray(6, 9)], [...src.subarray(0, 3)]);
});
