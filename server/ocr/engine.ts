import { DEFAULT_MANIFEST, loadManifest } from '../models/manifest.ts';
import { createClassifier } from './classify.ts';
import { createDetector, detectorInputSize } from './detect.ts';
import type { EffectiveEngineConfig, EngineOptions, OcrEngine } from './engine-api.ts';
import { createModelSession } from './inference-session.ts';
import { runPipeline } from './pipeline.ts';
import { PROFILES } from './profiles.ts';
import { createRecognizer, recognizerFrames } from './recognize.ts';
import { recognizerOptions } from './recognizer-options.ts';
import type { ModelInfo, OcrMode, RecognizeOptions } from './types.ts';

export type { EngineOptions, OcrEngine } from './engine-api.ts';

/**
 * Every engine default. Each was chosen by measurement; the sets it was tuned and confirmed on, the change it
 * made and the result files are in docs/decisions/engine-defaults.md (one row per default, same names).
 */
export const ENGINE_DEFAULTS: EffectiveEngineConfig = {
  threads: 1,
  // fp32: the int8 recognizer twins pass the whitespace-free gate but merge English words or split decimals
  // on real pages, which a user who parses receipts or searches text would meet, for a modest speed-up
  // (docs/decisions/int8-precision.md). --precision int8 (or rec=int8 in eval) runs the twins.
  precision: 'fp32',
  // One line per model run: with one intra-op thread a batched run is no faster per line, padding a batch to
  // its widest line costs more, and it read real pages worse.
  recBatchSize: 1,
  // Short lines are padded on the right to the model's nominal 320 px, as PaddleOCR does. Narrower padding is
  // cheaper (the recognizer's cost grows with width) but splits English words, so it stays a knob.
  recMinWidth: 320,
  // CTC decoding weighs the space class against the blank (ctc-decode.ts: only blank frames become spaces,
  // and only between letters or digits), because English word gaps in small print are often the blank's by a
  // little (`OctaviaHill`). 2 is the largest weight that added no space its tuning labels lack; higher splits
  // words (`Nanc hangxi`, engine.test.ts).
  recSpaceWeight: 2,
  // A digit read inside a lower-case word turns into the letter the model had as its runner-up, and a letter
  // between digits into the digit (reading-fixes.ts fixLetterDigit: `To11` → `Toll`, `22o7` → `2207`), when
  // that runner-up had at least this probability.
  recLetterDigitMinP: 0.01,
  // A printed `×` read as `x` or `X` between two digits of a line with `=` after it turns into `×` when the
  // model gave the sign at least this probability (reading-fixes.ts fixTimesSign: `2.8X10=` → `2.8×10=`): the
  // lowest threshold that turned no true letter in the tuning study.
  recTimesSignMinP: 0.2,
  // A line read below this confidence is read again from a bilinear resize and the more confident reading kept,
  // unless it holds fewer spaces (recognize.ts). Bilinear, the resize PaddleOCR trains with, reads Chinese
  // better but drops English word gaps, so it is a second look, not the first. In line mode every such line
  // gets it (it costs little there); on pages only lines read with a Han character (`han`): every doubted
  // page line cost ~10% CPU a page and lost English words for little gain.
  recRereadBelow: 0.9,
  recRereadPages: 'han',
  // 1280 rather than PaddleOCR's 960: wide images with small print lost whole lines at 960.
  limitType: 'max',
  limitSideLen: 1280,
  maxSideLen: 2000,
  maxPixels: 40_000_000,
  maxBytes: 20 * 1024 * 1024,
  // Work budget per request (work-budget.ts); why these values: docs/guides/server-limits.md.
  maxDetPixels: 8_000_000,
  maxRecFrames: 16_000,
  maxLineFrames: 1_000,
  // The direction classifier is on in both modes as a hint the recognizer checks (orientation.ts), not a
  // verdict: alone it read upright lines upside down, while checked it reads turned lines and pages as well as
  // upright ones and leaves upright ones as they were.
  defaults: { mode: 'page', cls: true },
};

/**
 * Loads and verifies the models, creates one session per model, and returns the pipeline behind one call.
 * `options.profile` picks an operating point (profiles.ts); options given explicitly win over it.
 */
export async function createEngine(given: EngineOptions = {}): Promise<OcrEngine> {
  const d = ENGINE_DEFAULTS;
  const p = PROFILES[given.profile ?? 'accurate'];
  const options: EngineOptions = { ...p, ...definedOnly(given), defaults: { ...p.defaults, ...given.defaults } };
  const config: EffectiveEngineConfig = {
    threads: options.threads ?? d.threads,
    precision: options.precision ?? d.precision,
    ...(options.lineRecPrecision ? { lineRecPrecision: options.lineRecPrecision } : {}),
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
    profile: given.profile ?? 'accurate',
    defaults: { ...d.defaults, ...options.defaults },
  };
  const t0 = performance.now();
  const m = await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST, config.precision, options.manifest);
  // Every model's session goes through here, so none can miss the graph cache (its key is the model's hash).
  const sessionOf = (x: { bytes: Uint8Array; spec: { id: string }; sha256: string }) => createModelSession(x.bytes, x.spec.id, { threads: config.threads, sha256: x.sha256 });
  const [det, cls, rec] = await Promise.all([sessionOf(m.det), m.cls ? sessionOf(m.cls) : undefined, sessionOf(m.rec)]);
  // A second recognizer for line mode only when its precision's file differs from the page one's.
  const precisionOf = (p: EffectiveEngineConfig['precision'], role: 'det' | 'cls' | 'rec') => (typeof p === 'string' ? p : p[role]);
  const lineM =
    config.lineRecPrecision && config.lineRecPrecision !== precisionOf(config.precision, 'rec')
      ? await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST, { det: precisionOf(config.precision, 'det'), cls: precisionOf(config.precision, 'cls'), rec: config.lineRecPrecision }, options.manifest)
      : undefined;
  const lineRec = lineM && lineM.rec.sha256 !== m.rec.sha256 ? { session: await sessionOf(lineM.rec), model: lineM.rec, charset: lineM.charset } : undefined;
  const loadMs = Math.round(performance.now() - t0);
  const models: ModelInfo[] = [m.det, ...(m.cls ? [m.cls] : []), m.rec, ...(lineRec ? [lineRec.model] : [])].map((x) => ({ id: x.spec.id, role: x.spec.role, sha256: x.sha256, precision: x.spec.precision }));

  const recognizer = (mode: OcrMode) => {
    const r = mode === 'line' && lineRec ? lineRec : { session: rec, model: m.rec, charset: m.charset };
    const own = createRecognizer(r.session, r.model.spec, r.charset, recognizerOptions(config, mode));
    return options.wrapRecognizer ? options.wrapRecognizer(own) : own;
  };
  const lineRecognize = recognizer('line');
  const pageRecognize = config.recRereadPages === 'all' && !lineRec ? lineRecognize : recognizer('page');
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
      await Promise.all([det.release(), cls?.release(), rec.release(), lineRec?.session.release()]);
    },
  };
}

/** The keys of `o` that are set: an option passed as undefined leaves the profile's value, as it leaves the default. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
