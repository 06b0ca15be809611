import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { CtcResult } from './ctc-decode.ts';
import { fixLetterDigit, fixTimesSign, mergeDoubledDegree } from './reading-fixes.ts';

test('a degree sign read before ℃ or ℉ is dropped; others stay', () => {
  const fix = (text: string) => mergeDoubledDegree({ text, confidence: 0.9 });
  assert.deepEqual(fix('室温：20°℃～25°℃'), { text: '室温：20℃～25℃', confidence: 0.9 });
  assert.equal(fix('180°℃/356°℉').text, '180℃/356℉');
  assert.equal(fix('30°C 45° 90°N ℃').text, '30°C 45° 90°N ℃');
  assert.equal(fix('-40°℃').text.normalize('NFKC'), '-40°C');
});

describe('fixLetterDigit', () => {
  /** The characters at the keys of `alts` had that runner-up at probability p. */
  const read = (text: string, alts: Record<number, string>, p = 0.2): CtcResult => ({
    text,
    confidence: 0.9,
    alternatives: Object.entries(alts).map(([at, char]) => ({ at: Number(at), char, p })),
  });
  const fix = (r: CtcResult, minP = 0.01) => fixLetterDigit(r, minP).text;

  it('turns digits inside a lower-case word into their runner-up letters', () => {
    assert.equal(fix(read('收费站 To11 Station', { 6: 'l', 7: 'l' })), '收费站 Toll Station');
    assert.equal(fix(read('Appr0va1:052723', { 4: 'o', 7: 'l', 9: 'O' })), 'Approval:052723');
    assert.equal(fix(read('0rder 113533', { 0: 'O', 6: 'l' })), 'Order 113533');
    assert.equal(fix(read('daily 1abe1 room', { 6: 'l', 10: 'l' })), 'daily label room');
  });

  it('turns a letter between two digits into its runner-up digit', () => {
    assert.equal(fix(read('letter 22o7K', { 9: '0' })), 'letter 2207K');
    assert.equal(fix(read('Pull 5l20', { 6: '1' })), 'Pull 5120');
  });

  it('leaves numbers, codes and lost word gaps alone', () => {
    // A two-digit run at a word's start is a number before a lost space; capitals neighbour codes and quantities.
    assert.equal(fix(read('itemail,11when', { 8: 'l', 9: 'l' })), 'itemail,11when');
    assert.equal(fix(read('1Grande Meal', { 0: 'I' })), '1Grande Meal');
    // A version or a factor: one letter is no word.
    assert.equal(fix(read('v1.5.8', { 1: 'l' })), 'v1.5.8');
    assert.equal(fix(read('0r 357K', { 0: 'O' })), '0r 357K');
    assert.equal(fix(read('G1418', { 1: 'I' })), 'G1418');
    assert.equal(fix(read('IS0400', { 2: 'O', 0: '1' })), 'IS0400');
    assert.equal(fix(read('H0D89', { 1: 'O' })), 'H0D89');
    assert.equal(fix(read('2O23', { 1: '0' })), '2023', 'the letter side of the rule, for contrast');
  });

  it('needs the runner-up to reach minP, and keeps the confidence', () => {
    assert.equal(fix(read('Schoo1', { 5: 'l' }, 0.005)), 'Schoo1');
    assert.equal(fix(read('Schoo1', { 5: 'l' }, 0.02)), 'School');
    const r = fixLetterDigit(read('Schoo1', { 5: 'l' }), 0.01);
    assert.deepEqual(r, { text: 'School', confidence: 0.9 });
  });

  it('only swaps the pairs it knows', () => {
    assert.equal(fix(read('abc5de', { 3: 's' })), 'abc5de');
    assert.equal(fix(read('Tota1', { 4: 'i' })), 'Tota1');
  });
});

describe('fixTimesSign', () => {
  /** The characters at the keys of `alts` had `×` as runner-up at that probability. */
  const read = (text: string, alts: Record<number, number>): CtcResult => ({
    text,
    confidence: 0.9,
    alternatives: Object.entries(alts).map(([at, p]) => ({ at: Number(at), char: '×', p })),
  });
  const fix = (r: CtcResult, minP = 0.2) => fixTimesSign(r, minP).text;

  it('turns X or x between two digits of a sum into ×', () => {
    // real-public's worksheet read `0X4.23=`, `2.8X10=` and `2.97X3.8=` with × at 0.39, 0.34 and 0.21.
    assert.equal(fix(read('0X4.23=', { 1: 0.39 })), '0×4.23=');
    assert.equal(fix(read('2.97X3.8=', { 4: 0.21 })), '2.97×3.8=');
    assert.equal(fix(read('面积=6x4=24平方米', { 4: 0.47 })), '面积=6×4=24平方米');
  });

  it('leaves letters outside sums, beside non-digits, or with × below minP', () => {
    assert.equal(fix(read('20X30cm', { 2: 0.5 })), '20X30cm', 'no = after it: a size');
    assert.equal(fix(read('x=4X', { 0: 0.5, 3: 0.5 })), 'x=4X', 'not between two digits');
    assert.equal(fix(read('3X+5=20', { 1: 0.5 })), '3X+5=20');
    assert.equal(fix(read('2X4=8', { 1: 0.05 })), '2X4=8', 'a true letter: × at or below 0.054 in the first study');
    assert.equal(fix(read('2X4=8', { 1: 0.5 }), 0), '2X4=8', '0 is off');
  });

  it('keeps the confidence and the runner-ups for the letter/digit fix', () => {
    const r = read('7x8=56', { 1: 0.48 });
    assert.deepEqual(fixTimesSign(r, 0.2), { ...r, text: '7×8=56' });
  });
});
