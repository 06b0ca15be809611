import type { ManifestData, PrecisionChoice } from '../models/manifest.ts';
import type { ProfileName } from './profiles.ts';
import type { ModelInfo, OcrMode, OcrResult, PreprocessOptions, RecognizeOptions } from './types.ts';

/** An upright RGB line image ready for recognition (3 channels, row-major, 8-bit). */
export interface LineImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface RecognizedText {
  text: string;
  confidence: number;
}

/** Which page lines get the recognizer's second look (ENGINE_DEFAULTS.recRereadPages). */
export const REREAD_PAGES = ['off', 'han', 'all'] as const;
export type RereadPages = (typeof REREAD_PAGES)[number];

/** Throws when the request's work should stop (server/ocr/work-budget.ts); called before each model run. */
export interface StopCheck {
  check(): void;
}

/** Recognises a set of line images; the result is in input order. `stop` is checked between model runs. */
export type RecognizeLines = (lines: LineImage[], stop?: StopCheck) => Promise<RecognizedText[]>;

export interface EngineOptions {
  /**
   * Operating point (server/ocr/profiles.ts): `accurate` is ENGINE_DEFAULTS, `fast` trades a little accuracy
   * for speed (docs/decisions/fast-profile.md). Options set here beside it win over the profile's.
   */
  profile?: ProfileName;
  /** Path to the model manifest; default models/manifest.json. */
  manifestPath?: string;
  /** That manifest already read and checked (readManifest), so the engine does not load the schema again. */
  manifest?: ManifestData;
  /** onnxruntime intra-op threads per session (default 1). */
  threads?: number;
  /** int8 (the quantized twins in the manifest) or fp32 models; default ENGINE_DEFAULTS.precision. */
  precision?: PrecisionChoice;
  /**
   * Precision of the recognizer in line mode when it should differ from `precision`'s (a second recognizer
   * session; the fast profile reads lines with fp32 and pages with int8: docs/decisions/fast-profile.md).
   * Unset: line mode uses the page recognizer.
   */
  lineRecPrecision?: 'fp32' | 'int8';
  /** Recognition batch size (default 8). */
  recBatchSize?: number;
  /** Narrowest recognizer input in pixels: shorter lines are padded on the right to it (default ENGINE_DEFAULTS). */
  recMinWidth?: number;
  /** Weight on the space class in CTC decoding (1 = plain best path; default ENGINE_DEFAULTS, see ctc-decode.ts). */
  recSpaceWeight?: number;
  /** Least runner-up probability for the letter/digit fix (reading-fixes.ts fixLetterDigit); 0 = off; default ENGINE_DEFAULTS. */
  recLetterDigitMinP?: number;
  /** Least probability of `×` for reading a letter between digits of a sum as it (reading-fixes.ts fixTimesSign); 0 = off; default ENGINE_DEFAULTS. */
  recTimesSignMinP?: number;
  /** Confidence below which a line is read again from a bilinear resize (recognize.ts); 0 = off; default ENGINE_DEFAULTS. */
  recRereadBelow?: number;
  /** Which page lines get the second look: none, those read with a Han character, or all (default ENGINE_DEFAULTS). */
  recRereadPages?: RereadPages;
  /** Detector input sizing (see DetectorSizing in detect.ts); defaults in ENGINE_DEFAULTS. */
  limitType?: 'max' | 'min';
  limitSideLen?: number;
  maxSideLen?: number;
  /** Decompression-bomb guards. */
  maxPixels?: number;
  maxBytes?: number;
  /** Work budget per request (work-budget.ts): detector pixels, recognizer frames, frames of one line. */
  maxDetPixels?: number;
  maxRecFrames?: number;
  maxLineFrames?: number;
  /** Defaults for each call's options (mode, cls, preprocess); cls 'auto' = on in line mode only (default: true). */
  defaults?: Omit<RecognizeOptions, 'cls'> & { cls?: boolean | 'auto' };
  /**
   * Lets the caller wrap line recognition, e.g. the server's dynamic batcher that merges lines of
   * concurrent requests into one model run. Receives the engine's own batched recogniser.
   */
  wrapRecognizer?: (recognize: RecognizeLines) => RecognizeLines;
}

export interface EffectiveEngineConfig {
  /** The profile the other values started from (they may differ from it where options were given). */
  profile?: ProfileName;
  threads: number;
  precision: PrecisionChoice;
  /** Line-mode recognizer precision when it differs from the page one (EngineOptions.lineRecPrecision). */
  lineRecPrecision?: 'fp32' | 'int8';
  recBatchSize: number;
  recMinWidth: number;
  recSpaceWeight: number;
  recLetterDigitMinP: number;
  recTimesSignMinP: number;
  recRereadBelow: number;
  recRereadPages: RereadPages;
  limitType: 'max' | 'min';
  limitSideLen: number;
  maxSideLen: number;
  maxPixels: number;
  maxBytes: number;
  maxDetPixels: number;
  maxRecFrames: number;
  maxLineFrames: number;
  defaults: { mode: OcrMode; cls: boolean | 'auto'; preprocess?: PreprocessOptions };
}

export interface OcrEngine {
  /** Runs the whole pipeline on encoded image bytes. Throws OcrError for bad input. */
  recognize(image: Uint8Array, options?: RecognizeOptions): Promise<OcrResult>;
  readonly models: ModelInfo[];
  readonly config: EffectiveEngineConfig;
  /** Milliseconds spent creating the sessions. */
  readonly loadMs: number;
  /**
   * Runs the detector once on zeros at the largest input the configuration gives a page (long side
   * limitSideLen at 4:3), so onnxruntime has allocated for big pages before the first request: its first
   * run at a larger shape than any before costs more than the same run afterwards (1280x960: 514-764 ms
   * against 377-463). Model time depends on the input's shape, not its content. The recognizer and the
   * classifier need no such run: after 48x320 lines, the recognizer's first 48x1280 line cost what the
   * next ones did (119-139 ms against 119-136), and the classifier's input has one size.
   */
  warmUpModels(): Promise<void>;
  close(): Promise<void>;
}
