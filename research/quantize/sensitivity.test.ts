import assert from 'node:assert/strict';
import { test } from 'node:test';
import { greedyDecode, latinDigits, spaceEdits } from './sensitivity-command.ts';

test('greedy CTC decoding merges repeats and drops blanks, so a blank separates a doubled letter', () => {
  const charset = ['', 'a', 'b'];
  // steps: a a blank a b b  →  "aab"
  const best = [1, 1, 0, 1, 2, 2];
  const data = new Float32Array(best.length * 3);
  best.forEach((c, t) => (data[t * 3 + c] = 1));
  assert.equal(greedyDecode({ data, dims: [1, best.length, 3] }, charset), 'aab');
});

test('the Latin letters and digits of a reading are what a train number is made of', () => {
  assert.equal(latinDigits('G1418南昌西站'), 'G1418');
  assert.equal(latinDigits('￥81.0元'), '810');
});

test('spaces changed counts a space dropped or added between words, not a misread letter', () => {
  assert.equal(spaceEdits('shot typeannotation set', 'shot type annotation set'), 1);
  assert.equal(spaceEdits('46K shotsfrom 7858movies.', '46K shots from 7858 movies.'), 2);
  assert.equal(spaceEdits('shot tyqe annotation', 'shot type annotation'), 0);
  assert.equal(spaceEdits('G1418南昌西站', 'G1418 南昌西站'), 1);
});
