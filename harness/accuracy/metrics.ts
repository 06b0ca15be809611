import { distance } from 'fastest-levenshtein';
import { chars, normalizeText, type WhitespaceRule } from './normalize.ts';

/** Edit distance counted in code points, not UTF-16 units (astral CJK would otherwise count twice). */
export function editDistance(a: string, b: string): number {
  if (a.length === chars(a).length && b.length === chars(b).length) return distance(a, b);
  // Map each distinct code point to one BMP private-use char so the library still counts code points.
  const table = new Map<string, string>();
  const encode = (s: string) =>
    chars(s)
      .map((c) => {
        let m = table.get(c);
        if (!m) table.set(c, (m = String.fromCharCode(0xe000 + table.size)));
        return m;
      })
      .join('');
  return distance(encode(a), encode(b));
}

export interface LineScore {
  /** Edit operations needed to turn the prediction into the label. */
  edits: number;
  /** Characters in the normalised label. */
  refChars: number;
  exact: boolean;
}

export function scoreLine(predicted: string, expected: string, ws: WhitespaceRule = 'remove'): LineScore {
  const p = normalizeText(predicted, ws);
  const e = normalizeText(expected, ws);
  return { edits: editDistance(p, e), refChars: chars(e).length, exact: p === e };
}

export interface PageScore {
  /** Characters common to both bags (multiset intersection). */
  common: number;
  predChars: number;
  refChars: number;
  precision: number;
  recall: number;
  f1: number;
  /** Edits and label characters over predicted lines matched one-to-one to labeled lines. */
  matchedEdits: number;
  matchedRefChars: number;
}

function bag(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of chars(text)) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/**
 * Order-free page score: bag-of-characters precision/recall/F1 over all lines, because how a row is
 * split into segments is a labeling choice (shared/datasets/README.md). Plus CER over lines matched
 * greedily by lowest normalised edit distance, each labeled and predicted line used at most once.
 */
export function scorePage(predicted: string[], expected: string[], ws: WhitespaceRule = 'remove'): PageScore {
  const pred = predicted.map((t) => normalizeText(t, ws)).filter(Boolean);
  const ref = expected.map((t) => normalizeText(t, ws)).filter(Boolean);
  const pb = bag(pred.join(''));
  let common = 0;
  for (const [c, n] of bag(ref.join(''))) common += Math.min(n, pb.get(c) ?? 0);
  const predChars = chars(pred.join('')).length;
  const refChars = chars(ref.join('')).length;
  const precision = predChars ? common / predChars : refChars ? 0 : 1;
  const recall = refChars ? common / refChars : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;

  const pairs: { i: number; j: number; d: number; rate: number }[] = [];
  ref.forEach((r, i) =>
    pred.forEach((p, j) => {
      const d = editDistance(p, r);
      pairs.push({ i, j, d, rate: d / Math.max(1, chars(r).length) });
    }),
  );
  pairs.sort((a, b) => a.rate - b.rate || a.i - b.i || a.j - b.j);
  const usedRef = new Set<number>();
  const usedPred = new Set<number>();
  let matchedEdits = 0;
  for (const { i, j, d } of pairs) {
    if (usedRef.has(i) || usedPred.has(j)) continue;
    usedRef.add(i);
    usedPred.add(j);
    matchedEdits += d;
  }
  // A labeled line with no prediction costs all its characters.
  for (let i = 0; i < ref.length; i++) if (!usedRef.has(i)) matchedEdits += chars(ref[i]).length;
  return { common, predChars, refChars, precision, recall, f1, matchedEdits, matchedRefChars: refChars };
}
