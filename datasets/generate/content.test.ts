import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outsideCharset } from './charset.ts';
import { detectLang, wrapText } from './content.ts';
import { moneyUpper } from './fake.ts';
import * as phrases from './phrases.ts';
import { planCategories } from './sets.ts';

test('every phrase list stays inside the recognizer charset', () => {
  for (const [name, list] of Object.entries(phrases)) {
    const text = JSON.stringify(list).replace(/[\\"{}[\],:]/g, '');
    assert.deepEqual(outsideCharset(text), [], name);
  }
});

test('outsideCharset finds characters the recognizer cannot output', () => {
  assert.deepEqual(outsideCharset('发票 No.1 ＠😀'), ['＠', '😀']);
});

describe('moneyUpper (价税合计大写)', () => {
  const cases = [
    { input: 0, want: '零圆整' },
    { input: 7, want: '柒圆整' },
    { input: 10, want: '壹拾圆整' },
    { input: 105.5, want: '壹佰零伍圆伍角' },
    { input: 1230.06, want: '壹仟贰佰叁拾圆零陆分' },
    { input: 20000, want: '贰万圆整' },
    { input: 10203.4, want: '壹万零贰佰零叁圆肆角' },
  ];
  for (const { input, want } of cases) test(String(input), () => assert.equal(moneyUpper(input), want));
});

describe('wrapText', () => {
  const cases = [
    { name: 'empty', input: ['', 5], want: [] },
    { name: 'CJK cut at the width', input: ['一二三四五六七', 3], want: ['一二三', '四五六', '七'] },
    { name: 'English breaks at spaces, not inside words', input: ['Please submit the report', 8], want: ['Please submit', 'the report'] },
    { name: 'numbers stay whole', input: ['合计12345.50元', 6], want: ['合计', '12345.50元'] },
  ] as const;
  for (const { name, input, want } of cases) test(name, () => assert.deepEqual(wrapText(input[0], input[1]), want));
});

test('detectLang', () => {
  assert.equal(detectLang(['发票号码']), 'zh');
  assert.equal(detectLang(['Total amount']), 'en');
  assert.equal(detectLang(['出口 EXIT']), 'mixed');
  assert.equal(detectLang(['合计 12.50']), 'zh');
});

test('planCategories gives exact shares and is seeded', () => {
  const plan = planCategories({ a: 0.5, b: 0.3, c: 0.2 }, 477, 1);
  const n = (k: string) => plan.filter((x) => x === k).length;
  assert.deepEqual([n('a'), n('b'), n('c'), plan.length], [239, 143, 95, 477]);
  assert.deepEqual(planCategories({ a: 0.5, b: 0.3, c: 0.2 }, 477, 1), plan);
  assert.notDeepEqual(planCategories({ a: 0.5, b: 0.3, c: 0.2 }, 477, 2), plan);
});
