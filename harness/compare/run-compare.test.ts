import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOrder } from './run-compare.ts';

test('engines run in ABBA order across repeats: as given, reversed, as given', () => {
  const engines = ['ours-fast', 'ours', 'ppu'];
  assert.deepEqual([1, 2, 3, 4].map((rep) => engineOrder(engines, rep)), [engines, [...engines].reverse(), engines, [...engines].reverse()]);
  assert.deepEqual(engines, ['ours-fast', 'ours', 'ppu'], 'the given list is left as it was');
});
