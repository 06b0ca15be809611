import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeDoubledDegree } from './reading-fixes.ts';

test('a degree sign read before ℃ or ℉ is dropped; others stay', () => {
  const fix = (text: string) => mergeDoubledDegree({ text, confidence: 0.9 });
  assert.deepEqual(fix('室温：20°℃～25°℃'), { text: '室温：20℃～25℃', confidence: 0.9 });
  assert.equal(fix('180°℃/356°℉').text, '180℃/356℉');
  assert.equal(fix('30°C 45° 90°N ℃').text, '30°C 45° 90°N ℃');
  assert.equal(fix('-40°℃').text.normalize('NFKC'), '-40°C');
});
