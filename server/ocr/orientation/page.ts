import type { Classify } from '../classify.ts';
import type { RgbImage } from '../decode.ts';
import type { RecognizedText, RecognizeLines } from '../engine-api.ts';
import type { Quad } from '../types.ts';
import { charCount, meanConfidence, mostlyVertical, readingScore, upsideDownVote } from './page-evidence.ts';
import { DEFAULT_FLIP_RULE, type FlipRule } from './rule.ts';
import { turnBy, turnImage, unturnPoint, type Turn } from './turn.ts';

/** The detector and recognizer as the page step needs them, plus the classifier. */
export interface OrientStages {
  detect: (img: RgbImage) => Promise<Quad[]>;
  crop: (img: RgbImage, quad: Quad) => RgbImage;
  order: (quads: readonly Quad[]) => number[];
  classify: Classify;
  recognize: RecognizeLines;
}

export interface PageReading {
  /** Boxes in the coordinates of the image as given, in reading order; box[0] is the text's own top-left. */
  quads: Quad[];
  texts: RecognizedText[];
  /** Degrees the image was turned clockwise to read it upright. */
  rotation: Turn;
  /** Lines that cost a second recognizer run (a page read upside down too, or turned 90° again). */
  linesReadTwice: number;
}

export interface TurnedReading extends PageReading {
  vote: number;
  vertical: boolean;
}

/** Detects and reads the image turned clockwise by `turn`; boxes come back in the unturned image's coordinates. */
export async function readTurned(image: RgbImage, turn: Turn, s: OrientStages): Promise<TurnedReading> {
  const img = turnImage(image, turn);
  const found = await s.detect(img);
  const order = s.order(found);
  const quads = order.map((i) => found[i]);
  const crops = quads.map((q) => s.crop(img, q));
  const p180 = crops.length ? await s.classify(crops) : [];
  const texts = crops.length ? await s.recognize(crops) : [];
  const { width: w, height: h } = img;
  return {
    quads: quads.map((q) => q.map((p) => unturnPoint(p, turn, w, h)) as Quad),
    texts,
    rotation: turn,
    linesReadTwice: 0,
    vote: upsideDownVote(crops, p180),
    vertical: mostlyVertical(quads),
  };
}

/**
 * Page orientation. A page has one orientation, so the evidence is pooled over its lines and the page is
 * turned as a whole (never line by line: upright lines flipped on their own cost page accuracy). Read as given; then, only when something doubts that reading, read it turned
 * and keep whichever reading the recognizer is more sure of (mean confidence over characters):
 * - most text runs vertically: the page is turned 90° (or set top to bottom by design, which then keeps
 *   its own reading): try the quarter turn the crops' classifier votes for;
 * - the classifier's length-weighted vote says upside down, or the page reads with a mean confidence
 *   below the flip rule's `checkBelow` (upright pages read well above it and the same pages turned 180°
 *   well below, and the classifier's vote alone misses some turned pages): try 180°;
 * - the vote still says upside down after that: the page may be sideways with its boxes run across its
 *   lines (FlipRule.quarterWhenDoubted): try both quarter turns.
 * A turned reading is detected again on the turned image, so it equals what the upright page gives.
 * Upright pages that nothing doubts pay one classifier run per line and nothing else. `read` is
 * readTurned on the page's image; research/ replays this decision on recorded readings of all four turns.
 * Why each threshold has its value: docs/decisions/engine-defaults.md.
 */
export async function orientPage(read: (turn: Turn) => Promise<TurnedReading>, rule: FlipRule = DEFAULT_FLIP_RULE): Promise<PageReading> {
  const doubt = (r: TurnedReading) => r.vote >= rule.clsThreshold || (r.texts.some(charCount) && meanConfidence(r.texts) < rule.checkBelow);
  // A half turn finds the same boxes, so it must win clearly and on both counts; a quarter turn finds other boxes (see below).
  const better = (r: TurnedReading, than: TurnedReading) =>
    meanConfidence(r.texts) >= rule.minTurnedConfidence &&
    (r.rotation % 180 !== than.rotation % 180
      ? meanConfidence(r.texts) + (than.vertical ? rule.minGain : -rule.minGain) > meanConfidence(than.texts) ||
        readingScore(r.texts) >= rule.quarterScoreRatio * readingScore(than.texts)
      : meanConfidence(r.texts) > meanConfidence(than.texts) + rule.minGain && readingScore(r.texts) > readingScore(than.texts));
  const stillDoubted = (r: TurnedReading) =>
    rule.quarterWhenDoubted === 'any' ? doubt(r) : rule.quarterWhenDoubted === 'vote' && r.vote >= rule.clsThreshold;
  let best = await read(0);
  const tried = new Set<Turn>([0]);
  let extra = 0;
  let next: Turn | undefined = best.vertical ? (best.vote >= rule.clsThreshold ? 90 : 270) : doubt(best) ? 180 : undefined;
  // At most three more readings; each new best that is still doubted proposes its own half turn.
  while (next !== undefined && !tried.has(next)) {
    tried.add(next);
    const r = await read(next);
    extra += r.texts.length;
    next = undefined;
    // A quarter turn of a mostly vertical page gets the benefit of the doubt (minGain): turned, a page
    // photographed sideways is the upright page the detector was tuned on, and vertical-by-design text
    // turned reads as it did. Detected sideways, pages read worse while holding more (duplicated)
    // characters, so this compares mean confidence, not Σ confidence x characters.
    if (better(r, best)) {
      best = r;
      if (doubt(r)) next = turnBy(r.rotation, 180);
    } else if (best.vertical && best.rotation === 0 && tried.size === 2) {
      // The quarter turn the vote chose read worse than the page as given: the vote may have pointed the wrong way.
      next = turnBy(r.rotation, 180);
    }
  }
  if (!tried.has(90) && !tried.has(270) && stillDoubted(best)) {
    const from = best;
    for (const q of [90, 270] as Turn[]) {
      const r = await read(turnBy(from.rotation, q));
      extra += r.texts.length;
      if (better(r, best)) best = r;
    }
  }
  return { quads: best.quads, texts: best.texts, rotation: best.rotation, linesReadTwice: extra };
}
