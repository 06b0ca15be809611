import type { Classify } from './classify.ts';
import { rotate180, rotate90ccw } from './crop.ts';
import type { RgbImage } from './decode.ts';
import type { RecognizedText, RecognizeLines } from './engine-api.ts';
import type { Point, Quad } from './types.ts';

/**
 * When a line is read a second time, turned 180°, and which reading is kept. The 0°/180° classifier
 * is a hint, not a verdict: on real hold-out lines its "180°" verdict read upright English book lines
 * and receipt headers upside down (line CER 3.20% with it, 1.35% without). So a line is read both
 * ways when either model doubts it, and the turned reading is kept only when the recognizer is
 * clearly more sure of it. Chosen on real-public and lines-500 with research/accuracy/orientation-rules.ts;
 * the figures are in the README's accuracy section.
 */
export interface FlipRule {
  /**
   * Line mode: the classifier runs only on lines the recognizer reads below this confidence; a line read
   * this surely as it stands is taken as upright. The classifier's run is the line's second-largest cost,
   * and a line read upside down scores low. Chosen on synth-lines seed 20261213 with
   * research/accuracy/orientation-rules.ts: the lowest value at which every figure equals running the
   * classifier on every line (0.9 lets more turned lines through). README, "Orientation".
   */
  classifyBelow: number;
  /** Read both ways when the classifier gives "upside down" at least this probability (its own boundary)... */
  clsThreshold: number;
  /** ...or when the upright reading's confidence is below this (a line read upside down scores low)... */
  checkBelow: number;
  /**
   * ...unless the classifier is this sure the line is upright (p180 below it: PaddleOCR's 0.9 certainty,
   * the other way). On a fresh synthetic set, `二。` and `47%` read with low confidence, the classifier
   * was 98.6% and 100% sure they were upright, and their turned readings (`°1`, `%L`) scored higher.
   */
  sureUpright: number;
  /**
   * Keep the turned reading only when its confidence beats the upright one by this much: text that
   * reads nearly the same both ways (66.00 / 0099, 69% / %69, W / M) stays as given.
   */
  minGain: number;
  /**
   * A page is turned only to a reading the recognizer is more often right than wrong about (mean
   * confidence at least this): a fresh synthetic handwritten note read at 0.24 as given and 0.29 turned
   * 180° was garbage both ways, and turning it cost what little it had (page F1 → 0).
   */
  minTurnedConfidence: number;
  /**
   * Pages only. A sideways page whose lines sit close together can be detected as boxes running across
   * the lines, not along them: nothing looks vertical, the crops read as a few confident characters, and
   * the classifier calls them upside down. When the page is still doubted after the half turn ('vote':
   * by the classifier's vote; 'any': by the vote or a low mean confidence), both quarter turns are read.
   * Turning away from a page whose text does not run vertically takes a clear win (minGain, or the score
   * ratio below): real-public's upright `cnocr_multi-line_en_black`, voted upside down (0.64), read the
   * same text turned 90° at a hair higher confidence and was reported turned.
   */
  quarterWhenDoubted: 'never' | 'vote' | 'any';
  /**
   * Pages only. A quarter turn also wins when it reads at least this many times the other's Σ confidence
   * x characters: the boxes across a sideways page's lines read a few characters with high confidence
   * (a fresh synthetic handwritten page: 15 characters at 0.998 sideways, 78 at 0.973 upright).
   */
  quarterScoreRatio: number;
}

export const DEFAULT_FLIP_RULE: FlipRule = {
  classifyBelow: 0.95,
  clsThreshold: 0.5,
  checkBelow: 0.9,
  sureUpright: 0.1,
  minGain: 0.05,
  minTurnedConfidence: 0.5,
  quarterWhenDoubted: 'vote',
  quarterScoreRatio: 2,
};

export interface CheckedLines {
  texts: RecognizedText[];
  /** Which lines were kept turned 180°. */
  flipped: boolean[];
  /** Lines that cost a second recognizer run. */
  checked: number;
}

/** Reads lines that may be upside down one by one (line mode, or lines whose page gives no context). */
export async function readLinesChecked(crops: RgbImage[], classify: Classify, recognize: RecognizeLines, rule: FlipRule): Promise<CheckedLines> {
  const texts = await recognize(crops);
  const unsure = crops.map((_, i) => i).filter((i) => texts[i].confidence < rule.classifyBelow);
  const p180 = new Map<number, number>();
  if (unsure.length) (await classify(unsure.map((i) => crops[i]))).forEach((p, n) => p180.set(unsure[n], p));
  const doubted = (i: number) => {
    const p = p180.get(i);
    return p !== undefined && (p >= rule.clsThreshold || (p >= rule.sureUpright && texts[i].confidence < rule.checkBelow));
  };
  const idx = unsure.filter(doubted);
  const flipped = crops.map(() => false);
  if (idx.length) {
    const turned = await recognize(idx.map((i) => rotate180(crops[i])));
    idx.forEach((i, n) => {
      if (turned[n].confidence > texts[i].confidence + rule.minGain) {
        texts[i] = turned[n];
        flipped[i] = true;
      }
    });
  }
  return { texts, flipped, checked: idx.length };
}

/** Characters a reading holds (spaces aside): a line's weight in a page-level decision. */
const charCount = (t: RecognizedText) => t.text.replace(/\s+/g, '').length;

/** Expected number of characters read right: Σ confidence x characters. Compares readings of one page. */
export function readingScore(texts: readonly RecognizedText[]): number {
  return texts.reduce((s, t) => s + t.confidence * charCount(t), 0);
}

/**
 * The share of a page's text the classifier calls upside down. Lines are weighted by their length
 * (width / height, about their character count) and lines shorter than two characters' worth are left
 * out when longer ones exist: a one- or two-character crop (W / M, 口) carries no orientation.
 */
export function upsideDownVote(crops: readonly RgbImage[], p180: readonly number[]): number {
  const aspect = crops.map((c) => c.width / Math.max(1, c.height));
  const long = aspect.some((a) => a >= 2);
  let up = 0;
  let all = 0;
  crops.forEach((_, i) => {
    if (long && aspect[i] < 2) return;
    all += aspect[i];
    if (p180[i] >= 0.5) up += aspect[i];
  });
  return all ? up / all : 0;
}

/** Whether most of the detected text runs vertically: a page turned 90° (or Chinese set top to bottom). */
export function mostlyVertical(quads: readonly Quad[]): boolean {
  const d = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  let vertical = 0;
  let horizontal = 0;
  for (const q of quads) {
    const w = Math.max(d(q[0], q[1]), d(q[3], q[2]));
    const h = Math.max(d(q[0], q[3]), d(q[1], q[2]));
    // The crop step's own test for a vertical box; square boxes (one character) vote for neither. Boxes
    // count one each: weighed by length, a sideways ticket's many short vertical runs lost to its two
    // long romanised station names and stayed sideways.
    if (h >= 1.5 * w) vertical++;
    else if (w >= 1.5 * h) horizontal++;
  }
  return vertical > horizontal;
}

export type Turn = 0 | 90 | 180 | 270;

/** The image turned clockwise by `deg`. */
export function turnImage(img: RgbImage, deg: Turn): RgbImage {
  if (deg === 0) return img;
  if (deg === 180) return rotate180(img);
  const ccw = rotate90ccw(img);
  return deg === 270 ? ccw : rotate180(ccw);
}

/** A point of an image turned clockwise by `deg` (turned size w x h), back in the unturned image. */
export function unturnPoint([x, y]: Point, deg: Turn, w: number, h: number): Point {
  if (deg === 90) return [y, w - x];
  if (deg === 180) return [w - x, h - y];
  if (deg === 270) return [h - y, x];
  return [x, y];
}

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

/** Char-weighted mean confidence of a page's reading (0 for a page with no text). */
export function meanConfidence(texts: readonly RecognizedText[]): number {
  const chars = texts.reduce((n, t) => n + charCount(t), 0);
  return chars ? readingScore(texts) / chars : 0;
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

const turnBy = (a: Turn, b: Turn) => ((a + b) % 360) as Turn;

/**
 * Page orientation. A page has one orientation, so the evidence is pooled over its lines and the page is
 * turned as a whole (never line by line: single upright lines flipped on their own cost page F1 0.977 →
 * 0.969 on real-public). Read as given; then, only when something doubts that reading, read it turned
 * and keep whichever reading the recognizer is more sure of (mean confidence over characters):
 * - most text runs vertically: the page is turned 90° (or set top to bottom by design, which then keeps
 *   its own reading): try the quarter turn the crops' classifier votes for;
 * - the classifier's length-weighted vote says upside down, or the page reads with a mean confidence
 *   below the flip rule's `checkBelow` (on real-public, upright pages read at 0.91-0.99 and the same pages
 *   turned 180° at 0.00-0.65, while the classifier's vote missed two turned English pages): try 180°;
 * - the vote still says upside down after that: the page may be sideways with its boxes run across its
 *   lines (FlipRule.quarterWhenDoubted): try both quarter turns.
 * A turned reading is detected again on the turned image, so it equals what the upright page gives.
 * Upright pages that nothing doubts pay one classifier run per line and nothing else.
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
    // turned reads as it did. Detected sideways instead, real-public pages lost up to 0.015 F1 while
    // holding more (duplicated) characters, so this compares mean confidence, not Σ confidence x characters.
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
