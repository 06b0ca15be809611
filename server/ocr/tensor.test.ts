import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeNchw } from './tensor.ts';

// One 2x1 image: a red pixel and a white one.
const img = { data: new Uint8Array([255, 0, 0, 255, 255, 255]), width: 2, height: 1 };
const half = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } as const;

describe('writeNchw', () => {
  it('BGR order puts the blue channel in plane 0, padding stays 0', () => {
    const t = new Float32Array(3 * 3);
    writeNchw(t, 0, img, 3, 1, half, 'BGR');
    assert.deepEqual([...t], [-1, 1, 0, -1, 1, 0, 1, 1, 0]);
  });
  it('RGB order keeps red in plane 0', () => {
    const t = new Float32Array(3 * 2);
    writeNchw(t, 0, img, 2, 1, half, 'RGB');
    assert.deepEqual([...t], [1, 1, -1, 1, -1, 1]);
  });
  it('writes the n-th item of a batch', () => {
    const t = new Float32Array(2 * 3 * 2);
    writeNchw(t, 1, img, 2, 1, half, 'RGB');
    assert.deepEqual([...t.subarray(0, 6)], [0, 0, 0, 0, 0, 0]);
    assert.deepEqual([...t.subarray(6)], [1, 1, -1, 1, -1, 1]);
  });
  it('one-channel models get BT.601 luma', () => {
    const t = new Float32Array(2);
    writeNchw(t, 0, img, 2, 1, half, 'RGB', 1);
    assert.ok(Math.abs(t[0] - ((0.299 * 255) / 255 - 0.5) / 0.5) < 1e-6);
    assert.ok(Math.abs(t[1] - 1) < 1e-6);
  });
});
