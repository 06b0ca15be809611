/**
 * What the offline orientation studies (orientation-study.ts, page-orientation-study.ts) share: their
 * command line, the set, the engine's own stages on the default fp32 models with the engine's settings,
 * each item decoded as the engine decodes it, and the JSON they write for their rules scripts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { DEFAULT_MANIFEST, loadManifest } from '../../server/models/manifest.ts';
import { createClassifier } from '../../server/ocr/classify.ts';
import { decodeImage, type RgbImage } from '../../server/ocr/decode.ts';
import { createDetector } from '../../server/ocr/detect.ts';
import { ENGINE_DEFAULTS } from '../../server/ocr/engine.ts';
import { recognizerOptions } from '../../server/ocr/recognizer-options.ts';
import { createModelSession } from '../../server/ocr/inference-session.ts';
import { createRecognizer } from '../../server/ocr/recognize.ts';

/** Parses `--dataset <set> [--limit N] [--out file.json]` (exit 2 without a set), loads the set and the models. */
export async function startStudy(script: string, batchSize: number, mode: 'line' | 'page') {
  const { values } = parseArgs({ options: { dataset: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } } });
  if (!values.dataset) {
    console.error(`usage: npx tsx research/accuracy/${script} --dataset <set> [--limit N] [--out file.json]`);
    process.exit(2);
  }
  const ds = await loadDataset(values.dataset);
  const m = await loadManifest(DEFAULT_MANIFEST);
  const d = ENGINE_DEFAULTS;
  const [det, cls, rec] = await Promise.all([
    createModelSession(m.det.bytes, m.det.spec.id, { threads: 1 }),
    createModelSession(m.cls!.bytes, m.cls!.spec.id, { threads: 1 }),
    createModelSession(m.rec.bytes, m.rec.spec.id, { threads: 1 }),
  ]);
  return {
    ds,
    limit: values.limit ? Number(values.limit) : undefined,
    detect: createDetector(det, m.det.spec, { limitType: d.limitType, limitSideLen: d.limitSideLen, maxSideLen: d.maxSideLen }),
    classify: createClassifier(cls, m.cls!.spec, batchSize),
    recognize: createRecognizer(rec, m.rec.spec, m.charset, recognizerOptions(d, mode, batchSize)),
    decode: async (item: DatasetItem): Promise<RgbImage> =>
      decodeImage(await readFile(path.join(ds.dir, item.file)), { maxPixels: d.maxPixels, maxBytes: d.maxBytes }),
    /** Releases the models and writes `{ dataset, hash, items }` to --out or reports/<prefix>-<set>.json. */
    async finish(prefix: string, items: unknown[]): Promise<string> {
      await Promise.all([det.release(), cls.release(), rec.release()]);
      const out = values.out ?? path.join('reports', `${prefix}-${ds.name}.json`);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, JSON.stringify({ dataset: ds.name, hash: ds.hash, items }));
      return out;
    },
  };
}
