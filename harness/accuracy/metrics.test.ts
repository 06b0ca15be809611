import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeText } from './normalize.ts';
import { editDistance, scoreLine, scorePage } from './metrics.ts';

describe('normalizeText', () => {
  const cases = [
    { name: 'NFKC folds full-width punctuation and digits', input: '￥８１．０元，', ws: 'remove', want: '¥81.0元,' },
    { name: 'remove drops every whitespace', input: ' 宜春 站\t G1418 ', ws: 'remove', want: '宜春站G1418' },
    { name: 'collapse keeps single spaces', input: '  Hello   world \n', ws: 'collapse', want: 'Hello world' },
    { name: 'empty stays empty', input: '', ws: 'remove', want: '' },
  ] as const;
  for (const c of cases) it(c.name, () => assert.equal(normalizeText(c.input, c.ws), c.want));
});

describe('editDistance', () => {
  const cases = [
    { name: 'identical', a: '中国人', b: '中国人', want: 0 },
    { name: 'one substitution', a: '中国人', b: '中囯人', want: 1 },
    { name: 'insert and delete', a: 'abc', b: 'xabcy', want: 2 },
    { name: 'empty side', a: '', b: '你好', want: 2 },
    { name: 'astral characters count once', a: '𠀀𠀁', b: '𠀀', want: 1 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(editDistance(c.a, c.b), c.want));
});

describe('scoreLine', () => {
  it('ignores width and whitespace differences', () => {
    assert.deepEqual(scoreLine('我是 中国人！', '我是中国人!'), { edits: 0, refChars: 6, exact: true });
  });
  it('counts edits against the label length', () => {
    assert.deepEqual(scoreLine('Hel1o', 'Hello'), { edits: 1, refChars: 5, exact: false });
  });
  it('whitespace-aware English counts a missing space', () => {
    assert.equal(scoreLine('Helloworld', 'Hello world', 'collapse').edits, 1);
  });
});

describe('scorePage', () => {
  it('is order-free and split-free', () => {
    const s = scorePage(['¥81.0元', '宜春站 G1418'], ['宜春站', 'G1418', '￥81.0元']);
    assert.equal(s.f1, 1);
    assert.equal(s.precision, 1);
  });
  it('penalises extra and missing characters', () => {
    const s = scorePage(['abcx'], ['abcd']);
    assert.equal(s.common, 3);
    assert.equal(s.precision, 0.75);
    assert.equal(s.recall, 0.75);
    assert.equal(s.matchedEdits, 1);
  });
  it('a labeled line with no prediction costs all its characters', () => {
    const s = scorePage(['hello'], ['hello', 'world']);
    assert.equal(s.matchedEdits, 5);
    assert.equal(s.matchedRefChars, 10);
  });
  it('empty prediction on a non-empty page scores zero', () => {
    const s = scorePage([], ['abc']);
    assert.equal(s.f1, 0);
    assert.equal(s.recall, 0);
  });
});
