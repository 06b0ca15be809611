import { OcrError } from './errors.ts';
import type { RecSpec } from '../models/manifest.ts';
import { ctcDecode } from './ctc-decode.ts';
import { fixLetterDigit, fixTimesSign, LETTER_DIGIT_CONFUSABLE, mergeDoubledDegree, TIMES_SIGN_CONFUSABLE } from './reading-fixes.ts';
import type { LineImage, RecognizedText, RecognizeLines, StopCheck } from './engine-api.ts';
import type { ModelSession } from './inference-session.ts';
import { resizeRgb, writeNchw } from './tensor.ts';

export interface RecognizerOptions {
  batchSize: number;
  /** Narrowest input in pixels (default the model's nominal width). */
  minWidth?: number;
  /** Weight on the space class in CTC decoding (default 1: plain best path). */
  spaceWeight?: number;
  /** Least runner-up probability for fixLetterDigit (reading-fixes.ts); 0 (the default) leaves readings as decoded. */
  letterDigitMinP?: number;
  /** Least probability of `×` for fixTimesSign (reading-fixes.ts); 0 (the default) leaves readings as decoded. */
  timesSignMinP?: number;
  /**
   * A line read below this confidence is read a second time from a bilinear resize, and the more confident
   * reading is kept unless it holds fewer spaces; 0 (the default) reads each line once. See ENGINE_DEFAULTS.recRereadBelow.
   */
  rereadBelow?: number;
  /** Only lines whose first reading holds a Han character get the second look (pages: ENGINE_DEFAULTS.recRereadPages). */
  rereadHanOnly?: boolean;
  /**
   * Widest recognizer input in columns (at the model's height); a wider line is read in overlapping
   * windows of this width whose frames are joined and decoded as one line (default REC_WINDOW.width).
   */
  windowWidth?: number;
}

/**
 * Wide lines are read in windows: past a few thousand columns the recognizer's cost per column grows
 * (its global mixing blocks see the whole line), and one run's memory grows with the line. Each window
 * overlaps the next by `overlap` columns (four characters at the model's height) and keeps only the
 * frames nearer its own middle, so every character is read with context on both sides. Lines up to
 * `width` are read whole, as before windows: narrower windows cost more CPU on the many page lines a
 * little wider than them (the overlaps). Why these widths: docs/guides/server-limits.md, "Wide lines".
 */
export const REC_WINDOW = { width: 2560, overlap: 192 } as const;

/** PP-OCRv4's recognizer emits one output frame per this many input columns. */
export const REC_COLUMNS_PER_FRAME = 8;

/** Frames the recognizer spends on `line` (windows included, padding to a batch's widest line not). */
export function recognizerFrames(line: { width: number; height: number }, spec: RecSpec, minWidth = spec.input.width, windowWidth: number = REC_WINDOW.width): number {
  const cols = Math.max(minWidth, Math.ceil((spec.input.height * line.width) / line.height));
  const counted = cols <= windowWidth ? cols : windowStarts(cols, windowWidth).length * windowWidth;
  return Math.ceil(counted / REC_COLUMNS_PER_FRAME);
}

/** Left edges of the windows over a line `cols` wide: a stride of width - overlap, the last one flush right. */
function windowStarts(cols: number, width: number, overlap = Math.min(REC_WINDOW.overlap, Math.floor(width / 4))): number[] {
  const starts: number[] = [];
  for (let s = 0; ; s += width - overlap) {
    const at = Math.min(s, cols - width);
    starts.push(at);
    if (at + width >= cols) return starts;
  }
}

/** Columns [x0, x0 + width) of an RGB image. */
function columns(img: LineImage, x0: number, width: number): LineImage {
  const data = new Uint8Array(width * img.height * 3);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray((y * img.width + x0) * 3, (y * img.width + x0 + width) * 3), y * width * 3);
  return { data, width, height: img.height };
}

const HAN = /\p{Script=Han}/u;

const spaces = (t: string) => t.split(' ').length - 1;

/**
 * CRNN/CTC line recognition. Lines are sorted by aspect ratio so each batch pads little, every line is
 * resized to the model height keeping its aspect ratio, padded on the right to the batch's widest (at
 * least `minWidth`: PaddleOCR pads to the model's nominal width, the engine's default pads less, see
 * ENGINE_DEFAULTS.recMinWidth), and results are put back in input order. With `rereadBelow`, lines read
 * below that confidence get a second look from a bilinear resize (ENGINE_DEFAULTS.recRereadBelow).
 */
export function createRecognizer(session: ModelSession, spec: RecSpec, charset: readonly string[], o: RecognizerOptions): RecognizeLines {
  const { batchSize, minWidth = spec.input.width, spaceWeight = 1, letterDigitMinP = 0, timesSignMinP = 0, rereadBelow = 0, rereadHanOnly = false, windowWidth = REC_WINDOW.width } = o;
  const th = spec.input.height;
  const spaceCls = charset.lastIndexOf(' ');
  const space = spaceCls > 0 ? { cls: spaceCls, weight: spaceWeight } : undefined;
  const confusable =
    letterDigitMinP > 0 || timesSignMinP > 0
      ? confusableClasses(charset, { ...(letterDigitMinP > 0 ? LETTER_DIGIT_CONFUSABLE : {}), ...(timesSignMinP > 0 ? TIMES_SIGN_CONFUSABLE : {}) })
      : undefined;
  const baseRatio = minWidth / th;
  const softmax = spec.output === 'logits';
  const ch = spec.input.channels;
  const cols = (l: LineImage) => Math.max(1, Math.ceil((th * l.width) / l.height));
  const checkClasses = (classes: number) => {
    if (classes !== charset.length) {
      throw new OcrError('inference_failed', `recognizer ${spec.id} has ${classes} classes but its charset gives ${charset.length}`);
    }
  };
  // The letter/digit fix reads character positions, so it runs before anything that removes a character.
  const decode = (data: Float32Array, frames: number, classes: number, offset: number) =>
    mergeDoubledDegree(fixLetterDigit(fixTimesSign(ctcDecode(data, frames, classes, charset, { offset, softmax, space, confusable }), timesSignMinP), letterDigitMinP));
  /** One line wider than windowWidth: its windows' middle frames, joined, decoded as one line. */
  const readWindows = async (line: LineImage, kernel: 'cubic' | 'linear', stop?: StopCheck) => {
    const img = await resizeRgb(line, cols(line), th, kernel);
    const starts = windowStarts(img.width, windowWidth);
    const kept: Float32Array[] = [];
    let classes = charset.length;
    for (let i = 0; i < starts.length; i++) {
      stop?.check();
      const tensor = new Float32Array(ch * th * windowWidth);
      writeNchw(tensor, 0, columns(img, starts[i], windowWidth), windowWidth, th, spec.normalize, spec.colorOrder, ch);
      const out = await session.run({ data: tensor, dims: [1, ch, th, windowWidth] });
      const frames = out.dims[1];
      classes = out.dims[2];
      checkClasses(classes);
      // Frames whose centre lies between the middles of this window's overlaps with its neighbours.
      const from = i === 0 ? -Infinity : (starts[i] + starts[i - 1] + windowWidth) / 2;
      const to = i === starts.length - 1 ? Infinity : (starts[i + 1] + starts[i] + windowWidth) / 2;
      for (let t = 0; t < frames; t++) {
        const centre = starts[i] + ((t + 0.5) * windowWidth) / frames;
        if (centre >= from && centre < to) kept.push(out.data.subarray(t * classes, (t + 1) * classes));
      }
    }
    const joined = new Float32Array(kept.length * classes);
    kept.forEach((row, t) => joined.set(row, t * classes));
    return decode(joined, kept.length, classes, 0);
  };
  const read = async (lines: LineImage[], kernel: 'cubic' | 'linear', stop?: StopCheck) => {
    const results: RecognizedText[] = new Array(lines.length);
    const wide = lines.map((_, i) => i).filter((i) => cols(lines[i]) > windowWidth);
    for (const i of wide) results[i] = await readWindows(lines[i], kernel, stop);
    const order = lines
      .map((_, i) => i)
      .filter((i) => cols(lines[i]) <= windowWidth)
      .sort((a, b) => lines[a].width / lines[a].height - lines[b].width / lines[b].height);
    for (let start = 0; start < order.length; start += batchSize) {
      stop?.check();
      const idx = order.slice(start, start + batchSize);
      const maxRatio = Math.max(baseRatio, ...idx.map((i) => lines[i].width / lines[i].height));
      const tw = Math.ceil(th * maxRatio);
      const tensor = new Float32Array(idx.length * ch * th * tw);
      await Promise.all(
        idx.map(async (i, n) => {
          const img = lines[i];
          const w = Math.min(tw, Math.max(1, Math.ceil((th * img.width) / img.height)));
          writeNchw(tensor, n, await resizeRgb(img, w, th, kernel), tw, th, spec.normalize, spec.colorOrder, ch);
        }),
      );
      const out = await session.run({ data: tensor, dims: [idx.length, ch, th, tw] });
      const [, frames, classes] = out.dims;
      checkClasses(classes);
      idx.forEach((i, n) => (results[i] = decode(out.data, frames, classes, n * frames * classes)));
    }
    return results;
  };
  return async (lines, stop) => {
    const first = await read(lines, 'cubic', stop);
    const unsure = lines.map((_, i) => i).filter((i) => first[i].confidence < rereadBelow && (!rereadHanOnly || HAN.test(first[i].text)));
    if (!unsure.length) return first;
    const second = await read(unsure.map((i) => lines[i]), 'linear', stop);
    unsure.forEach((i, n) => {
      const r = second[n];
      // Bilinear input loses English word gaps that bicubic keeps: a reading with fewer spaces is not taken.
      if (r.confidence > first[i].confidence && spaces(r.text) >= spaces(first[i].text)) first[i] = r;
    });
    return first;
  };
}

/** A confusable map (reading-fixes.ts) as class indices of this charset (characters it lacks are left out). */
function confusableClasses(charset: readonly string[], chars: Readonly<Record<string, readonly string[]>>): Map<number, number[]> {
  const cls = (c: string) => charset.indexOf(c);
  const map = new Map<number, number[]>();
  for (const [c, others] of Object.entries(chars)) {
    const ks = others.map(cls).filter((k) => k > 0);
    if (cls(c) > 0 && ks.length) map.set(cls(c), ks);
  }
  return map;
}
