/**
 * Calibration inputs: synthetic pages and lines from the dataset generator with a seed of their own
 * (never an evaluation set), read by the engine's own stages so every model sees exactly the tensors it
 * sees in service (detector pages at the engine's side limit, classifier and recognizer crops cut from
 * detected boxes, and whole lines in line mode). Each model session is wrapped to record its inputs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDataset } from '../../datasets/lib/load.ts';
import { datasetsRoot } from '../../datasets/lib/paths.ts';
import { generateSet } from '../../datasets/generate/generate-set.ts';
import { sets } from '../../datasets/generate/sets.ts';
import { createClassifier } from '../../server/ocr/classify.ts';
import { createDetector } from '../../server/ocr/detect.ts';
import { ENGINE_DEFAULTS } from '../../server/ocr/engine.ts';
import { recognizerOptions } from '../../server/ocr/recognizer-options.ts';
import { createModelSession, type ModelSession, type Tensor } from '../../server/ocr/inference-session.ts';
import { runPipeline } from '../../server/ocr/pipeline.ts';
import { createRecognizer } from '../../server/ocr/recognize.ts';
import { loadManifest } from '../../server/models/manifest.ts';

/** Distinct from every evaluation seed (mixed-500 / lines-500: 500, synth-*: 1, gate sets: see README). */
export const CALIBRATION_SEED = 20261101;

export interface CalibrationInputs {
  det: Tensor[];
  cls: Tensor[];
  rec: Tensor[];
}

function recording(session: ModelSession, into: Tensor[]): ModelSession {
  return {
    ...session,
    run(input) {
      into.push({ data: input.data.slice(), dims: [...input.dims] });
      return session.run(input);
    },
  };
}

/** Every k-th element so that at most `n` remain, spread over the whole set (deterministic). */
export function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);
}

/** Pages of the digit-heavy categories only (train tickets, invoices, receipts: numbers, codes, Latin in Chinese). */
export const digitPages = { ...sets['synth-pages'], name: 'digit-pages', mix: { ticket: 1, invoice: 1, receipt: 1 } };

export async function generateCalibrationSets(pages: number, lines: number, seed = CALIBRATION_SEED) {
  const root = path.join(datasetsRoot, '.cache');
  const pageDir = await generateSet(sets['synth-pages'], { seed, limit: pages, dir: path.join(root, `calib-pages-${seed}`) });
  const lineDir = await generateSet(sets['synth-lines'], { seed, limit: lines, dir: path.join(root, `calib-lines-${seed}`) });
  return { pageDir, lineDir };
}

export const generateDigitPages = (pages: number, seed = CALIBRATION_SEED) =>
  generateSet(digitPages, { seed, limit: pages, dir: path.join(datasetsRoot, '.cache', `calib-digit-pages-${seed}`) });

/** Reads every item of the given sets (each in its own mode) and returns what each model was fed. */
export async function recordCalibrationInputs(dirs: string[], manifestPath?: string): Promise<CalibrationInputs> {
  const m = await loadManifest(manifestPath);
  const got: CalibrationInputs = { det: [], cls: [], rec: [] };
  const so = { threads: 1 };
  const det = await createModelSession(m.det.bytes, m.det.spec.id, so);
  const rec = await createModelSession(m.rec.bytes, m.rec.spec.id, so);
  const cls = m.cls ? await createModelSession(m.cls.bytes, m.cls.spec.id, so) : undefined;
  const d = ENGINE_DEFAULTS;
  const stages = {
    limits: { maxPixels: d.maxPixels, maxBytes: d.maxBytes },
    detect: createDetector(recording(det, got.det), m.det.spec, { limitType: d.limitType, limitSideLen: d.limitSideLen, maxSideLen: d.maxSideLen }),
    classify: cls && m.cls ? createClassifier(recording(cls, got.cls), m.cls.spec, 1) : undefined,
    recognize: createRecognizer(recording(rec, got.rec), m.rec.spec, m.charset, recognizerOptions(d, 'line', 1)),
    models: [],
  };
  try {
    for (const dir of dirs) {
      const set = await loadDataset(dir);
      for (const item of set.items) {
        await runPipeline(await readFile(path.join(set.dir, item.file)), { mode: item.kind, cls: true }, stages);
      }
    }
  } finally {
    await Promise.all([det.release(), rec.release(), cls?.release()]);
  }
  return got;
}
