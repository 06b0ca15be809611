import { DEFAULT_MANIFEST, loadManifest } from '../../models/manifest.ts';
import { createClassifier } from './classify.ts';
import { createDetector, detectorInputSize } from './detect.ts';
import type { EffectiveEngineConfig, EngineOptions, OcrEngine } from './engine-api.ts';
import { createModelSession } from './inference-session.ts';
import { runPipeline } from './pipeline.ts';
import { createRecognizer, recognizerFrames, type RecognizerOptions } from './recognize.ts';
import type { ModelInfo, OcrMode, RecognizeOptions } from './types.ts';

export type { EngineOptions, OcrEngine } from './engine-api.ts';

export const ENGINE_DEFAULTS: EffectiveEngineConfig = {
  threads: 1,
  // fp32 (models/README.md, "Accuracy gate and the default" and "Decision, fourth attempt"). The third rec int8
  // twin dropped spaces between English words on real pages (real-public English whitespace-aware page F1
  // 0.9836 -> 0.9761). The fourth (Conv.13 float too) passes every gate view, English whitespace-aware 0.9836 ->
  // 0.9856, at 1.15-1.20x fp32's raw speed, but it overshoots: it splits decimals after the point on real Chinese
  // pages (`8. 29x100=`, `35. 1`: 7 readings against fp32's 2 of ~55 decimals). A default that splits numbers or
  // words a user parses or searches for is not taken for that speed (recMinWidth 240 was declined alike):
  // --precision rec=int8 (eval) or int8 runs the twins.
  precision: 'fp32',
  // Batching does not pay on CPU with one intra-op thread: 8 lines at 48x320 take 105 ms against 8 x 12.4 ms
  // one by one, and padding a batch to its widest line costs more (8 x 640: 274 ms against 8 x 23 ms).
  // Batch 1 also read real-public best (page F1 0.9769, English whitespace-aware 0.984 against 0.976).
  recBatchSize: 1,
  // Short lines are padded on the right to the model's nominal 320 px, as PaddleOCR does. Narrower padding is
  // cheaper (the recognizer's cost grows with width; ppu-paddle-ocr pads nothing) and holds whitespace-free
  // accuracy, but splits English words: see server/README.md, "Recognizer padding" (tried 240, 160, 48).
  recMinWidth: 320,
  // CTC decoding weighs the space class 2x against the blank (ctc-decode.ts: only blank frames become spaces,
  // and only between letters or digits, never two digits or two Han characters). English word gaps in small
  // print are often the blank's by a little: `OctaviaHill`, `GATESCLOSE10MINUTES`. Tuned on seed 20261213 (60
  // English pages, 1,000 synth lines): 2 is the largest weight that adds no space its labels lack (2.5 splits
  // `Milestones`). Confirmed on sets not tuned on, whitespace-free figures identical by construction; English
  // whitespace-aware page F1 real-public 0.9830 → 0.9853, en-pages seed 20261214 0.9605 → 0.9687, seed
  // 20261212 0.9697 → 0.9772; every changed reading (144 lines and pages over five sets) is closer to its label.
  // 3 splits real-public's `Nanchangxi`. README, "Word gaps".
  recSpaceWeight: 2,
  // A digit read inside a lower-case word turns into the letter the model had as its runner-up, and a letter
  // between digits into the digit (reading-fixes.ts fixLetterDigit: `To11` → `Toll`, `1abe1` → `label`,
  // `22o7` → `2207`), when that runner-up had at least this probability. Tuned on seed 20261213 (2,000 synth
  // lines, 60 English pages; 0.003 and 0.01 alike, 0.03 fixes fewer). README, "Letters and digits".
  recLetterDigitMinP: 0.01,
  // A printed `×` read as `x` or `X` between two digits of a line with `=` after it turns into `×` when the
  // model gave the sign at least this probability (reading-fixes.ts fixTimesSign: `2.8X10=` → `2.8×10=`).
  // Tuned on rendered sums and letters (harness/accuracy/times-sign-study.ts: 0.1 turned true letters, 0.2
  // none), checked on a second rendering with other fonts, sizes and blur (0.2: 2 hex literals of 231 letters
  // turned, sums 162 → 227 of 231). README, "Times sign".
  recTimesSignMinP: 0.2,
  // A line read below 0.9 confidence is read again from a bilinear resize and the more confident reading kept,
  // unless it holds fewer spaces (recognize.ts). Bilinear, the resize PaddleOCR trains with, reads Chinese
  // better (synth lines of seed 20261213, printed zh CER 0.71% → 0.55%) but drops English word gaps, so it is
  // a second look, not the first. Tuned on seed 20261213 (1,000 synth lines, 60 English pages, 100 synth
  // pages) and real-public: 0.9 keeps most of 0.95's gain for about a third of its second runs. README,
  // "Second look". In line mode every such line: it costs nothing measurable (lines-500 x0.99 CPU) for line CER
  // -10 to -17%. In page mode every such line gained 0.001-0.002 F1 for x1.15 CPU (the stepped bench then failed
  // its 60-user deadline) and lost English words (real-public English whitespace-aware 0.9860 → 0.9837), so
  // pages give it only to lines read with a Han character. Off → han (all), page F1: fresh synth-pages seed
  // 20261216 0.9749 → 0.9768 (0.9769), mixed-500 0.9704 → 0.9715 (0.9715) with English whitespace-aware
  // 0.9860 → 0.9860 (0.9837), real-public 0.9793 → 0.9801; CPU a page x1.005-1.01 (all: x1.10-1.11).
  recRereadBelow: 0.9,
  recRereadPages: 'han',
  // 1280 rather than PaddleOCR's 960: wide images with small print (real-public's letterbox page) lost
  // whole lines at 960; page F1 0.953 → 0.967 for ~10% more detector time.
  limitType: 'max',
  limitSideLen: 1280,
  maxSideLen: 2000,
  maxPixels: 40_000_000,
  maxBytes: 20 * 1024 * 1024,
  // Work budget per request (work-budget.ts); why these values: docs/guides/server-limits.md.
  maxDetPixels: 8_000_000,
  maxRecFrames: 16_000,
  maxLineFrames: 1_000,
  // The direction classifier is on in both modes: it is now a hint the recognizer checks (orientation.ts),
  // not a verdict. Before (cls verdict at 0.9 in line mode, off in page mode) → after, from `npm run eval`
  // and harness/accuracy/orientation-rules.ts (README, "Orientation"):
  // line CER real-public 0.48% → 0.48%, lines-500 0.65% → 0.52%, fresh synth-lines seed 909 0.85% → 0.83%,
  // seed 910 0.67% → 0.54%; upright lines read worse than with cls off 0/1/1/2 → 0 on each; the same lines
  // turned 180° read as well as upright 81/97/98/98.5% → 100/99.6/99.1/99.4%. Page F1 on upright pages
  // unchanged (real-public 0.9769, fresh synth-pages seed 909 (300) 0.9702: no upright page turned); real-public
  // pages turned 90/180/270° 0.869/0.190/0.267 → 0.9766/0.9769/0.9766. Cost: pages x1.04, lines x1.23; since the
  // classifier runs only on lines read below 0.95 confidence (DEFAULT_FLIP_RULE.classifyBelow), line mode costs 13-14% less CPU.
  defaults: { mode: 'page', cls: true },
};

/** The recognizer's settings in `config` for one mode: the second look is for every unsure line in line mode, for those recRereadPages names in page mode. */
export function recognizerOptions(config: EffectiveEngineConfig, mode: OcrMode, batchSize = config.recBatchSize): RecognizerOptions {
  return {
    batchSize,
    minWidth: config.recMinWidth,
    spaceWeight: config.recSpaceWeight,
    letterDigitMinP: config.recLetterDigitMinP,
    timesSignMinP: config.recTimesSignMinP,
    rereadBelow: mode === 'line' || config.recRereadPages !== 'off' ? config.recRereadBelow : 0,
    rereadHanOnly: mode === 'page' && config.recRereadPages === 'han',
  };
}

/** Loads and verifies the models, creates one session per model, and returns the pipeline behind one call. */
export async function createEngine(options: EngineOptions = {}): Promise<OcrEngine> {
  const d = ENGINE_DEFAULTS;
  const config: EffectiveEngineConfig = {
    threads: options.threads ?? d.threads,
    precision: options.precision ?? d.precision,
    recBatchSize: options.recBatchSize ?? d.recBatchSize,
    recMinWidth: options.recMinWidth ?? d.recMinWidth,
    recSpaceWeight: options.recSpaceWeight ?? d.recSpaceWeight,
    recLetterDigitMinP: options.recLetterDigitMinP ?? d.recLetterDigitMinP,
    recTimesSignMinP: options.recTimesSignMinP ?? d.recTimesSignMinP,
    recRereadBelow: options.recRereadBelow ?? d.recRereadBelow,
    recRereadPages: options.recRereadPages ?? d.recRereadPages,
    limitType: options.limitType ?? d.limitType,
    limitSideLen: options.limitSideLen ?? d.limitSideLen,
    maxSideLen: options.maxSideLen ?? d.maxSideLen,
    maxPixels: options.maxPixels ?? d.maxPixels,
    maxBytes: options.maxBytes ?? d.maxBytes,
    maxDetPixels: options.maxDetPixels ?? d.maxDetPixels,
    maxRecFrames: options.maxRecFrames ?? d.maxRecFrames,
    maxLineFrames: options.maxLineFrames ?? d.maxLineFrames,
    defaults: { ...d.defaults, ...options.defaults },
  };
  const t0 = performance.now();
  const m = await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST, config.precision, options.manifest);
  const so = { threads: config.threads };
  const [det, cls, rec] = await Promise.all([
    createModelSession(m.det.bytes, m.det.spec.id, so),
    m.cls ? createModelSession(m.cls.bytes, m.cls.spec.id, so) : undefined,
    createModelSession(m.rec.bytes, m.rec.spec.id, so),
  ]);
  const loadMs = Math.round(performance.now() - t0);
  const models: ModelInfo[] = [m.det, ...(m.cls ? [m.cls] : []), m.rec].map((x) => ({ id: x.spec.id, role: x.spec.role, sha256: x.sha256, precision: x.spec.precision }));

  const recognizer = (mode: OcrMode) => {
    const own = createRecognizer(rec, m.rec.spec, m.charset, recognizerOptions(config, mode));
    return options.wrapRecognizer ? options.wrapRecognizer(own) : own;
  };
  const lineRecognize = recognizer('line');
  const pageRecognize = config.recRereadPages === 'all' ? lineRecognize : recognizer('page');
  const stages = {
    limits: { maxPixels: config.maxPixels, maxBytes: config.maxBytes },
    detect: createDetector(det, m.det.spec, { limitType: config.limitType, limitSideLen: config.limitSideLen, maxSideLen: config.maxSideLen }),
    classify: cls && m.cls ? createClassifier(cls, m.cls.spec, config.recBatchSize) : undefined,
    recognize: pageRecognize,
    models,
    budget: {
      ...config,
      lineFrames: (l: { width: number; height: number }) => recognizerFrames(l, m.rec.spec, config.recMinWidth),
      sizing: config,
    },
  };

  return {
    models,
    config,
    loadMs,
    recognize(image: Uint8Array, o: RecognizeOptions = {}) {
      const mode = o.mode ?? config.defaults.mode;
      const cls = o.cls ?? (config.defaults.cls === 'auto' ? mode === 'line' : config.defaults.cls);
      return runPipeline(image, { mode, cls, preprocess: o.preprocess ?? config.defaults.preprocess, signal: o.signal }, mode === 'line' ? { ...stages, recognize: lineRecognize } : stages);
    },
    async warmUpModels() {
      const zeros = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims });
      const side = config.limitSideLen;
      const [w, h] = detectorInputSize(side, Math.round((side * 3) / 4), config, m.det.spec.input.multipleOf);
      await det.run(zeros([1, 3, h, w]));
    },
    async close() {
      await Promise.all([det.release(), cls?.release(), rec.release()]);
    },
  };
}
