import { DEFAULT_MANIFEST, loadManifest } from '../../models/manifest.ts';
import { createClassifier } from './classify.ts';
import { createDetector } from './detect.ts';
import type { EffectiveEngineConfig, EngineOptions, OcrEngine } from './engine-api.ts';
import { createModelSession } from './inference-session.ts';
import { runPipeline } from './pipeline.ts';
import { createRecognizer } from './recognize.ts';
import type { ModelInfo, RecognizeOptions } from './types.ts';

export type { EngineOptions, OcrEngine } from './engine-api.ts';

export const ENGINE_DEFAULTS: EffectiveEngineConfig = {
  threads: 1,
  recBatchSize: 8,
  limitSideLen: 960,
  maxPixels: 40_000_000,
  maxBytes: 20 * 1024 * 1024,
  defaults: { mode: 'page', cls: false },
};

/** Loads and verifies the models, creates one session per model, and returns the pipeline behind one call. */
export async function createEngine(options: EngineOptions = {}): Promise<OcrEngine> {
  const d = ENGINE_DEFAULTS;
  const config: EffectiveEngineConfig = {
    threads: options.threads ?? d.threads,
    recBatchSize: options.recBatchSize ?? d.recBatchSize,
    limitSideLen: options.limitSideLen ?? d.limitSideLen,
    maxPixels: options.maxPixels ?? d.maxPixels,
    maxBytes: options.maxBytes ?? d.maxBytes,
    defaults: { ...d.defaults, ...options.defaults },
  };
  const t0 = performance.now();
  const m = await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST);
  const so = { threads: config.threads };
  const [det, cls, rec] = await Promise.all([
    createModelSession(m.det.bytes, m.det.spec.id, so),
    m.cls ? createModelSession(m.cls.bytes, m.cls.spec.id, so) : undefined,
    createModelSession(m.rec.bytes, m.rec.spec.id, so),
  ]);
  const loadMs = Math.round(performance.now() - t0);
  const models: ModelInfo[] = [m.det, ...(m.cls ? [m.cls] : []), m.rec].map((x) => ({ id: x.spec.id, role: x.spec.role, sha256: x.sha256 }));

  const ownRecognizer = createRecognizer(rec, m.rec.spec, m.charset, config.recBatchSize);
  const stages = {
    limits: { maxPixels: config.maxPixels, maxBytes: config.maxBytes },
    detect: createDetector(det, m.det.spec, { limitSideLen: config.limitSideLen }),
    classify: cls && m.cls ? createClassifier(cls, m.cls.spec, config.recBatchSize) : undefined,
    recognize: options.wrapRecognizer ? options.wrapRecognizer(ownRecognizer) : ownRecognizer,
    models,
  };

  return {
    models,
    config,
    loadMs,
    recognize: (image: Uint8Array, o: RecognizeOptions = {}) =>
      runPipeline(image, { ...config.defaults, ...definedOnly(o), preprocess: o.preprocess ?? config.defaults.preprocess }, stages),
    async close() {
      await Promise.all([det.release(), cls?.release(), rec.release()]);
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
