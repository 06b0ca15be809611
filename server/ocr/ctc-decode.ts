/** The runner-up the model gave a character it read: the best of its confusable classes over the character's frames. */
export interface Alternative {
  /** Index of the character in `text` (UTF-16 units). */
  at: number;
  char: string;
  /** Highest probability the model gave `char` on any frame of the character's run. */
  p: number;
}

export interface CtcResult {
  text: string;
  /** Mean of the kept frames' top probability; 0 when nothing was kept. */
  confidence: number;
  /** With CtcOptions.confusable: every character read as a class of that map, with its runner-up. */
  alternatives?: Alternative[];
}

export interface CtcOptions {
  /** Where this line's rows start in `probs` (the n-th line of a batch). */
  offset?: number;
  /** `probs` holds logits (a raw CRNN head): confidences go through softmax. */
  softmax?: boolean;
  /**
   * The space class and a weight on its probability against the blank's (1 = plain best path). A word gap in
   * small or tightly set print often leaves the space second to the blank; weighting it is ASR's
   * word-insertion bonus. The weight only turns blank frames into spaces, never a character, and a space it
   * adds is kept only between two letters or digits (`GATES CLOSE`, `MU 2379`), never between two digits or
   * two Han characters and never beside punctuation, so numbers (`1.5`, `8.29×100`) and Chinese text are not
   * split. Such a space does not count in the confidence: that stays the model's own, for every rule that
   * reads it. Chosen in ENGINE_DEFAULTS.recSpaceWeight.
   */
  space?: { cls: number; weight: number };
  /** Classes whose runner-ups to report (class → the classes it is confused with): see reading-fixes.ts. */
  confusable?: ReadonlyMap<number, readonly number[]>;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const DIGIT = /^\p{N}$/u;
const HAN = /^\p{Script=Han}$/u;

/** May a space the weight added stand between `a` and `b`? */
function addedSpaceFits(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || !LETTER_OR_DIGIT.test(a) || !LETTER_OR_DIGIT.test(b)) return false;
  return !(DIGIT.test(a) && DIGIT.test(b)) && !(HAN.test(a) && HAN.test(b));
}

/**
 * Best-path CTC decoding (Graves et al., 2006): take the most likely class per frame, merge runs of the
 * same class, drop the blank (class 0). `probs` holds `frames` rows of `classes` values for one line;
 * `charset[k]` is the text of class k.
 */
export function ctcDecode(probs: Float32Array, frames: number, classes: number, charset: readonly string[], { offset = 0, softmax = false, space, confusable }: CtcOptions = {}): CtcResult {
  const chars: string[] = [];
  const confs: number[] = [];
  const added: boolean[] = [];
  const alts: (Omit<Alternative, 'at'> | undefined)[] = [];
  const sp = space && space.weight !== 1 ? space.cls : -1;
  const w = space?.weight ?? 1;
  // Logits are weighted by adding the log of the weight: the same comparison after softmax.
  const logW = Math.log(w);
  const beatsBlank = (row: number) => (softmax ? probs[row + sp] + logW : probs[row + sp] * w) > probs[row];
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
    const weighted = best === 0 && sp > 0 && beatsBlank(row);
    if (weighted) {
      best = sp;
      bestP = probs[row + sp];
    }
    if (best !== 0 && best !== prev) {
      chars.push(charset[best] ?? '');
      confs.push(softmax ? softmaxAt(probs, row, classes, bestP) : bestP);
      added.push(weighted);
      alts.push(undefined);
    } else if (best !== 0 && !weighted) {
      // A run of frames is one emission: the model's own win on any of its frames makes it the model's.
      added[added.length - 1] = false;
    }
    const others = best !== 0 && !weighted ? confusable?.get(best) : undefined;
    if (others) {
      const e = alts.length - 1;
      for (const k of others) {
        const p = softmax ? softmaxAt(probs, row, classes, probs[row + k]) : probs[row + k];
        const cur = alts[e];
        if (!cur || p > cur.p) alts[e] = { char: charset[k], p };
      }
    }
    prev = best;
  }
  let text = '';
  let last: string | undefined;
  let confSum = 0;
  let kept = 0;
  const alternatives: Alternative[] = [];
  chars.forEach((c, i) => {
    if (added[i]) {
      if (last !== ' ' && addedSpaceFits(last, chars[i + 1])) text += last = c;
      return;
    }
    const a = alts[i];
    if (a) alternatives.push({ at: text.length, ...a });
    text += last = c;
    confSum += confs[i];
    kept++;
  });
  return { text, confidence: kept ? confSum / kept : 0, ...(confusable ? { alternatives } : {}) };
}

/** Probability of a logit: 1 / sum(exp(l_k - l)). */
function softmaxAt(logits: Float32Array, row: number, classes: number, l: number): number {
  let s = 0;
  for (let k = 0; k < classes; k++) s += Math.exp(logits[row + k] - l);
  return 1 / s;
}
