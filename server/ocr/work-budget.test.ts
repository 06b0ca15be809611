import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcrError } from './errors.ts';
import { recognizerFrames, REC_WINDOW } from './recognize.ts';
import { createWorkMeter } from './work-budget.ts';

const codeOf = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof OcrError);
    return e.code;
  }
};
const budget = { maxDetPixels: 1000, maxRecFrames: 100, maxLineFrames: 40 };

test('the meter refuses a line over its own bound before counting it, and the request over its budget', () => {
  const m = createWorkMeter(budget);
  assert.equal(codeOf(() => m.recognize([41])), 'line_too_long');
  assert.equal(m.spent.recFrames, 0);
  assert.equal(codeOf(() => m.recognize([40, 40])), 'ok');
  assert.equal(codeOf(() => m.recognize([21])), 'work_budget_exceeded');
  assert.equal(codeOf(() => m.detect(1000)), 'ok');
  assert.equal(codeOf(() => m.detect(1)), 'work_budget_exceeded');
});

test('once its signal aborts, every check throws work_abandoned', () => {
  const stop = { aborted: false };
  const m = createWorkMeter(budget, stop);
  assert.equal(codeOf(() => m.check()), 'ok');
  stop.aborted = true;
  assert.equal(codeOf(() => m.check()), 'work_abandoned');
  assert.equal(codeOf(() => m.recognize([1])), 'work_abandoned');
  assert.equal(codeOf(() => m.detect(1)), 'work_abandoned');
});

test('recognizer frames: short lines count the padded width, wide ones their windows', () => {
  const spec = { input: { height: 48, width: 320 } } as Parameters<typeof recognizerFrames>[1];
  assert.equal(recognizerFrames({ width: 100, height: 48 }, spec), 320 / 8);
  assert.equal(recognizerFrames({ width: 1280, height: 48 }, spec), 1280 / 8);
  // 10000x20 is 24000 columns at 48 px: windows of REC_WINDOW.width, more than the bare width.
  const wide = recognizerFrames({ width: 10_000, height: 20 }, spec);
  assert.ok(wide >= 24_000 / 8 && wide % (REC_WINDOW.width / 8) === 0, String(wide));
});
