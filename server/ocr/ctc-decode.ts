export interface CtcResult {
  text: string;
  /** Mean of the kept frames' top probability; 0 when nothing was kept. */
  confidence: number;
}

/**
 * Best-path CTC decoding (Graves et al., 2006): take the most likely class per frame, merge runs of the
 * same class, drop the blank (class 0). `probs` holds `frames` rows of `classes` values for one line;
 * `charset[k]` is the text of class k. Logits work too when `softmax` is set (a raw CRNN head).
 */
export function ctcDecode(
  probs: Float32Array,
  frames: number,
  classes: number,
  charset: readonly string[],
  { offset = 0, softmax = false }: { offset?: number; softmax?: boolean } = {},
): CtcResult {
  let text = '';
  let confSum = 0;
  let kept = 0;
  let prev = -1;
  for (let t = 0; t < frames; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = probs[row];
    for (let k = 1; k < classes; k++) {
      const p = probs[row + k];
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== prev) {
      text += charset[best] ?? '';
      confSum += softmax ? softmaxAt(probs, row, classes, bestP) : bestP;
      kept++;
    }
    prev = best;
  }
  return { text, confidence: kept ? confSum / kept : 0 };
}

/** Probability of the top logit: 1 / sum(exp(l_k - l_max)). */
function softmaxAt(logits: Float32Array, row: number, classes: number, max: number): number {
  let s = 0;
  for (let k = 0; k < classes; k++) s += Math.exp(logits[row + k] - max);
  return 1 / s;
}
