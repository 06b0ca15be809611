import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalSplits, extraDecimalSplits } from './decimal-splits.ts';
import { compareEvals, renderGate } from './gate-command.ts';

const evalJson = (f1: number, wsF1: number) => ({
  dataset: { name: 'real-public', n: 2 },
  models: [],
  overall: { n: 2, pages: { n: 2, precision: f1, recall: f1, f1, f1Pooled: f1, matchedCer: 0 }, englishWs: { pages: { n: 1, precision: wsF1, recall: wsF1, f1: wsF1, f1Pooled: wsF1, matchedCer: 0 } } },
  breakdown: { category: {}, kind: {} },
});

test('the gate fails a twin that merges English words although the whitespace-free figures pass', () => {
  // The third rec twin on real-public: page F1 0.9769 → 0.9767, English whitespace-aware 0.9836 → 0.9761.
  const [row] = compareEvals(evalJson(0.9769, 0.9836), evalJson(0.9767, 0.9761));
  assert.deepEqual(row.wsF1, [0.9836, 0.9761]);
  assert.equal(row.pass, false);
  assert.match(renderGate([row]), /0\.9836 → 0\.9761 \| -0\.0075 \| {2}\| \*\*fail\*\*/);
  // Within 0.002 it passes.
  assert.equal(compareEvals(evalJson(0.9769, 0.9836), evalJson(0.9767, 0.9820))[0].pass, true);
});

test('decimal splits: a space at the point counts, list numbers in the label and plain digit groups do not', () => {
  // Readings of the fourth rec twin on real-public's worksheet and lab report.
  assert.equal(decimalSplits('8. 29×100= 2. 97X3. 8='), 3);
  assert.equal(decimalSplits('体积为35 .1mL'), 1);
  assert.equal(decimalSplits('35.1 TEL: 138 7306 3230 1,234'), 0);
  assert.equal(extraDecimalSplits('1. 2019年 35. 1', '1. 2019年 35.1'), 1);
  assert.equal(extraDecimalSplits('35.1', '3. 5'), 0);
});

test('the gate fails a twin that splits decimals the fp32 reading keeps whole', () => {
  const withItems = (got: string[]) => ({ ...evalJson(0.9769, 0.9836), items: got.map((g) => ({ got: g, expected: '35.1 8.29' })) });
  const fp32 = withItems(['35.1 8.29', '35. 1 8.29']);
  const [one] = compareEvals(fp32, withItems(['35. 1 8.29', '35. 1 8.29']));
  assert.deepEqual(one.splits, [1, 2]);
  assert.equal(one.pass, true);
  const [three] = compareEvals(fp32, withItems(['35. 1 8. 29', '35. 1 8. 29']));
  assert.deepEqual(three.splits, [1, 4]);
  assert.equal(three.pass, false);
  assert.match(renderGate([three]), /\| 1 → 4 \| \*\*fail\*\* \|/);
});
