/** A point in original-image pixel coordinates. */
export type Point = [number, number];
/** Four corners, clockwise from top-left. */
export type Quad = [Point, Point, Point, Point];

export type OcrMode = 'page' | 'line';

export interface PreprocessOptions {
  /** Convert to grayscale (replicated to 3 channels) before detection and recognition. */
  grayscale?: boolean;
  /** Stretch the luminance histogram (1st..99th percentile) to the full range. */
  contrast?: boolean;
  /** CLAHE-style local contrast normalisation (sharp's clahe). */
  clahe?: boolean;
  /** Median denoise with this window size (3 or 5); 0 or undefined is off. */
  denoise?: number;
  /** Downscale so the long side is at most this many pixels before anything else; 0 is off. */
  maxSide?: number;
}

export interface RecognizeOptions {
  mode?: OcrMode;
  /** Run the 0°/180° direction classifier on each line. */
  cls?: boolean;
  preprocess?: PreprocessOptions;
  /** When it reads aborted, the work stops at the next stage, line or window (OcrError work_abandoned). */
  signal?: { readonly aborted: boolean };
}

export interface OcrLine {
  text: string;
  confidence: number;
  /** Quad in original-image coordinates (after EXIF orientation). */
  box: Quad;
}

export interface StageTimings {
  decode: number;
  preprocess: number;
  /** The detector's model run with its input resize. */
  detect: number;
  /** DB post-processing of the detector's map into boxes, and their reading order. */
  boxes: number;
  /** Cutting the line images out of the page. */
  crop: number;
  classify: number;
  recognize: number;
  total: number;
}

export interface ModelInfo {
  id: string;
  role: 'det' | 'cls' | 'rec';
  sha256: string;
  /** Always set by the engine; optional only so hand-made ModelInfo (tests, peers) need not say. */
  precision?: 'fp32' | 'int8';
}

export interface OcrResult {
  text: string;
  lines: OcrLine[];
  /** Width and height of the image after EXIF orientation. */
  width: number;
  height: number;
  timings: StageTimings;
  models: ModelInfo[];
  /** With the direction classifier on: how the image was read. */
  orientation?: {
    /** Degrees the image (line mode: the line) was turned clockwise to read it upright. */
    rotation: 0 | 90 | 180 | 270;
    /** Lines recognized a second time to check a turn (the cost of the check). */
    linesReadTwice: number;
  };
}
