import type { CtcResult } from './ctc-decode.ts';

/**
 * The PP-OCR charsets hold `℃` and `℉` as one class each, and a printed `°C` is read as the degree sign
 * followed by that class: `25°℃` (NFKC `25°°C`), a degree sign too many. Rendered `°C` lines, 7 fonts x 8
 * texts x 2 sizes, 112 lines (none from an evaluation set): 86 read `°℃`, 16 `℃`, 9 `°C`. `°℃` is never
 * printed text, so the sign the model added is dropped and its composed class kept.
 */
const DOUBLED_DEGREE = /°([℃℉])/gu;

export function mergeDoubledDegree(r: CtcResult): CtcResult {
  return r.text.includes('°') ? { ...r, text: r.text.replace(DOUBLED_DEGREE, '$1') } : r;
}

/**
 * Digits and letters the recognizer confuses in some fonts, and what each may be turned into. Only these:
 * 5/S and 8/B were tried too, and turned `4o5iK` into `4osiK` and a taxpayer number's `N0B7K` into `N087K`.
 */
export const LETTER_DIGIT_CONFUSABLE: Readonly<Record<string, readonly string[]>> = {
  '0': ['O', 'o'],
  '1': ['l', 'I'],
  O: ['0'],
  o: ['0'],
  l: ['1'],
  I: ['1'],
};

/** Letters a printed multiplication sign is read as (fixTimesSign; threshold in ENGINE_DEFAULTS.recTimesSignMinP). */
export const TIMES_SIGN_CONFUSABLE: Readonly<Record<string, readonly string[]>> = { X: ['×'], x: ['×'] };

const DIGIT = /^[0-9]$/;
const LETTER = /^[A-Za-z]$/;
const LOWER = /^[a-z]$/;
/** Outside a word: a string end, a space, punctuation, a Han character. */
const outside = (c: string | undefined) => c === undefined || !/^[A-Za-z0-9]$/.test(c);

/**
 * Turns a digit read inside a lower-case word into the letter the model had as its runner-up (`To11` →
 * `Toll`, `Appr0va1` → `Approval`, `1abe1` → `label`), and a letter read between two digits into the digit
 * (`22o7` → `2207`), when the model gave that runner-up at least `minP` on the character's frames.
 * Best-path decoding reads one character at a time; this is the word's own context, which it lacks.
 * - A run of such digits turns when each side is a lower-case letter or outside the word, at least one side
 *   is a letter, the word holds two letters besides the run (`v1.5.8` is a version, `x10` a factor), and a
 *   run at the start of a word is one character long (`,11when` is a number before a lost space, `1ine` is
 *   a word). Upper-case neighbours do not count: `G1418`, `B2390` and taxpayer numbers mix capitals and
 *   digits, and `1Grande Meal` is a quantity before a lost space.
 * - A run of such letters turns only between two digits.
 * The confidence stays the model's.
 */
export function fixLetterDigit(r: CtcResult, minP: number): CtcResult {
  const { alternatives, ...plain } = r;
  if (!alternatives?.length) return plain;
  const text = r.text;
  const swap = new Map<number, string>();
  for (const a of alternatives) if (a.p >= minP && LETTER_DIGIT_CONFUSABLE[text[a.at]]?.includes(a.char)) swap.set(a.at, a.char);
  if (!swap.size) return plain;
  const out = text.split('');
  const turns = (i: number, from: RegExp) => swap.has(i) && from.test(text[i]);
  for (let i = 0; i < text.length; i++) {
    const from = DIGIT.test(text[i]) ? DIGIT : LETTER;
    if (!turns(i, from)) continue;
    let j = i;
    while (turns(j, from)) j++;
    const before = text[i - 1];
    const after = text[j];
    const fits =
      from === DIGIT
        ? (LOWER.test(before) || (outside(before) && j - i === 1)) &&
          (LOWER.test(after) || outside(after)) &&
          (LOWER.test(before) || LOWER.test(after)) &&
          lettersAround(text, i, j) >= 2
        : DIGIT.test(before) && DIGIT.test(after);
    if (fits) for (let k = i; k < j; k++) out[k] = swap.get(k)!;
    i = j - 1;
  }
  return { ...plain, text: out.join('') };
}

/**
 * Turns an `X` or `x` read between two digits of a sum into `×` (`2.8X10=` → `2.8×10=`) when the model gave
 * the sign at least `minP` there. A sum is a line with `=` after the letter: `20X30cm`, `4X6`
 * and taxpayer numbers hold a letter between digits too and are left as read. Run before fixLetterDigit,
 * which drops the runner-ups.
 */
export function fixTimesSign(r: CtcResult, minP: number): CtcResult {
  if (!(minP > 0) || !r.alternatives?.length) return r;
  const text = r.text;
  let out: string[] | undefined;
  for (const a of r.alternatives) {
    if (a.char !== '×' || a.p < minP || !TIMES_SIGN_CONFUSABLE[text[a.at]]) continue;
    if (!DIGIT.test(text[a.at - 1] ?? '') || !DIGIT.test(text[a.at + 1] ?? '') || !text.includes('=', a.at)) continue;
    out ??= text.split('');
    out[a.at] = '×';
  }
  return out ? { ...r, text: out.join('') } : r;
}

/** Letters in the word around text[i..j), the run itself left out. */
function lettersAround(text: string, i: number, j: number): number {
  let n = 0;
  for (let k = i - 1; k >= 0 && !outside(text[k]); k--) if (LETTER.test(text[k])) n++;
  for (let k = j; k < text.length && !outside(text[k]); k++) if (LETTER.test(text[k])) n++;
  return n;
}
