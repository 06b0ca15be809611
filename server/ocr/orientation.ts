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
 * clearly more sure of it. Chosen on real-public and lines-500 with harness/accuracy/orientation-rules.ts;
 * the figures are in the README's accuracy section.
 */
export interface FlipRule {
  /** Read both ways when the classifier gives "upside down" at least this probability (its own boundary)... */
  clsThreshold: number;
  /** ...or when the upright reading's confidence is below this (a line read upside down scores low). */
  checkBelow: number;
  /**
   * Keep the turned reading only when its confidence beats the upright one by this much: text that
   * reads nearly the same both ways (66.00 / 0099, 69% / %69, W / M) stays as given.
   */
  minGain: number;
}

export const DEFAULT_FLIP_RULE: FlipRule = { clsThreshold: 0.5, checkBelow: 0.9, minGain: 0.05 };

export interface CheckedLines {
  texts: RecognizedText[];
  /** Which lines were kept turned 180°. */
  flipped: boolean[];
  /** Lines that cost a second recognizer run. */
  checked: number;
}

/** Reads lines that may be upside down one by one (line mode, or lines whose page gives no context). */
export async function readLinesChecked(crops: RgbImage[], classify: Classify, recognize: RecognizeLines, rule: FlipRule): Promise<CheckedLines> {
  const [p180, texts] = [await classify(crops), await recognize(crops)];
  const idx = crops.map((_, i) => i).filter((i) => p180[i] >= rule.clsThreshold || texts[i].confidence < rule.checkBelow);
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
    // The crop step's own test for a vertical box; square boxes (one character) vote for neither.
    if (h >= 1.5 * w) vertical += h;
    else if (w >= 1.5 * h) horizontal += w;
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

const turnBy = (a: Turn, b: Turn) => ((a + b) % 360) as Turn;

/** Reads the page as it is turned (`img` = the image turned by `turn`), and turned 180° more if the lines vote so. */
async function readAsTurned(img: RgbImage, turn: Turn, s: OrientStages, quads?: Quad[]): Promise<PageReading & { vote: number }> {
  const found = quads ?? (await s.detect(img));
  const crops = found.map((q) => s.crop(img, q));
  const p180 = crops.length ? await s.classify(crops) : [];
  const vote = upsideDownVote(crops, p180);
  let texts = crops.length ? await s.recognize(crops) : [];
  let flipped = false;
  let linesReadTwice = 0;
  // One orientation per page: the classifier's votes only propose a 180° turn; the recognizer, reading
  // every line both ways, confirms it. A page with no majority is never turned, so no upright line is.
  if (vote > 0.5) {
    const turned = await s.recognize(crops.map(rotate180));
    linesReadTwice = crops.length;
    if (readingScore(turned) > readingScore(texts)) [texts, flipped] = [turned, true];
  }
  const { width: w, height: h } = img;
  const inPlace = flipped ? found.map((q) => [q[2], q[3], q[0], q[1]].map(([x, y]) => [w - x, h - y]) as Quad) : found;
  const rotation = flipped ? turnBy(turn, 180) : turn;
  const order = s.order(inPlace);
  return {
    quads: order.map((i) => inPlace[i].map((p) => unturnPoint(p, rotation, w, h)) as Quad),
    texts: order.map((i) => texts[i]),
    rotation,
    linesReadTwice,
    vote,
  };
}

/**
 * Page orientation: detect, and if most text runs vertically the page is either turned 90° or set top to
 * bottom by design (Chinese signs): turn it the way the crops' classifier votes point, detect again, and
 * keep whichever reading the recognizer is more sure of (Σ confidence x characters), so vertical text by
 * design still reads as it did. Then the 180° vote (readAsTurned). Upright pages pay one classifier run
 * per line and nothing else.
 */
export async function readPageOriented(image: RgbImage, s: OrientStages): Promise<PageReading> {
  const quads = await s.detect(image);
  const asIs = await readAsTurned(image, 0, s, quads);
  if (!mostlyVertical(quads)) return asIs;
  // cropQuad turns vertical boxes 90° counter-clockwise; if that leaves them upright, so does turning the page.
  const turn: Turn = asIs.vote > 0.5 ? 90 : 270;
  const other = await readAsTurned(turnImage(image, turn), turn, s);
  const twice = asIs.linesReadTwice + other.texts.length + other.linesReadTwice;
  const best = readingScore(other.texts) > readingScore(asIs.texts) ? other : asIs;
  return { ...best, linesReadTwice: twice };
}
