import type { RgbImage } from '../decode.ts';
import type { RecognizedText } from '../engine-api.ts';
import type { Point, Quad } from '../types.ts';

/** Characters a reading holds (spaces aside): a line's weight in a page-level decision. */
export const charCount = (t: RecognizedText) => t.text.replace(/\s+/g, '').length;

/** Expected number of characters read right: Σ confidence x characters. Compares readings of one page. */
export function readingScore(texts: readonly RecognizedText[]): number {
  return texts.reduce((s, t) => s + t.confidence * charCount(t), 0);
}

/** Char-weighted mean confidence of a page's reading (0 for a page with no text). */
export function meanConfidence(texts: readonly RecognizedText[]): number {
  const chars = texts.reduce((n, t) => n + charCount(t), 0);
  return chars ? readingScore(texts) / chars : 0;
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
