import assert from 'node:assert/strict';
import { test } from 'node:test';
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
  assert.match(renderGate([row]), /0\.9836 → 0\.9761 \| -0\.0075 \| \*\*fail\*\*/);
  // Within 0.002 it passes.
  assert.equal(compareEvals(evalJson(0.9769, 0.9836), evalJson(0.9767, 0.9820))[0].pass, true);
});
